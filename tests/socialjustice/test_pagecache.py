"""The public page cache: built once, thrown away after any committed change to what it shows."""

import pytest
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
