"""Public workshop pages, cached in Redis and thrown away whenever organisers change anything.

Every cached value's key carries one version token; any save of the data public pages show
(see signals.py) replaces the token after the transaction commits, so the next request builds
afresh. Replacing the token, not deleting keys, means no list of keys to keep right, and a
reader can never cache data from before the commit under the new token.
"""

import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "workshops:public-version"
TIMEOUT = 60 * 60 * 6
# Lists sort workshops into upcoming and past: rebuilt this often even with no edits.
LIST_TIMEOUT = 5 * 60


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def invalidate_public_pages() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cached(name: str, *parts, build, timeout: int = TIMEOUT):
    """The cached value for this page and these parts, built (and kept) on a miss.

    A page that changes with the clock (registration opens, the workshop starts or ends)
    returns a dict with `expires_at`, and is kept no longer than that.
    """
    key = ":".join(["workshops", current_version(), name, *map(str, parts)])
    value = cache.get(key)
    if value is None:
        value = build()
        expires_at = value.get("expires_at") if isinstance(value, dict) else None
        if expires_at is not None:
            timeout = max(1, min(timeout, int((expires_at - timezone.now()).total_seconds())))
        cache.set(key, value, timeout=timeout)
    return value


# Whole responses, for visitors who are not signed in. Kept briefly: the page bodies above
# carry the long-lived work; this only spares rendering the layout around them, which is most
# of what a cached page still costs.
RESPONSE_TIMEOUT = 60


def _is_anonymous_visit(request) -> bool:
    # No session cookie: nobody is signed in and no message waits to be shown, so the page is
    # the same for everyone who asks.
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and ("messages" not in request.COOKIES)
    )


def public_response(name: str):
    """Serve a view's whole response from the cache to anonymous visitors.

    Only for pages with no form that posts: a cached page cannot carry each visitor's own CSRF
    token.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _is_anonymous_visit(request):
                return view(request, *args, **kwargs)
            key = ":".join(
                ["workshops", current_version(), "response", name, request.get_full_path()]
            )
            kept = cache.get(key)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for header, value in headers:
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, list(response.items())), RESPONSE_TIMEOUT)
            return response

        return wrapped

    return decorator
