"""Workshops as an iCalendar (RFC 5545) file, as schema.org JSON-LD, and as the links that
add one to Google Calendar or Outlook or show its venue on a map.

Pure functions: they read only a workshop's own fields and `workshop.partnership`
(which may be None), so the caller should `select_related("partnership")` to keep
feeds to one query. None of them puts `join_link` in by itself: the public files and links
never carry it, and only a confirmed person's own file or links are given it (`join_link`,
`join_link_for`) by a caller that has checked the rule.
"""

import json
import logging
from datetime import UTC, date, datetime, time
from urllib.parse import quote, urlencode
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


def _location(workshop, *, join_link: str = ""):
    if workshop.format == WorkshopFormat.ONLINE:
        # A calendar program offers to open a link given as the place.
        return join_link or "Online"
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


def _details(workshop, *, url: str, join_link: str = "") -> str:
    joining = f"Join online (this link is for you only): {join_link}" if join_link else ""
    return "\n\n".join(p for p in (joining, workshop.theme, workshop.description, url) if p)


def workshop_event(workshop, *, url: str, join_link: str = "") -> Event:
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
        description=_details(workshop, url=url, join_link=join_link),
        url=url,
        location=_location(workshop, join_link=join_link) or None,
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


def event_ical(workshop, *, url: str, join_link: str = "") -> bytes | None:
    """The workshop's VEVENT, serialised; None for one whose dates cannot be written (saved
    before dates were bounded): it is left out of a file, and said so in the log, rather
    than take the whole file down."""
    try:
        if not (workshop.starts_at.date() >= EARLIEST and workshop.ends_at.date() <= LATEST):
            raise ValueError("outside the dates a workshop can have")
        return workshop_event(workshop, url=url, join_link=join_link).to_ical()
    except (OverflowError, ValueError):
        logger.warning("Workshop %s left out of a calendar file: its dates.", workshop.pk)
        return None


def event_days_between(starts_at: datetime, ends_at: datetime) -> tuple[date, date]:
    """The London days of these moments."""
    return starts_at.astimezone(LONDON).date(), ends_at.astimezone(LONDON).date()


def event_days(workshop) -> tuple[date, date]:
    """The London days the workshop's event starts and ends on."""
    return event_days_between(workshop.starts_at, workshop.ends_at)


def calendar_document(events: list[bytes], *, days, name: str) -> bytes:
    """A VCALENDAR around `events` (each a VEVENT as `Event.to_ical()` writes it), with the
    VTIMEZONE of the years `days` fall in: byte for byte what adding the events to the
    Calendar and serialising it all gives, so events serialised once can be joined again."""
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = "PUBLISH"
    calendar.calscale = "GREGORIAN"
    calendar.calendar_name = name  # writes both NAME and X-WR-CALNAME
    # The VTIMEZONE lists every clock change in its range; covering only the years the
    # events fall in keeps it short and, unlike the 1970-2038 default, never too short.
    # It is always included, and before the events, as RFC 5545 asks.
    days = list(days)
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    calendar.add_component(
        Timezone.from_tzinfo(
            LONDON,
            tzid="Europe/London",
            first_date=date(first.year, 1, 1),
            last_date=date(last.year + 1, 1, 1),
        )
    )
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    # One join: a feed of a thousand events is a megabyte, copied once.
    return b"".join((head[: -len(end)], *events, end))


def calendar_for(workshops, *, url_for, name: str, join_link_for=None) -> bytes:
    """The VCALENDAR for `workshops`; `url_for(workshop)` gives its public page's address,
    and `join_link_for(workshop)`, only for a confirmed person's own file, the joining link."""
    events, days = [], []
    for workshop in workshops:
        join_link = join_link_for(workshop) if join_link_for else ""
        event = event_ical(workshop, url=url_for(workshop), join_link=join_link)
        if event is not None:
            events.append(event)
            days.extend(event_days(workshop))
    return calendar_document(events, days=days, name=name)


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


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _link(base: str, params: dict) -> str:
    # %20 for spaces, not "+": Outlook shows a "+" as it is.
    return base + "?" + urlencode(params, quote_via=quote)


def google_calendar_url(workshop, *, url: str, join_link: str = "") -> str:
    """A link that opens Google Calendar with the workshop filled in, ready to save."""
    stamp = "%Y%m%dT%H%M%SZ"
    return _link(
        "https://calendar.google.com/calendar/render",
        {
            "action": "TEMPLATE",
            "text": workshop.title,
            "dates": f"{_utc(workshop.starts_at):{stamp}}/{_utc(workshop.ends_at):{stamp}}",
            "details": _details(workshop, url=url, join_link=join_link),
            "location": _location(workshop, join_link=join_link),
        },
    )


def outlook_calendar_url(workshop, *, url: str, join_link: str = "") -> str:
    """A link that opens Outlook's calendar (outlook.com, Microsoft 365) with the workshop."""
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    return _link(
        "https://outlook.live.com/calendar/0/deeplink/compose",
        {
            "subject": workshop.title,
            "startdt": f"{_utc(workshop.starts_at):{stamp}}",
            "enddt": f"{_utc(workshop.ends_at):{stamp}}",
            "body": _details(workshop, url=url, join_link=join_link),
            "location": _location(workshop, join_link=join_link),
        },
    )


def map_url(workshop) -> str:
    """A map of the venue, with directions from there (OpenStreetMap: no account, no
    tracking); "" for an online workshop or a venue with no name or address."""
    venue = _venue(workshop)
    if workshop.format == WorkshopFormat.ONLINE or not venue:
        return ""
    return _link("https://www.openstreetmap.org/search", {"query": venue})


def add_links(workshop, *, url: str, ics_url: str, join_link: str = "") -> dict:
    """The three ways to add the workshop to a calendar, for the pages to offer side by side."""
    return {
        "ics": ics_url,
        "google": google_calendar_url(workshop, url=url, join_link=join_link),
        "outlook": outlook_calendar_url(workshop, url=url, join_link=join_link),
    }
