"""Answers for when the portal cannot do what was asked just now: 503 with `Retry-After`.

Rendered without the request's context (no session, no user): the page must show even when
what is missing is the database.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

from .errors import Busy
from .locking import is_lock_timeout


def unavailable_response(*, reason: str, retry_after: int) -> HttpResponse:
    response = HttpResponse(
        render_to_string("503.html", {"reason": reason}), status=503, content_type="text/html"
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class UnavailableMiddleware:
    """A lock that could not be had in time (someone else is changing the same workshop)
    becomes the "busy, please try again" page, whichever view it happened in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Busy) or is_lock_timeout(exception):
            return unavailable_response(
                reason="Someone else is changing the same thing at this moment.",
                retry_after=Busy.retry_after,
            )
        return None
