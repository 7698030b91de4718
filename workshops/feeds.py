"""The calendar feed of every upcoming workshop (/workshops/calendar.ics), kept in the cache.

A feed of 1,000 workshops is 1 MB, and serialising it with icalendar took half a second,
98% of it in the serialisation, every time any workshop changed. So:

- each workshop's VEVENT is serialised once per version of the workshop (its `updated_at`,
  address and partnership's name) and kept (EVENTS_KEY): after an edit of a workshop only its
  event is written again, and the feed is the others joined. An edit of anything else (a
  material, a programme, a network) does not rebuild it at all: the feed is kept in a page
  group of its own (`pages.CALENDAR_FEED`), which only workshops and partnerships empty;
- the feed is rebuilt by one request at a time (`pagecache.cached_alone`); others that want
  it meanwhile wait briefly for that one to finish, and build it themselves only if it takes
  longer than WAIT_SECONDS. None is ever given a feed older than the last edit. With the
  cache unreachable everyone builds it, as every page is built then.
"""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from socialjustice.pagecache import LIST_TIMEOUT, building_lock, cached_alone

from . import calendar
from .emails import workshop_url
from .pages import CALENDAR_FEED
from .selectors.workshops import calendar_workshops

# Every upcoming workshop's event, by id, with the version it was written from and its days
# (as day numbers, `date.toordinal()`: a thousand dates took 5 ms of the 7 ms of pickling the
# events for Redis, numbers 0.1 ms).
EVENTS_KEY = "calendar-events:upcoming"
# Kept until a rebuild writes them again; only then are events of past versions dropped.
EVENT_TIMEOUT = 30 * 24 * 60 * 60
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


def public_events(workshops) -> tuple[list[bytes], list]:
    """The public VEVENTs (never with the joining link) of `workshops` (a queryset, in
    order), serialised, and the first and last days they fall on.

    Their versions are read (one query), the events kept are used where their version is
    current, and only the other workshops are loaded and their events written (one query
    more, when there are any)."""
    rows = list(workshops.annotate(version=_version()).values_list("pk", "version"))
    kept = cache.get(EVENTS_KEY)
    kept = kept if isinstance(kept, dict) else {}
    versions = dict(rows)
    current = {pk: kept[pk] for pk, version in rows if kept.get(pk, (None,))[0] == version}
    missing = [pk for pk, _version in rows if pk not in current]
    if missing:
        for workshop in workshops.filter(pk__in=missing):
            # None for dates that cannot be written: left out (and logged once a version).
            event = calendar.event_ical(workshop, url=workshop_url(workshop))
            days = calendar.event_days(workshop) if event is not None else ()
            days = tuple(day.toordinal() for day in days)
            current[workshop.pk] = (versions[workshop.pk], event, days)
        cache.set(EVENTS_KEY, current, timeout=EVENT_TIMEOUT)
    chosen = [current[pk] for pk, _version in rows if pk in current and current[pk][1]]
    events = [b"".join(event for _version, event, _days in chosen)]
    every_day = [day for _version, _event, days in chosen for day in days]
    days = [date.fromordinal(min(every_day)), date.fromordinal(max(every_day))] if every_day else []
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
