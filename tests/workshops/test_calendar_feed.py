"""The calendar feed of every upcoming workshop: its events written once per workshop version
and joined, the same bytes as writing them all at once, and rebuilt by one request at a time."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from socialjustice.pagecache import cached, invalidate
from tests.factories import (
    MaterialFactory,
    NetworkFactory,
    PartnershipFactory,
    ProgrammeItemFactory,
    WorkshopFactory,
)
from workshops import calendar, feeds
from workshops.emails import workshop_url
from workshops.selectors.workshops import calendar_workshops
from workshops.services.workshops import cancel_workshop

pytestmark = pytest.mark.django_db

FEED = "/workshops/calendar.ics"


def upcoming(count, **fields):
    soon = timezone.now().replace(microsecond=0) + timedelta(days=10)
    return [
        WorkshopFactory(
            title=f"Workshop {n}",
            starts_at=soon + timedelta(days=n),
            ends_at=soon + timedelta(days=n, hours=3),
            **fields,
        )
        for n in range(count)
    ]


def summaries(content):
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(content).walk("VEVENT")]


@pytest.fixture
def written(monkeypatch):
    """The workshops whose event is written (serialised) from their fields."""
    seen = []
    write = calendar.event_ical

    def counting(workshop, **kwargs):
        seen.append(workshop.title)
        return write(workshop, **kwargs)

    monkeypatch.setattr(calendar, "event_ical", counting)
    return seen


def test_feed_is_byte_for_byte_the_calendar_of_all_upcoming(client):
    upcoming(3, partnership=PartnershipFactory(), contact_email="team@example.org")
    expected = calendar.calendar_for(
        calendar_workshops(), url_for=workshop_url, name=f"{settings.PORTAL_NAME} workshops"
    )

    response = client.get(FEED)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content == expected
    assert summaries(response.content) == ["Workshop 0", "Workshop 1", "Workshop 2"]


def test_after_an_edit_only_the_edited_workshops_event_is_written_again(client, written, saved):
    first, second, third = upcoming(3)
    client.get(FEED)
    assert sorted(written) == ["Workshop 0", "Workshop 1", "Workshop 2"]
    written.clear()

    with saved():
        cancel_workshop(second, note="The venue is closed.", by=None)
    content = client.get(FEED).content

    assert summaries(content) == ["Workshop 0", "Cancelled: Workshop 1", "Workshop 2"]
    assert written == ["Workshop 1"]


@pytest.fixture
def read_from_redis(monkeypatch):
    """The calendar events' keys each rebuild asks Redis for."""
    asked = []
    get_many = feeds.cache.get_many

    def recording(keys, *args, **kwargs):
        events = sorted(key for key in keys if key.startswith(feeds.EVENT_KEY_PREFIX))
        if events:
            asked.append(events)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(feeds.cache, "get_many", recording)
    return asked


def test_after_an_edit_this_process_reads_only_the_edited_event_from_redis(
    client, saved, read_from_redis
):
    first, second, third = upcoming(3)
    client.get(FEED)
    read_from_redis.clear()

    with saved():
        cancel_workshop(second, note="The venue is closed.", by=None)
    client.get(FEED)

    # The generation of the events, and the one event this process does not hold as it is.
    assert read_from_redis == [sorted([feeds.GENERATION_KEY, feeds._event_key(second.pk)])]


def test_another_process_takes_the_events_this_one_wrote(client, written, monkeypatch):
    upcoming(2)
    first = client.get(FEED).content
    written.clear()
    # A process that has built no feed yet.
    monkeypatch.setattr(feeds, "_process_copy", (None, {}))
    invalidate(*feeds.GROUPS)

    assert client.get(FEED).content == first
    assert written == []


def test_with_the_events_gone_from_redis_no_process_copy_is_trusted(client, written):
    upcoming(2)
    client.get(FEED)
    written.clear()
    # Redis emptied or restarted: it keeps nothing on disk.
    feeds.cache.delete_many([feeds.GENERATION_KEY])
    invalidate(*feeds.GROUPS)

    assert summaries(client.get(FEED).content) == ["Workshop 0", "Workshop 1"]
    assert sorted(written) == ["Workshop 0", "Workshop 1"]


def test_a_workshop_that_is_no_longer_upcoming_leaves_the_feed(client, written, saved):
    first, second = upcoming(2)
    client.get(FEED)
    with saved():
        first.starts_at = timezone.now() - timedelta(days=2)
        first.ends_at = timezone.now() - timedelta(days=2) + timedelta(hours=3)
        first.save()

    assert summaries(client.get(FEED).content) == ["Workshop 1"]


def test_a_partnerships_new_name_reaches_the_feed(client, saved):
    partnership = PartnershipFactory(name="Old name")
    upcoming(1, partnership=partnership, contact_email="team@example.org")
    assert b"Old name" in client.get(FEED).content
    with saved():
        partnership.name = "New name"
        partnership.save()

    content = client.get(FEED).content
    assert b"New name" in content and b"Old name" not in content


def test_an_edit_of_anything_else_leaves_the_feed_as_it_was(
    client, saved, django_assert_num_queries
):
    """A material, a programme, a network: none is in the feed, so none rebuilds it."""
    (workshop,) = upcoming(1)
    network = NetworkFactory()
    first = client.get(FEED).content
    with saved():
        MaterialFactory(workshop=workshop)
        ProgrammeItemFactory(workshop=workshop)
        workshop.networks.add(network)
        network.name = "Renamed network"
        network.save()
    with django_assert_num_queries(0):
        assert client.get(FEED).content == first


def test_a_request_waits_for_the_one_building_the_feed_and_serves_what_it_built(
    client, written, monkeypatch
):
    upcoming(2)
    monkeypatch.setattr(feeds, "WAIT_SECONDS", 10.0)
    invalidate(*feeds.GROUPS)
    # Another request is building it.
    assert feeds.cache.add(feeds.BUILD_LOCK, "another", timeout=30)
    answers = []
    waiting = threading.Thread(target=lambda: answers.append(feeds.upcoming_feed()))
    waiting.start()
    waiting.join(timeout=0.3)
    assert waiting.is_alive()  # it waits rather than build the feed a second time
    assert written == []

    built = cached(feeds.GROUPS, "ics-upcoming", build=feeds.build_upcoming)
    feeds.cache.delete(feeds.BUILD_LOCK)
    waiting.join(timeout=5)

    assert answers == [built]
    assert sorted(written) == ["Workshop 0", "Workshop 1"]  # written once, by the builder


def test_a_request_builds_the_feed_itself_when_the_builder_takes_too_long(client, monkeypatch):
    upcoming(1)
    monkeypatch.setattr(feeds, "WAIT_SECONDS", 0.1)
    assert feeds.cache.add(feeds.BUILD_LOCK, "a builder that died", timeout=30)

    assert summaries(client.get(FEED).content) == ["Workshop 0"]


def test_feed_is_built_without_the_cache_when_it_is_down(client, cache_down):
    upcoming(2)
    assert summaries(client.get(FEED).content) == ["Workshop 0", "Workshop 1"]


@pytest.mark.parametrize("count", [1, 3])
def test_feed_queries_do_not_grow(client, django_assert_max_num_queries, count):
    upcoming(count)
    # Built from nothing: the workshops' versions, then the new versions' workshops.
    with django_assert_max_num_queries(2):
        assert len(summaries(client.get(FEED).content)) == count
    # Rebuilt with no workshop changed: the same versions, every event as it was kept.
    invalidate(*feeds.GROUPS)
    with django_assert_max_num_queries(1):
        assert len(summaries(client.get(FEED).content)) == count
