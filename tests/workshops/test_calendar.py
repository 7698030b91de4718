"""Workshops as calendar files and JSON-LD: times in London across BST and GMT, the fields
every calendar program reads, and the files the site serves."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.factories import PartnershipFactory, WorkshopFactory, london
from workshops.calendar import calendar_for, workshop_event, workshop_json_ld
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SECRET = "https://meet.example.org/join/secret-room-123"
SUMMER = datetime(2020, 6, 24, 10, 0, tzinfo=LONDON)
WINTER = datetime(2020, 12, 2, 14, 0, tzinfo=LONDON)


def workshop(**fields):
    """A saved workshop read back as a view would load it: times in UTC, partnership joined."""
    made = WorkshopFactory(join_link=SECRET, **fields)
    return Workshop.objects.select_related("partnership").get(pk=made.pk)


def url_for(w):
    return f"https://socialjustice.example.org/workshops/{w.slug}/"


def ics(*workshops):
    return calendar_for(workshops, url_for=url_for, name="Workshops")


def only_event(raw):
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    return event


def test_calendar_for_summer_workshop_in_london_bst():
    w = workshop(starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=2, minutes=30))
    raw = ics(w)
    event = only_event(raw)

    assert event.start == datetime(2020, 6, 24, 10, 0, tzinfo=LONDON)
    assert event.end == datetime(2020, 6, 24, 12, 30, tzinfo=LONDON)
    assert str(event.start.tzinfo) == "Europe/London"
    assert event.start.utcoffset() == timedelta(hours=1)
    assert b"DTSTART;TZID=Europe/London:20200624T100000\r\n" in raw
    assert b"DTEND;TZID=Europe/London:20200624T123000\r\n" in raw


def test_calendar_for_winter_workshop_in_london_gmt():
    w = workshop(starts_at=WINTER, ends_at=WINTER + timedelta(hours=3))
    raw = ics(w)
    event = only_event(raw)

    assert event.start == datetime(2020, 12, 2, 14, 0, tzinfo=LONDON)
    assert event.end == datetime(2020, 12, 2, 17, 0, tzinfo=LONDON)
    assert str(event.end.tzinfo) == "Europe/London"
    assert event.start.utcoffset() == timedelta(0)
    assert b"DTSTART;TZID=Europe/London:20201202T140000\r\n" in raw
    assert b"DTEND;TZID=Europe/London:20201202T170000\r\n" in raw


def test_calendar_for_headers_publish_a_named_gregorian_calendar():
    raw = ics(workshop(starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=1)))
    calendar = Calendar.from_ical(raw)

    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert str(calendar["PRODID"]) == "-//Partnerships for Social Justice//Workshops//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Workshops"
    assert b"METHOD:PUBLISH\r\n" in raw


def test_calendar_for_timezone_covers_bst_and_gmt_before_the_events():
    raw = ics(workshop(starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=1)))
    calendar = Calendar.from_ical(raw)
    [vtimezone] = calendar.walk("VTIMEZONE")

    assert str(vtimezone["TZID"]) == "Europe/London"
    assert b"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" in raw
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")
    assert {str(part["TZNAME"]) for part in vtimezone.subcomponents} == {"GMT", "BST"}
    assert calendar.get_missing_tzids() == set()


def test_calendar_for_three_workshops_three_events_one_timezone():
    workshops = [
        workshop(starts_at=SUMMER, ends_at=SUMMER + timedelta(hours=1)),
        workshop(starts_at=WINTER, ends_at=WINTER + timedelta(hours=1)),
        workshop(),
    ]
    calendar = Calendar.from_ical(ics(*workshops))

    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"{w.uid}@socialjustice" for w in workshops
    ]
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_calendar_for_no_workshops_still_has_timezone():
    calendar = Calendar.from_ical(ics())

    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_calendar_for_loaded_workshops_runs_no_queries(django_assert_num_queries):
    partnership = PartnershipFactory(name="Leeds Equity Partnership")
    w = workshop(partnership=partnership, contact_email="team@example.org")

    with django_assert_num_queries(0):
        ics(w)
        workshop_json_ld(w, url=url_for(w), organizer_name="Leeds Equity Partnership")


def test_workshop_event_uid_stable_across_calls_and_title_edit():
    w = workshop()
    first = only_event(ics(w))["UID"]
    again = only_event(ics(w))["UID"]
    w.title = "A new title"
    w.save()
    w.refresh_from_db()
    edited = only_event(ics(w))

    assert first == again == edited["UID"] == f"{w.uid}@socialjustice"
    assert str(edited["SUMMARY"]) == "A new title"


def test_workshop_event_uid_different_for_two_workshops():
    one, two = workshop(), workshop()

    assert workshop_event(one, url="u")["UID"] != workshop_event(two, url="u")["UID"]


def test_workshop_event_sequence_from_updated_at_rises_after_edit():
    w = workshop()
    an_hour_ago = w.updated_at - timedelta(hours=1)
    Workshop.objects.filter(pk=w.pk).update(updated_at=an_hour_ago)
    w.refresh_from_db()
    before = only_event(ics(w))
    w.title = "A new title"
    w.save()  # auto_now moves updated_at to now
    after = only_event(ics(w))

    assert before["SEQUENCE"] == int(an_hour_ago.timestamp())
    assert after["SEQUENCE"] == int(w.updated_at.timestamp())
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert before["LAST-MODIFIED"].dt == an_hour_ago.replace(microsecond=0)
    assert after["LAST-MODIFIED"].dt == w.updated_at.replace(microsecond=0)
    assert f"LAST-MODIFIED:{w.updated_at:%Y%m%dT%H%M%S}Z\r\n".encode() in ics(w)


def test_workshop_event_dtstamp_is_the_last_edit_in_utc():
    w = workshop()
    an_hour_ago = w.updated_at - timedelta(hours=1)
    Workshop.objects.filter(pk=w.pk).update(updated_at=an_hour_ago)
    w.refresh_from_db()

    raw = ics(w)
    stamp = only_event(raw)["DTSTAMP"].dt

    assert stamp == an_hour_ago.replace(microsecond=0)
    assert stamp.utcoffset() == timedelta(0)
    assert f"DTSTAMP:{an_hour_ago.astimezone(UTC):%Y%m%dT%H%M%S}Z\r\n".encode() in raw
    assert ics(w) == raw  # the same version of the workshop is the same file


def test_workshop_event_summary_description_and_url_published():
    w = workshop(
        title="Understandings of Inequality",
        theme="Who is left out",
        description="## Aims\n\n- listen\n- *act*",
    )
    event = only_event(ics(w))

    assert str(event["SUMMARY"]) == "Understandings of Inequality"
    assert str(event["DESCRIPTION"]) == (
        f"Who is left out\n\n## Aims\n\n- listen\n- *act*\n\n{url_for(w)}"
    )
    assert str(event["URL"]) == url_for(w)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_workshop_event_location_online():
    event = only_event(ics(workshop(format="online")))

    assert str(event["LOCATION"]) == "Online"


def test_workshop_event_location_in_person_address_on_one_line():
    w = workshop(
        format="in_person",
        venue_name="Leeds Civic Hall",
        venue_address="Calverley Street\r\nLeeds\n\nLS1 1UR\n",
    )
    event = only_event(ics(w))

    assert str(event["LOCATION"]) == "Leeds Civic Hall, Calverley Street, Leeds, LS1 1UR"


def test_workshop_event_location_hybrid_venue_and_online():
    w = workshop(format="hybrid", venue_name="Leeds Civic Hall", venue_address="Leeds LS1 1UR")
    event = only_event(ics(w))

    assert str(event["LOCATION"]) == "Leeds Civic Hall, Leeds LS1 1UR and online"


def test_workshop_event_cancelled_status_and_summary():
    event = only_event(ics(workshop(title="Housing and health", state="cancelled")))

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Housing and health"


def test_workshop_event_draft_tentative_not_confirmed():
    w = workshop(state="draft")
    event = only_event(ics(w))
    data = json.loads(workshop_json_ld(w, url=url_for(w), organizer_name="Leeds"))

    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == w.title
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_workshop_event_organizer_named_after_partnership():
    partnership = PartnershipFactory(name="Leeds Equity Partnership")
    event = only_event(ics(workshop(partnership=partnership, contact_email="team@example.org")))

    assert str(event["ORGANIZER"]) == "mailto:team@example.org"
    assert event["ORGANIZER"].params["CN"] == "Leeds Equity Partnership"


def test_workshop_event_organizer_without_partnership_named_after_site():
    event = only_event(ics(workshop(contact_email="team@example.org")))

    assert str(event["ORGANIZER"]) == "mailto:team@example.org"
    assert event["ORGANIZER"].params["CN"] == "Partnerships for Social Justice"


def test_workshop_event_organizer_absent_without_contact_email():
    event = only_event(ics(workshop(contact_email="")))

    assert "ORGANIZER" not in event


@pytest.mark.parametrize("format", ["online", "in_person", "hybrid"])
def test_join_link_absent_from_ics_and_json_ld(format):
    w = workshop(format=format, venue_name="Leeds Civic Hall", contact_email="team@example.org")
    raw = ics(w)
    json_ld = workshop_json_ld(w, url=url_for(w), organizer_name="Leeds")

    assert w.join_link == SECRET
    # Unfolded too: a long line is folded with CRLF + space and could hide the link.
    assert SECRET not in raw.replace(b"\r\n ", b"").decode()
    assert "secret-room-123" not in raw.replace(b"\r\n ", b"").decode()
    assert SECRET not in json_ld
    assert "secret-room-123" not in json_ld


def test_workshop_json_ld_online_exact():
    w = workshop(
        title="Understandings of Inequality",
        theme="Who is left out",
        starts_at=SUMMER,
        ends_at=SUMMER + timedelta(hours=2, minutes=30),
    )
    url = url_for(w)

    assert json.loads(workshop_json_ld(w, url=url, organizer_name="Leeds Partnership")) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Understandings of Inequality",
        "description": "Who is left out",
        "startDate": "2020-06-24T10:00:00+01:00",
        "endDate": "2020-06-24T12:30:00+01:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": url},
        "organizer": {"@type": "Organization", "name": "Leeds Partnership"},
        "url": url,
    }


def test_workshop_json_ld_in_person_cancelled_exact():
    w = workshop(
        title="Housing and health",
        theme="",
        description="x" * 301,
        format="in_person",
        state="cancelled",
        venue_name="Leeds Civic Hall",
        venue_address="Calverley Street, Leeds LS1 1UR",
        starts_at=WINTER,
        ends_at=WINTER + timedelta(hours=3),
    )
    url = url_for(w)

    assert json.loads(workshop_json_ld(w, url=url, organizer_name="Leeds Partnership")) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Housing and health",
        "description": "x" * 300,
        "startDate": "2020-12-02T14:00:00+00:00",
        "endDate": "2020-12-02T17:00:00+00:00",
        "eventStatus": "https://schema.org/EventCancelled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Leeds Civic Hall",
            "address": "Calverley Street, Leeds LS1 1UR",
        },
        "organizer": {"@type": "Organization", "name": "Leeds Partnership"},
        "url": url,
    }


def test_workshop_json_ld_hybrid_location_both():
    w = workshop(format="hybrid", venue_name="Leeds Civic Hall", venue_address="Leeds LS1 1UR")
    data = json.loads(workshop_json_ld(w, url=url_for(w), organizer_name="Leeds"))

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {"@type": "Place", "name": "Leeds Civic Hall", "address": "Leeds LS1 1UR"},
        {"@type": "VirtualLocation", "url": url_for(w)},
    ]


def test_workshop_json_ld_script_in_title_escaped():
    title = "</script><script>alert(1)</script> & more"
    w = workshop(title=title)
    out = workshop_json_ld(w, url=url_for(w), organizer_name="Leeds")

    assert "</script>" not in out
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\\u003c/script\\u003e" in out
    assert json.loads(out)["name"] == title


# The calendar files served to everyone


def test_workshop_calendar_file_has_one_event(client):
    start = datetime(2030, 6, 24, 10, 0, tzinfo=LONDON)
    w = workshop(title="Summer workshop", starts_at=start, ends_at=start + timedelta(hours=2))
    response = client.get(reverse("workshops:workshop_calendar", args=[w.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{w.slug}.ics"'
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Summer workshop"
    assert event.start == start
    assert SECRET.encode() not in response.content


def test_upcoming_calendar_has_upcoming_published_and_cancelled(client):
    WorkshopFactory(title="Later", starts_at=london(days=20))
    WorkshopFactory(title="Sooner", starts_at=london(days=10))
    WorkshopFactory(title="Off", starts_at=london(days=15), state="cancelled")
    WorkshopFactory(title="Gone by", starts_at=london(days=-10))
    WorkshopFactory(title="Unready", starts_at=london(days=12), state="draft")
    response = client.get("/workshops/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Sooner", "Cancelled: Off", "Later"]
