"""The calendar feed of every upcoming workshop (/workshops/calendar.ics), kept in the cache.

A feed of 1,000 workshops is 1 MB, and serialising it with icalendar took half a second,
98% of it in the serialisation, every time any workshop changed. So:

- each workshop's VEVENT is serialised once per version of the workshop (its `updated_at`,
  address and partnership's name) and kept, in Redis and in the process: after an edit of a
  workshop only its event is written again (and read by the other processes), and the feed
  is the others joined. An edit of anything else (a material, a programme, a network) does
  not rebuild it at all: the feed is kept in a page group of its own
  (`pages.CALENDAR_FEED`), which only workshops and partnerships empty;
- the feed is rebuilt by one request at a time (`pagecache.cached_alone`); others that want
  it meanwhile wait briefly for that one to finish, and build it themselves only if it takes
  longer than WAIT_SECONDS. None is ever given a feed older than the last edit. With the
  cache unreachable everyone builds it, as every page is built then.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from socialjustice.pagecache import LIST_TIMEOUT, building_lock, cached_alone

from . import calendar
from .emails import workshop_url
from .pages import CALENDAR_FEED
from .selectors.workshops import calendar_workshops

# Each upcoming workshop's event, under its id, with the version it was written from and its
# days (as day numbers, `date.toordinal()`: a thousand dates took 5 ms of the 7 ms of
# pickling the events for Redis, numbers 0.1 ms); written when its version is new.
EVENT_KEY_PREFIX = "calendar-events"
# Kept in Redis while workshops are upcoming: an event of a past version is written over.
EVENT_TIMEOUT = 30 * 24 * 60 * 60
# Each process also keeps the events of its last build, with the generation of the events in
# Redis they were read or written under: after an edit, a rebuild reads from Redis only the
# events this process does not hold at their current version, not the 1 MB of them all.
GENERATION_KEY = f"{EVENT_KEY_PREFIX}:generation"
_process_copy: tuple[str | None, dict] = (None, {})
# Change when calendar.workshop_event writes something else: every event is then new.
EVENT_FORMAT = "2"
GROUPS = (CALENDAR_FEED,)
FEED_NAME = "ics-upcoming"
BUILD_LOCK = building_lock(GROUPS, FEED_NAME)
# The longest a rebuild may hold the lock (a crashed one lets the next request rebuild).
BUILD_LOCK_SECONDS = 30
WAIT_SECONDS = 3.0


def _version():
    """The version of what a workshop's event is written from: its own fields, which every
    save changes with `updated_at` (the services save it with every change), its address and
    its partnership's name."""
    return Concat(
        Value(EVENT_FORMAT + "|"),
        Cast("updated_at", CharField()),
        Value("|"),
        "slug",
        Value("|"),
        Coalesce("partnership__name", Value("")),
        output_field=CharField(),
    )


def _rows(query) -> list[tuple]:
    """The rows of a values_list query, read with a plain cursor: for the thousand versions
    of a large feed, the ORM's handling of each row cost as much as the query itself."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _event_key(pk: int) -> str:
    return f"{EVENT_KEY_PREFIX}:{pk}"


def _kept_events(versions: dict) -> tuple[str, dict]:
    """The events whose version (`versions`, by workshop id) is current, by workshop id:
    from this process's copy where it has them, else from Redis (one round trip, with the
    copies' generation), and the generation they belong to. When Redis has lost the
    generation (emptied, restarted, unreachable) no copy is trusted and every event is read
    or written again."""
    generation, events = _process_copy
    current = {}
    for pk, version in versions.items():
        event = events.get(pk)
        if event is not None and event[0] == version:
            current[pk] = event
    stale = [pk for pk in versions if pk not in current]
    found = cache.get_many([GENERATION_KEY, *map(_event_key, stale)])
    current_generation = found.pop(GENERATION_KEY, None)
    if current_generation is None or current_generation != generation:
        current, stale = {}, list(versions)
        if current_generation is None:
            current_generation = uuid.uuid4().hex
            cache.add(GENERATION_KEY, current_generation, timeout=None)
        else:
            found = cache.get_many(list(map(_event_key, stale)))
    for pk in stale:
        event = found.get(_event_key(pk))
        if isinstance(event, tuple) and len(event) == 3 and event[0] == versions[pk]:
            current[pk] = event
    return current_generation, current


def public_events(workshops) -> tuple[list[bytes], list]:
    """The public VEVENTs (never with the joining link) of `workshops` (a queryset, in
    order), serialised, and the first and last days they fall on.

    Their versions are read (one query), the events kept are used where their version is
    current, and only the other workshops are loaded and their events written (one query
    more, when there are any) and kept."""
    global _process_copy
    rows = _rows(workshops.annotate(version=_version()).values_list("pk", "version"))
    versions = dict(rows)
    generation, current = _kept_events(versions)
    missing = [pk for pk, _version in rows if pk not in current]
    if missing:
        written = {}
        for workshop in workshops.filter(pk__in=missing):
            # None for dates that cannot be written: left out (and logged once a version).
            event = calendar.event_ical(workshop, url=workshop_url(workshop))
            days = calendar.event_days(workshop) if event is not None else ()
            days = tuple(day.toordinal() for day in days)
            current[workshop.pk] = (versions[workshop.pk], event, days)
            written[_event_key(workshop.pk)] = current[workshop.pk]
        cache.set_many(written, timeout=EVENT_TIMEOUT)
    # Replaced whole, never changed in place: a thread reading the old copy keeps it intact.
    _process_copy = (generation, current)
    chosen = [current[pk] for pk, _version in rows if pk in current and current[pk][1]]
    events = [event for _version, event, _days in chosen]
    # Each event's days are its first and last; the events are in order of their start.
    days = (
        [date.fromordinal(chosen[0][2][0]), date.fromordinal(max(e[2][-1] for e in chosen))]
        if chosen
        else []
    )
    return events, days


def build_upcoming() -> bytes:
    events, days = public_events(calendar_workshops())
    name = _("%(portal)s workshops") % {"portal": settings.PORTAL_NAME}
    return calendar.calendar_document(events, days=days, name=name)


def upcoming_feed() -> bytes:
    """The feed, from the page cache; on a miss, built by one request at a time."""
    return cached_alone(
        GROUPS,
        FEED_NAME,
        build=build_upcoming,
        timeout=LIST_TIMEOUT,
        wait_seconds=WAIT_SECONDS,
        lock_seconds=BUILD_LOCK_SECONDS,
    )
