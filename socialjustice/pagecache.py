"""The public page cache: pages built once, kept in Redis, thrown away when their data changes.

Pages belong to named groups ("workshops", "home", …). Each group has a version token, and every
cached value is kept with the tokens of the groups it was built from, read back in the same round
trip to Redis as the current tokens and served only if they still match. Each app says which of
its models a group shows (`invalidated_by`): any save or delete of one, and any change to a
registered many-to-many relation, replaces the group's token after the transaction commits, so
the next request builds afresh. Replacing tokens, not deleting keys, means no list of keys to
keep right, and a reader can never cache data from before the commit under the new token. Writes
that bypass the model signals (`.update()`, `bulk_update`) call `invalidate_on_commit` themselves.

Within a request, the tokens are read once: the first lookup reads every page group's token
(and its own groups', and those of the page the view says it shows) in its round trip, and
later lookups of the request use them; a visitor's whole response, all its request looks up
when it is found, reads only its own. A value that cannot be changed by whoever is given it
(text, bytes, numbers, dates and tuples of them, or a dict of them, kept and handed out as
copies) is also kept in the process, with its tokens and its expiry, and served from there
while the request's tokens still match, so a page made of several cached blocks costs one
round trip to Redis, not one a block. Outside a request (a task, a command) every lookup
reads its tokens afresh.
"""

import logging
import threading
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone

from . import processcache
from .models import PendingInvalidation
from .tasking import after_commit

logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60 * 6
# Lists sort things by the clock (upcoming becomes past): rebuilt this often even with no edits.
LIST_TIMEOUT = 5 * 60
# Whole responses, for visitors who are not signed in. Kept briefly: the page bodies carry
# the long-lived work; this only spares rendering the layout around them, which is most of
# what a cached page still costs.
RESPONSE_TIMEOUT = 60
# How often a request waiting for another to build a value asks the cache for it.
POLL_SECONDS = 0.02


def _version_key(group: str) -> str:
    return f"pages:{group}:version"


def _token_of(group: str, found: dict) -> str:
    """The group's token from what a `get_many` found; a group without one gets one."""
    key = _version_key(group)
    token = found.get(key)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(key, token, timeout=None):
            token = cache.get(key, token)
    return token


# The tokens read in this thread's current request (absent outside a request).
_request = threading.local()


def _request_started(**kwargs) -> None:
    _request.tokens = {}
    _request.expected = set()


def _request_finished(**kwargs) -> None:
    _request.__dict__.pop("tokens", None)
    _request.__dict__.pop("expected", None)


def expect_view(view, args, kwargs) -> None:
    """Before a view runs (a middleware's `process_view`): the groups of the page it serves
    from the cache (`public_response`'s) are read in the request's first round trip, though
    no model registers them (one workshop's places)."""
    groups_of = getattr(view, "page_groups", None)
    expected = getattr(_request, "expected", None)
    if groups_of is not None and expected is not None:
        expected.update(groups_of(*args, **kwargs))


request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")


def _store(key: str, tokens: str, value, timeout: int) -> None:
    """Keep a value built under these tokens, in Redis and in this process, with the moment
    it expires (so another process keeping it too keeps it no longer); a large one with its
    tokens beside it too (`_lookup`), in one transaction."""
    expires = time.time() + timeout
    stored = (tokens, value, expires)
    # Kept here first, which tells whether it is large (its size worked out once).
    if processcache.keep(key, tokens, value, expires):
        cache.set_many({key: stored, f"{key}:tokens": tokens}, timeout=timeout)
    else:
        cache.set(key, stored, timeout=timeout)


def _valid(kept, tokens: str, key: str):
    """The value of what Redis kept under `key`, if built under these tokens (else None)."""
    if not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != tokens:
        return None
    processcache.keep(key, tokens, kept[1], kept[2])
    return kept[1]


def _lookup(groups, key: str, *, every_group: bool = True):
    """What is kept under `key` if it was built from the groups' current tokens (else None),
    and those tokens. Outside a request, both in one round trip to Redis, which reads them at
    one moment; in a request, the tokens as the request first read them, and the value from
    this process when it holds it under those tokens.

    Holding a large value under `key` (the feed), the process asks for the tokens kept beside
    it instead: its copy is served if current, and the one in Redis, built by another process,
    read (a second round trip) only if that one is. An old one is never read."""
    groups = tuple(groups)
    known = getattr(_request, "tokens", None)
    if known is None:  # outside a request: these groups' tokens, read now
        known, every_group = {}, False
    missing = [group for group in groups if group not in known]
    # The request's first lookup reads every page group's token with its own (unless it is a
    # whole response's, which is all its request looks up when found).
    first = missing and not known and every_group
    read = set(missing) | PAGE_GROUPS | getattr(_request, "expected", set()) if first else missing
    if not missing:
        tokens = ".".join(known[group] for group in groups) or "-"
        value = processcache.kept(key, tokens)
        if value is not None:
            return value, tokens
    large = processcache.holds_large(key)
    asked = f"{key}:tokens" if large else key
    found = cache.get_many([asked, *(_version_key(group) for group in read)])
    for group in read:
        if _version_key(group) in found:
            known[group] = found[_version_key(group)]
    for group in missing:
        if group not in known:
            known[group] = _token_of(group, found)
    tokens = ".".join(known[group] for group in groups) or "-"
    if large:
        value = processcache.kept(key, tokens)
        if value is not None or found.get(asked) != tokens:
            return value, tokens
        found = cache.get_many([key])
    return _valid(found.get(key), tokens, key), tokens


def invalidate(*groups: str) -> bool:
    """Give these groups new tokens; False (and a retry noted) if Redis could not be reached.

    The cache ignores connection errors but names the keys it could not store
    (`socialjustice/cache.py`): when the new tokens were not stored, the groups are noted in
    the database, and beat tries them again until they are. One round trip to Redis.
    """
    known = getattr(_request, "tokens", None)
    for group in groups if known is not None else ():
        known.pop(group, None)  # read again by the request's next lookup
    tokens = {_version_key(group): uuid.uuid4().hex for group in groups}
    if not cache.set_many(tokens, timeout=None):
        return True
    logger.warning("Could not invalidate the cached %s pages: will try again.", ", ".join(groups))
    for group in groups:
        PendingInvalidation.objects.get_or_create(group=group)
    return False


def retry_invalidations() -> list[str]:
    """Invalidate the groups whose invalidation failed; returns those now done."""
    pending = list(PendingInvalidation.objects.values_list("group", flat=True))
    if not pending or not invalidate(*pending):
        return []
    PendingInvalidation.objects.filter(group__in=pending).delete()
    return pending


def invalidate_on_commit(*groups: str) -> None:
    after_commit(lambda: invalidate(*groups))


# The groups each model's changes invalidate (by the model's label), for writes that bypass
# the model signals.
GROUPS_OF: dict[str, set[str]] = {}
# Every group named there: a request's first lookup reads all their tokens.
PAGE_GROUPS: set[str] = set()


def invalidated_by(model, *groups: str, m2m=()) -> None:
    """Any saved change to `model` (and to the many-to-many fields named in `m2m`) makes
    these groups' pages be built afresh. Receivers on the models rather than calls in each
    service: an edit in the admin, or by any later feature, empties the cache just the same."""

    def receiver(**kwargs):
        invalidate_on_commit(*groups)

    uid = f"pagecache:{model._meta.label}:{','.join(groups)}"
    _watch(model, groups, receiver, uid)
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(receiver, sender=through, weak=False, dispatch_uid=f"{uid}:{name}")


def _watch(model, groups, receiver, uid: str) -> None:
    """Call `receiver` on each save or delete of a `model` row; the groups are those its
    writes that bypass the signals invalidate (`invalidate_models_on_commit`)."""
    GROUPS_OF.setdefault(model._meta.label, set()).update(groups)
    PAGE_GROUPS.update(groups)
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def invalidated_by_rows(model, group_of, *, otherwise: str) -> None:
    """A saved change to a row of `model` makes the pages of `group_of(row)` alone be built
    afresh (the group of the person the row belongs to, say, or None for no page); a write
    that bypasses the signals, which cannot say whose rows it changed, makes every such page
    be (`otherwise`, a group those pages are also built from)."""

    def receiver(instance, **kwargs):
        group = group_of(instance)
        if group is not None:
            invalidate_on_commit(group)

    _watch(model, (otherwise,), receiver, f"pagecache:{model._meta.label}:rows:{otherwise}")


def invalidate_models_on_commit(*models) -> None:
    """What saving rows of these models would have invalidated, for a write that bypasses
    the signals (`bulk_create`, `bulk_update`, `.update()`): every app's groups that show
    them, without the writer having to know which apps those are."""
    groups = sorted({group for model in models for group in GROUPS_OF.get(model._meta.label, ())})
    if groups:
        invalidate_on_commit(*groups)


def _key(groups, name: str, *parts) -> str:
    # The groups are part of the key: two apps naming their blocks alike ("home-block") keep
    # one value each, instead of each overwriting the other's and both missing every time.
    # Joined to the name by "/", so no key can be a group's version key (pages:<group>:version).
    return ":".join(["pages", f"{'+'.join(groups)}/{name}", *map(str, parts)])


def cached(groups, name: str, *parts, build, timeout: int = TIMEOUT, every_group: bool = True):
    """The cached value for this page and these parts, built (and kept) on a miss.

    A page that changes with the clock (registration opens, the workshop starts or ends)
    returns a dict with `expires_at`, and is kept no longer than that. `every_group` False:
    all its request looks up, as a visitor's whole page is (`_lookup`).
    """
    groups = tuple(groups)
    key = _key(groups, name, *parts)
    value, tokens = _lookup(groups, key, every_group=every_group)
    if value is None:
        value = build()
        expires_at = value.get("expires_at") if isinstance(value, dict) else None
        if expires_at is not None:
            timeout = max(1, min(timeout, int((expires_at - timezone.now()).total_seconds())))
        # Kept with the tokens it was built under: a reader compares them with the current
        # ones, so a value built from data older than an invalidation is never served.
        _store(key, tokens, value, timeout)
    return value


class _Busy(Exception):
    """Another request is building the value."""


def building_lock(groups, name: str, *parts) -> str:
    """The key of the lock that the one request building this value holds (`cached_alone`)."""
    return f"{_key(groups, name, *parts)}:building"


def _built_alone(lock: str, build, lock_seconds: int):
    """What `build` makes, if no other request is building it (else _Busy)."""
    holder = uuid.uuid4().hex
    if not cache.add(lock, holder, timeout=lock_seconds):
        raise _Busy
    try:
        return build()
    finally:
        if cache.get(lock) == holder:
            cache.delete(lock)


def cached_alone(
    groups, name: str, *parts, build, timeout: int = TIMEOUT, wait_seconds: float, lock_seconds=30
):
    """`cached`, for a value that takes long to build (a large file, a laid-out picture): on
    a miss it is built by one request at a time, holding a lock taken with the cache's `add`
    (`lock_seconds` at most, so a crashed builder lets the next request build). The others
    ask the cache again every POLL_SECONDS for what it built, and after `wait_seconds` build
    it themselves. None is ever given a value older than the last invalidation. With the
    cache unreachable `add` answers True, and everyone builds it, as every page is built."""
    lock = building_lock(groups, name, *parts)
    deadline = time.monotonic() + wait_seconds

    def build_alone():
        return _built_alone(lock, build, lock_seconds)

    while True:
        try:
            return cached(groups, name, *parts, build=build_alone, timeout=timeout)
        except _Busy:
            if time.monotonic() > deadline:
                break
            time.sleep(POLL_SECONDS)
    return cached(groups, name, *parts, build=build, timeout=timeout)


def is_anonymous_visit(request) -> bool:
    # No session cookie: nobody is signed in and no message waits to be shown, so the page is
    # the same for everyone who asks.
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and ("messages" not in request.COOKIES)
    )


def page_number(value: str) -> bool:
    """A page of a list: 1 to 10,000."""
    return value.isdigit() and 1 <= int(value) <= 10_000


def kept_params(request, allowed: dict) -> QueryDict:
    """The request's parameters that a page uses, each checked (`allowed` maps a name to a
    test of its value); everything else is dropped. Cache keys and the page's own links are
    built from this, so they always agree and a made-up parameter adds no cache entry."""
    kept = QueryDict(mutable=True)
    for name, valid in allowed.items():
        value = request.GET.get(name, "")
        if value and valid(value):
            kept[name] = value
    return kept


def public_response(name: str, *, groups, params=None):
    """Serve a view's whole response from the cache to anonymous visitors, keyed by the
    page's address and its checked parameters: `params` is a dict as for `kept_params`, or a
    function of the request giving them (for a page with parameters given several times).

    `groups` may be a function of the view's arguments giving them, for a page with a group
    of its own (one workshop's places).

    Only for pages with no form that posts: a cached page cannot carry each visitor's own CSRF
    token.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_anonymous_visit(request):
                return view(request, *args, **kwargs)
            kept = params(request) if callable(params) else kept_params(request, params or {})
            address = request.path + (f"?{kept.urlencode()}" if kept else "")
            built_from = groups(*args, **kwargs) if callable(groups) else groups
            key = ":".join(["pages", "response", name, address])
            stored, tokens = _lookup(built_from, key, every_group=False)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content)
                for header, value in headers:
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                _store(key, tokens, (response.content, tuple(response.items())), RESPONSE_TIMEOUT)
            return response

        wrapped.page_groups = groups if callable(groups) else lambda *args, **kwargs: groups
        return wrapped

    return decorator
