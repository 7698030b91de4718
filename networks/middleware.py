from django.contrib.auth.middleware import get_user
from django.utils.functional import SimpleLazyObject

from .roles import permissions_for


class SessionPermissionsMiddleware:
    """After AuthenticationMiddleware: the signed-in person comes with the permissions their
    session holds (networks/roles.py), still loaded only when a view or template asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _user(request))
        return self.get_response(request)


def _user(request):
    user = get_user(request)  # the same object AuthenticationMiddleware would give
    if user.is_authenticated and user.is_active:
        permissions_for(user, request.session)
    return user
