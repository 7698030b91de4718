"""Documents too large to build in a request (a long contributions pack, a big report's PDF):
a worker builds them into the page cache while the person is told to come back, and can see
how far it has got.

One marker per document in the cache says a worker has it; it expires after BUILDING_TIMEOUT,
so a worker that died or a task that was lost lets the next request start it again. With the
broker or the cache unreachable, `hand_to_worker` says no and the request builds the document
itself: slow, but never lost.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

from .tasking import start_task

# How long a worker may take before another request starts the document again.
BUILDING_TIMEOUT = 5 * 60


def _key(name: str, pk) -> str:
    return f"pages:{name}:building:{pk}"


def hand_to_worker(name: str, pk, task: str) -> bool:
    """True when a worker is building document `name` of `pk` (started now, or by an earlier
    request); False when none can, so the caller builds it."""
    key = _key(name, pk)
    if not cache.add(key, {"step": 0}, timeout=BUILDING_TIMEOUT):
        return True  # an earlier request started it
    if cache.get(key) is None:
        # The cache did not answer (its `add` says yes then): a worker's document could not
        # be kept for the next request either.
        return False
    if start_task(task, pk):
        return True
    cache.delete(key)
    return False


def record_step(name: str, pk, step: int) -> None:
    """The worker's note of how far it has got (shown while the person waits)."""
    cache.set(_key(name, pk), {"step": step}, timeout=BUILDING_TIMEOUT)


def step_of(name: str, pk) -> int | None:
    """The step the worker has reached, or None when no worker has the document."""
    marker = cache.get(_key(name, pk))
    return marker["step"] if isinstance(marker, dict) else None


def finished(name: str, pk) -> None:
    cache.delete(_key(name, pk))


def waiting_page(request, template: str, context: dict, *, retry_after: int) -> HttpResponse:
    """The answer while a worker builds a document: 202, with when to try again, never kept
    by a cache."""
    response = render(request, template, {**context, "retry_after": retry_after}, status=202)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
