"""The public page cache: built once, thrown away after any committed change to what it shows."""

import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from socialjustice import pagecache
from socialjustice.models import PendingInvalidation
from tests.factories import ContributionFactory, NetworkFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def build_counter():
    calls = []

    def build():
        calls.append(1)
        return f"page {len(calls)}"

    return build, calls


def test_cached_builds_once_until_its_group_is_invalidated():
    build, calls = build_counter()

    assert pagecache.cached(("workshops",), "test", 1, build=build) == "page 1"
    assert pagecache.cached(("workshops",), "test", 1, build=build) == "page 1"
    pagecache.invalidate("networks")
    assert pagecache.cached(("workshops",), "test", 1, build=build) == "page 1"
    pagecache.invalidate("workshops")
    assert pagecache.cached(("workshops",), "test", 1, build=build) == "page 2"
    assert len(calls) == 2


def test_cached_from_two_groups_is_rebuilt_when_either_changes():
    build, calls = build_counter()
    pagecache.cached(("workshops", "home"), "test", build=build)
    pagecache.invalidate("home")

    assert pagecache.cached(("workshops", "home"), "test", build=build) == "page 2"


def test_a_registered_model_saved_invalidates_its_groups_after_commit(
    django_capture_on_commit_callbacks,
):
    build, calls = build_counter()
    pagecache.cached(("workshops",), "test", build=build)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workshop = WorkshopFactory()
    # Not before the commit: a reader must not cache the old page under the new token.
    assert pagecache.cached(("workshops",), "test", build=build) == "page 1"
    for callback in callbacks:
        callback()
    assert pagecache.cached(("workshops",), "test", build=build) == "page 2"

    with django_capture_on_commit_callbacks(execute=True):
        workshop.networks.add(NetworkFactory())
    assert pagecache.cached(("workshops",), "test", build=build) == "page 3"


def test_invalidations_at_the_same_moment_all_succeed(transactional_db):
    """Two requests invalidating one group at once: each finds a new token (the other's is as
    new as its own), so neither notes a retry for beat."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def invalidate_many(_n):
        try:
            return [pagecache.invalidate("reports", "home") for _ in range(50)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [ok for batch in pool.map(invalidate_many, range(4)) for ok in batch]

    assert results.count(True) == 200
    assert not PendingInvalidation.objects.exists()


def test_signed_in_home_page_asked_again_reads_only_who_is_asking(
    client, django_assert_num_queries
):
    """Each app's home-page block keeps its own cached copy (two blocks under one name
    overwrote each other, so both were built for every signed-in visit)."""
    WorkshopFactory(title="Transport and older people")
    ContributionFactory(
        title="Bus passes for older carers",
        state="accepted",
        visibility="public_named",
        decided_at=timezone.now(),
    )
    client.force_login(UserFactory())
    client.get("/")

    with django_assert_num_queries(0):  # the person comes from the cache too
        content = client.get("/").content.decode()
    assert "Transport and older people" in content
    assert "Bus passes for older carers" in content


def test_cached_under_one_name_for_two_groups_keeps_each_value():
    """Two apps naming their blocks alike each keep theirs: neither overwrites the other."""
    workshops, workshops_built = build_counter()
    contributions, contributions_built = build_counter()
    for _ in range(2):
        assert pagecache.cached(("workshops",), "block", build=workshops) == "page 1"
        assert pagecache.cached(("contributions",), "block", build=contributions) == "page 1"

    assert (len(workshops_built), len(contributions_built)) == (1, 1)


def test_clearing_the_cache_keeps_what_another_site_sharing_its_redis_has_cached(settings):
    """django-redis's clear() empties the whole Redis database: another site, bench or test
    worker on the same Redis would lose its cached pages (and its rate limits) mid-request."""
    from django.core.cache import cache

    from socialjustice.cache import RedisCache

    neighbour = RedisCache(
        settings.CACHES["default"]["LOCATION"],
        {**settings.CACHES["default"], "KEY_PREFIX": "neighbour-" + cache.key_prefix},
    )
    neighbour.set("page", "their page")
    cache.set("page", "our page")
    try:
        cache.clear()

        assert cache.get("page") is None
        assert neighbour.get("page") == "their page"
    finally:
        neighbour.clear()
    assert neighbour.get("page") is None


@pytest.fixture
def in_request():
    """Lookups as a request makes them (the signals' receivers, without the test client)."""

    def run(function):
        pagecache._request_started()
        try:
            return function()
        finally:
            pagecache._request_finished()

    return run


def test_a_request_reads_the_tokens_once_and_serves_blocks_kept_in_the_process(
    in_request, redis_commands
):
    build, calls = build_counter()

    def page():
        first = pagecache.cached(("home",), "other", build=lambda: "other block")
        second = pagecache.cached(("workshops",), "block", build=build)
        return first, second

    in_request(page)
    redis_commands.clear()

    assert in_request(page) == ("other block", "page 1")
    assert in_request(page) == ("other block", "page 1")
    # Each request: one round trip for every page group's token (and the first block); the
    # second block from the process.
    assert redis_commands == ["MGET", "MGET"]
    assert len(calls) == 1


def test_a_feed_of_a_megabyte_is_served_from_the_process(in_request, redis_commands):
    """The calendar feed of 1,000 upcoming workshops is 1 MB: kept in the process like a
    small block, not read from Redis again by every request for it."""
    feed = b"BEGIN:VEVENT\r\n" * 75_000

    def page():
        pagecache.cached(("home",), "other", build=lambda: "other block")
        return pagecache.cached(("calendar-feed",), "feed", build=lambda: feed)

    in_request(page)
    redis_commands.clear()

    assert in_request(page) == feed
    assert redis_commands == ["MGET"]  # the request's tokens only


@pytest.fixture
def keys_read(monkeypatch):
    """The keys this test's lookups ask Redis for, in order."""
    asked = []
    get_many = cache.get_many

    def recording(keys, *args, **kwargs):
        asked.extend(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", recording)
    return asked


def feed_page(build):
    pagecache.cached(("home",), "other", build=lambda: "other block")
    return pagecache.cached(("calendar-feed",), "feed", build=build)


def test_a_megabyte_out_of_date_is_not_read_from_redis_before_it_is_built_again(
    in_request, keys_read
):
    """After an edit, the process holding the old 1 MB feed reads only its tokens (kept
    beside it), not the megabyte it would throw away: that read was 1 ms of each rebuild."""
    old, new = b"BEGIN:VEVENT\r\n" * 75_000, b"END:VEVENT\r\n" * 80_000
    in_request(lambda: feed_page(lambda: old))
    pagecache.invalidate("calendar-feed")
    keys_read.clear()

    assert in_request(lambda: feed_page(lambda: new)) == new
    feed_key = pagecache._key(("calendar-feed",), "feed")
    assert feed_key not in keys_read
    assert f"{feed_key}:tokens" in keys_read
    assert in_request(lambda: feed_page(lambda: b"built a third time")) == new


def test_a_megabyte_another_process_built_is_read_from_redis_not_built_again(
    in_request, monkeypatch
):
    from collections import OrderedDict

    from socialjustice import processcache

    old, new = b"BEGIN:VEVENT\r\n" * 75_000, b"END:VEVENT\r\n" * 80_000
    in_request(lambda: feed_page(lambda: old))
    pagecache.invalidate("calendar-feed")
    # Another process, holding nothing, builds the new feed; this one still holds the old.
    held = OrderedDict(processcache._kept)
    processcache._kept.clear()
    in_request(lambda: feed_page(lambda: new))
    monkeypatch.setattr(processcache, "_kept", held)

    assert in_request(lambda: feed_page(lambda: b"built again")) == new
    # Kept here from then on.
    cache.delete(pagecache._key(("calendar-feed",), "feed"))
    assert in_request(lambda: feed_page(lambda: b"built again")) == new


def test_a_large_page_for_visitors_asked_again_reads_its_tokens_not_its_bytes(
    in_request, keys_read, rf
):
    """A visitor's cached page of 16 KB or more held by the process (`/recommendations/` is
    145 KB) is served from there after reading its tokens: each request read it from Redis."""
    from django.http import HttpResponse

    page = "<p>A recommendation kept for visitors</p>" * 1_000

    @pagecache.public_response("large", groups=("workshops",))
    def view(request):
        return HttpResponse(page)

    in_request(lambda: view(rf.get("/large/")))
    keys_read.clear()

    assert in_request(lambda: view(rf.get("/large/"))).content == page.encode()
    assert keys_read == ["pages:response:large:/large/:tokens", "pages:workshops:version"]


def test_a_dict_kept_in_the_process_is_handed_out_as_a_copy(in_request, redis_commands):
    """A page kept as a dict (a workshop's page) is served from the process too, and what one
    request does to the dict it was given never reaches the next request's."""

    def page():
        pagecache.cached(("home",), "other", build=lambda: "other block")
        given = pagecache.cached(
            ("workshops",), "dict", build=lambda: {"title": "Kept", "organisers": (1, 2)}
        )
        shown = dict(given)
        given["title"] = "Changed by a template"
        return shown

    in_request(page)
    redis_commands.clear()

    assert in_request(page) == {"title": "Kept", "organisers": (1, 2)}
    assert in_request(page) == {"title": "Kept", "organisers": (1, 2)}
    assert redis_commands == ["MGET", "MGET"]  # each request's tokens; the dict from the process


def test_a_block_kept_in_the_process_is_not_served_once_another_process_changes_its_group(
    in_request,
):
    build, calls = build_counter()

    def page():
        # Another block first: the request reads every page group's token then, and the
        # block below is looked up in the process.
        pagecache.cached(("home",), "other", build=lambda: "other block")
        return pagecache.cached(("workshops",), "block", build=build)

    assert in_request(page) == "page 1"
    assert in_request(page) == "page 1"
    # As another process's invalidation does: only Redis hears of it.
    cache.set("pages:workshops:version", "a new token", timeout=None)

    assert in_request(page) == "page 2"


def test_a_block_kept_in_the_process_expires_when_the_one_in_redis_does(in_request):
    build, calls = build_counter()

    def page():
        pagecache.cached(("home",), "other", build=lambda: "other block")
        return pagecache.cached(("workshops",), "short", build=build, timeout=1)

    assert in_request(page) == "page 1"
    time.sleep(1.1)

    assert in_request(page) == "page 2"


def test_a_value_that_can_be_changed_is_never_shared_between_requests(in_request):
    def lookup():
        return pagecache.cached(("workshops",), "dict", build=lambda: {"items": [1, 2]})

    in_request(lookup)["items"].append(3)

    assert in_request(lookup) == {"items": [1, 2]}


def test_an_invalidation_in_a_request_is_seen_by_its_next_lookup(in_request):
    build, calls = build_counter()

    def save_then_show():
        pagecache.cached(("workshops",), "block", build=build)
        pagecache.invalidate("workshops")
        return pagecache.cached(("workshops",), "block", build=build)

    assert in_request(save_then_show) == "page 2"


def test_a_signed_in_home_page_asks_redis_twice_and_the_database_nothing(
    client, redis_commands, django_assert_num_queries
):
    WorkshopFactory(title="Transport and older people")
    client.force_login(UserFactory())
    client.get("/")
    redis_commands.clear()

    with django_assert_num_queries(0):
        content = client.get("/").content.decode()

    assert "Transport and older people" in content
    # The session; the person and every page group's token (the blocks kept in the process).
    assert redis_commands == ["GET", "MGET"]


def test_a_signed_in_workshop_page_asks_redis_twice(client, redis_commands):
    """Its places are a group of the workshop's own, which no model registers: read with the
    rest in the request's first round trip all the same."""
    workshop = WorkshopFactory(title="Transport and older people")
    client.force_login(UserFactory())
    client.get(f"/workshops/{workshop.slug}/")
    redis_commands.clear()

    content = client.get(f"/workshops/{workshop.slug}/").content.decode()

    assert "Transport and older people" in content
    # The session; the person, every page group's token and the workshop's places.
    assert redis_commands == ["GET", "MGET"]
