"""Cached pages kept in the web process as well as in Redis (socialjustice.pagecache).

Only values nobody can change in place (text, bytes, numbers, dates and tuples of them; a
dict of them is kept and handed out as copies), only small ones, up to a total per process;
the least recently used go first. Each is kept with the version tokens it was built under
and the moment it expires, so it is served no longer than the one in Redis would be.
"""

import threading
import time
import uuid
from collections import OrderedDict
from datetime import date, datetime, timedelta
from decimal import Decimal

# Big enough for the calendar feed of 2,000 upcoming workshops (1 MB for 1,000). Read from
# Redis on every request, the feed of 1,000 took 2.1x the time of the feed of 100 (growth
# part of `make bench`); kept here too, 1.5x to 1.9x, the rest being the bytes written.
MAX_SIZE = 2 * 1024 * 1024
MAX_TOTAL = 32 * 1024 * 1024
# A value this large, kept here, is read from Redis again only once the tokens kept beside it
# there say that it is current (socialjustice.pagecache): after an edit, the 1 MB feed this
# process holds was read back from Redis, 1 ms, only to be found out of date and built again,
# and a visitor's cached `/recommendations/` (145 KB) took 0.64 ms in-process, reading it
# from Redis every time, and takes 0.49 ms; `/research-agenda/` (43 KB) 0.57 and 0.48 ms.
LARGE = 16 * 1024
# By key: (tokens, value, size, monotonic expiry).
_kept: OrderedDict[str, tuple[str, object, int, float]] = OrderedDict()
_total = 0
_lock = threading.Lock()
_FROZEN = (str, bytes, int, float, bool, type(None), date, datetime, timedelta, Decimal, uuid.UUID)


def _size(value) -> int | None:
    """The size of a value that cannot be changed in place (None for any other)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, _FROZEN):
        return 8
    if isinstance(value, dict):
        # Kept and handed out as copies, so no caller can change the one kept.
        if not all(isinstance(name, str) for name in value):
            return None
        return _size(tuple(value.values()))
    if isinstance(value, tuple):
        total = 0
        for item in value:
            size = _size(item)
            if size is None:
                return None
            total += size
        return total
    return None


def holds_large(key: str) -> bool:
    """Whether this process holds a LARGE value under `key`, whatever its tokens."""
    with _lock:
        entry = _kept.get(key)
    return entry is not None and entry[2] >= LARGE


def keep(key: str, tokens: str, value, expires: float) -> bool:
    """Keep `value` in this process until `expires` (time.time()), if it is small and cannot
    be changed in place; True if it is kept and LARGE or more."""
    global _total
    size = _size(value)
    left = expires - time.time()
    if size is None or size > MAX_SIZE or left <= 0:
        return False
    with _lock:
        old = _kept.pop(key, None)
        if old is not None:
            _total -= old[2]
        _kept[key] = (
            tokens,
            dict(value) if isinstance(value, dict) else value,
            size,
            time.monotonic() + left,
        )
        _total += size
        while _total > MAX_TOTAL:
            _total -= _kept.popitem(last=False)[1][2]
    return size >= LARGE


def kept(key: str, tokens: str):
    """The value kept under `key` if it was built under these tokens and has not expired."""
    with _lock:
        entry = _kept.get(key)
        if entry is None or entry[0] != tokens or entry[3] <= time.monotonic():
            return None
        _kept.move_to_end(key)
        return dict(entry[1]) if isinstance(entry[1], dict) else entry[1]
