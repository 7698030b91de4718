"""Public workshop pages, cached in Redis and thrown away whenever organisers change anything.

Every cached value's key carries one version token; any save of the data public pages show
(see signals.py) replaces the token after the transaction commits, so the next request builds
afresh. Replacing the token, not deleting keys, means no list of keys to keep right, and a
reader can never cache data from before the commit under the new token.
"""

import uuid

from django.core.cache import cache
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
