from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.utils.functional import SimpleLazyObject

from socialjustice.pagecache import expect_view

from .roles import permissions_for
from .signed_in import signed_in_person


class SessionPermissionsMiddleware:
    """After AuthenticationMiddleware: the signed-in person, kept in the cache
    (networks/signed_in.py), comes with the permissions their session holds
    (networks/roles.py). With a session cookie the person is asked for as soon as the view is
    known: their lookup is then the request's first in the page cache, which reads the tokens
    of every page group and of the view's own page (one workshop's places) in the same round
    trip, so the page's cached blocks need none of their own. Without one (a visitor), only
    when a view or template asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user(request))
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            expect_view(view, args, kwargs)
            request.user.is_authenticated  # noqa: B018 (read now: see above)
        return None


def _user(request):
    # The same person AuthenticationMiddleware would give, from the cache when it can.
    user = signed_in_person(request) or get_user(request)
    if user.is_authenticated and user.is_active:
        permissions_for(user, request.session)
    return user
