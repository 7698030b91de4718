"""What every request gets, whichever view answers it.

- `unavailable_response` / `server_error`: the portal cannot do what was asked just now. A lock
  someone else holds for too long, or the database not answering, is the "busy, please try
  again" page, 503 with `Retry-After`, never a 500. Rendered without the request's context (no
  session, no user): the page must show even when what is missing is the database.
- `RequestSafetyMiddleware`: a NUL byte in the address or the query string is refused with a
  400 (it can never be a real slug, token or search, and Postgres cannot store it); a
  service's refusal no view caught (a double click on a button, say) becomes a message on the
  page, never an error page; pages for someone with a session (signed in, or with messages
  waiting) are never kept by a browser or proxy cache, since they carry personal data.
"""

import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.defaults import server_error as django_server_error

from .errors import Busy, PortalError
from .locking import is_lock_timeout

logger = logging.getLogger(__name__)

RETRY_AFTER = 30
NUL_REASON = (
    "The address has a character in it that the portal cannot use (a NUL byte). "
    "Please check the link or what you typed, and try again."
)


def unavailable_response(*, reason: str, retry_after: int) -> HttpResponse:
    response = HttpResponse(
        render_to_string("503.html", {"reason": reason}), status=503, content_type="text/html"
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _unavailable_for(exception) -> HttpResponse | None:
    if isinstance(exception, Busy) or is_lock_timeout(exception):
        return unavailable_response(
            reason="Someone else is changing the same thing at this moment.",
            retry_after=Busy.retry_after,
        )
    # The database unreachable or restarting (and the rarer waits it gives up on).
    if isinstance(exception, OperationalError | InterfaceError):
        return unavailable_response(
            reason="The portal cannot reach its database at the moment.",
            retry_after=RETRY_AFTER,
        )
    return None


def server_error(request, *args, **kwargs):
    """handler500: an error raised anywhere (a middleware reaching the database included)
    that is really a service being unavailable answers 503; anything else is the 500 page."""
    exception = sys.exc_info()[1]
    response = _unavailable_for(exception) if exception is not None else None
    return response or django_server_error(request, *args, **kwargs)


def _has_nul(request) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class RequestSafetyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return HttpResponseBadRequest(
                render_to_string("400.html", {"reason": NUL_REASON}), content_type="text/html"
            )
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_exception(self, request, exception):
        response = _unavailable_for(exception)
        if response is not None:
            return response
        if isinstance(exception, PortalError):
            # A view that forgot to catch a refusal: say what happened, where the person was.
            logger.warning("Uncaught refusal at %s: %s", request.path, exception)
            if request.method == "POST":
                messages.info(request, str(exception))
                return HttpResponseRedirect(request.path)
            return HttpResponse(
                render_to_string("400.html", {"reason": str(exception)}),
                status=409,
                content_type="text/html",
            )
        return None
