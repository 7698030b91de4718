from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.utils.functional import SimpleLazyObject

from .roles import permissions_for
from .signed_in import signed_in_person


class SessionPermissionsMiddleware:
    """After AuthenticationMiddleware: the signed-in person, kept in the cache
    (networks/signed_in.py), comes with the permissions their session holds
    (networks/roles.py). With a session cookie the person is asked for at once: their lookup
    is then the request's first in the page cache, which reads the tokens of every page group
    in the same round trip, so the page's cached blocks need none of their own. Without one
    (a visitor), only when a view or template asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request.user = _user(request)
        else:
            request.user = SimpleLazyObject(lambda: _user(request))
        return self.get_response(request)


def _user(request):
    # The same person AuthenticationMiddleware would give, from the cache when it can.
    user = signed_in_person(request) or get_user(request)
    if user.is_authenticated and user.is_active:
        permissions_for(user, request.session)
    return user
