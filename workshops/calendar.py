"""Workshops as an iCalendar (RFC 5545) file and as schema.org JSON-LD.

Pure functions: they read only a workshop's own fields and `workshop.partnership`
(which may be None), so the caller should `select_related("partnership")` to keep
feeds to one query. Neither output ever contains `join_link`: these files are public,
and the link is only for confirmed participants.
"""

import json
import logging
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress

from socialjustice.forms import EARLIEST, LATEST

from .enums import WorkshopFormat, WorkshopState

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")


def london_datetime(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def local_times(workshop) -> tuple[time, time]:
    """The workshop's start and end as London wall-clock times (what its programme uses)."""
    starts = workshop.starts_at.astimezone(LONDON)
    ends = workshop.ends_at.astimezone(LONDON)
    return starts.time().replace(tzinfo=None), ends.time().replace(tzinfo=None)


PRODID = "-//Partnerships for Social Justice//Workshops//EN"
SITE_NAME = "Partnerships for Social Justice"
SCHEMA = "https://schema.org/"
DESCRIPTION_LIMIT = 300

# The same characters Django's json_script escapes: "</script>" or "<!--" in a title
# cannot end or alter the <script> block the JSON-LD is embedded in.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _one_line(text):
    """A multi-line address as "line, line", since LOCATION is read as one line."""
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


def _venue(workshop):
    return ", ".join(
        part for part in (workshop.venue_name.strip(), _one_line(workshop.venue_address)) if part
    )


def _location(workshop):
    if workshop.format == WorkshopFormat.ONLINE:
        return "Online"
    venue = _venue(workshop)
    if workshop.format == WorkshopFormat.HYBRID:
        return f"{venue} and online" if venue else "Online"
    return venue


def _status(workshop):
    if workshop.state == WorkshopState.CANCELLED:
        return "CANCELLED"
    # Drafts should not be in public feeds at all; if one is, do not claim it is confirmed.
    if workshop.state == WorkshopState.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def workshop_event(workshop, *, url: str) -> Event:
    cancelled = workshop.state == WorkshopState.CANCELLED
    event = Event.new(
        # The edit time rather than now: the same version of a workshop is the same file,
        # so the copy attached to many emails is stored once.
        stamp=workshop.updated_at.astimezone(UTC),
        uid=f"{workshop.uid}@socialjustice",
        summary=f"Cancelled: {workshop.title}" if cancelled else workshop.title,
        # TZID=Europe/London keeps the wall-clock time right across BST and GMT.
        start=workshop.starts_at.astimezone(LONDON),
        end=workshop.ends_at.astimezone(LONDON),
        description="\n\n".join(p for p in (workshop.theme, workshop.description, url) if p),
        url=url,
        location=_location(workshop) or None,
        status=_status(workshop),
        # Calendar programs take an update as newer only when its SEQUENCE is higher than
        # the copy they hold; the edit time only ever goes up, so every change counts.
        sequence=int(workshop.updated_at.timestamp()),
        last_modified=workshop.updated_at.astimezone(UTC),  # RFC 5545 wants it in UTC
    )
    if workshop.contact_email:
        partnership = workshop.partnership if workshop.partnership_id else None
        cn = partnership.name if partnership else SITE_NAME
        event.organizer = vCalAddress.new(workshop.contact_email, cn=cn)
    return event


def calendar_for(workshops, *, url_for, name: str) -> bytes:
    """The VCALENDAR for `workshops`; `url_for(workshop)` gives its public page's address."""
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = "PUBLISH"
    calendar.calscale = "GREGORIAN"
    calendar.calendar_name = name  # writes both NAME and X-WR-CALNAME
    events = []
    for workshop in workshops:
        try:
            if not (workshop.starts_at.date() >= EARLIEST and workshop.ends_at.date() <= LATEST):
                raise ValueError("outside the dates a workshop can have")
            events.append(workshop_event(workshop, url=url_for(workshop)))
        except (OverflowError, ValueError):
            # One workshop's impossible date (saved before dates were bounded) must not take
            # the whole feed down: it is left out, and said so in the log.
            logger.warning("Workshop %s left out of a calendar file: its dates.", workshop.pk)
    days = [event.start.date() for event in events] + [event.end.date() for event in events]
    # The VTIMEZONE lists every clock change in its range; covering only the years the
    # events fall in keeps it short and, unlike the 1970-2038 default, never too short.
    # It is always included, and before the events, as RFC 5545 asks.
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    calendar.add_component(
        Timezone.from_tzinfo(
            LONDON,
            tzid="Europe/London",
            first_date=date(first.year, 1, 1),
            last_date=date(last.year + 1, 1, 1),
        )
    )
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def workshop_json_ld(workshop, *, url: str, organizer_name: str) -> str:
    """schema.org Event JSON, safe to put inside <script type="application/ld+json">."""
    virtual = {"@type": "VirtualLocation", "url": url}  # the public page, never the join link
    place = {"@type": "Place", "name": workshop.venue_name, "address": workshop.venue_address}
    location, mode = {
        WorkshopFormat.ONLINE: (virtual, "OnlineEventAttendanceMode"),
        WorkshopFormat.IN_PERSON: (place, "OfflineEventAttendanceMode"),
        WorkshopFormat.HYBRID: ([place, virtual], "MixedEventAttendanceMode"),
    }[workshop.format]
    cancelled = workshop.state == WorkshopState.CANCELLED
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": workshop.title,
        "description": workshop.theme or workshop.description[:DESCRIPTION_LIMIT],
        "startDate": workshop.starts_at.astimezone(LONDON).isoformat(),
        "endDate": workshop.ends_at.astimezone(LONDON).isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + mode,
        "location": location,
        "organizer": {"@type": "Organization", "name": organizer_name},
        "url": url,
    }
    return json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
