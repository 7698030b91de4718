"""Searching and filtering the public collection: ranking, highlighting, facet counts that
agree with the results, intersections of groups, filters in the address, the cache key and
the number of queries."""

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django_redis import get_redis_connection

from contributions.models import Contribution
from networks.models import EqualityGroup
from tests.contributions.public_data import (
    chosen_links,
    contribution,
    facet_links,
    headlines,
    page,
    result_count,
    result_titles,
)
from tests.factories import CallFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def cache_keys(kind: str) -> list[str]:
    """The parameters in this run's cached keys of the collection: its body ("collection")
    or its whole response ("response")."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    start = {"collection": "contributions/collection:", "response": "response:collection:"}[kind]
    found = []
    for key in get_redis_connection("default").scan_iter(match=f"{prefix}:*:pages:*"):
        # prefix:version:pages:<groups>/<name>:<parts> for a body, prefix:version:pages:
        # response:<name>:<address> for a whole response (the groups' tokens are in the value)
        name = key.decode().split(":pages:", 1)[1]
        if name.startswith(start):
            found.append(name.removeprefix(start))
    return sorted(found)


# Ranking and highlighting


@pytest.fixture
def about_lockdown():
    older_only = contribution(
        title="Older residents' bus passes",
        summary="Free bus passes for older residents, and for older carers.",
    )
    both = contribution(
        title="Digital exclusion",
        summary="Digital exclusion of older people during lockdown.",
    )
    contribution(title="School meals", summary="Holiday meals for children.")
    return both, older_only


def test_search_every_word_ranked_above_only_one(client, about_lockdown):
    content = page(client, "/contributions/", {"q": "lockdown older"})

    assert result_titles(content) == ["Digital exclusion", "Older residents' bus passes"]
    assert result_count(content) == 2


def test_search_one_word_finds_each_that_has_it(client, about_lockdown):
    content = page(client, "/contributions/", {"q": "older"})

    assert sorted(result_titles(content)) == ["Digital exclusion", "Older residents' bus passes"]


def test_search_stems_english_words(client, about_lockdown):
    content = page(client, "/contributions/", {"q": "lockdowns"})

    assert result_titles(content) == ["Digital exclusion"]


def test_search_phrase_and_left_out_word(client, about_lockdown):
    phrase = page(client, "/contributions/", {"q": '"older people"'})
    without = page(client, "/contributions/", {"q": "older -bus"})

    assert result_titles(phrase) == ["Digital exclusion"]
    assert result_titles(without) == ["Digital exclusion"]


def test_search_highlights_the_matching_words(client, about_lockdown):
    content = page(client, "/contributions/", {"q": "lockdown older"})

    assert headlines(content) == [
        "Digital exclusion of <mark>older</mark> people during <mark>lockdown</mark>.",
        "Free bus passes for <mark>older</mark> residents, and for <mark>older</mark> carers.",
    ]


def test_search_headline_escapes_everything_else(client):
    contribution(
        title="Scripted",
        summary='Lockdown <script>alert("older")</script> & <b>bold</b> claims',
    )

    content = page(client, "/contributions/", {"q": "lockdown"})

    assert headlines(content) == [
        "<mark>Lockdown</mark> &lt;script&gt;alert(&quot;older&quot;)&lt;/script&gt; &amp; "
        "&lt;b&gt;bold&lt;/b&gt; claims"
    ]
    assert "<script>alert" not in content


def test_a_result_without_a_search_is_escaped(client):
    contribution(title='<i onclick="x()">Buses</i>', summary="Fares & <b>bold</b> claims")

    content = page(client, "/contributions/", {})

    assert "&lt;i onclick=&quot;x()&quot;&gt;Buses&lt;/i&gt;</a></h3>" in content
    assert "<p>Fares &amp; &lt;b&gt;bold&lt;/b&gt; claims</p>" in content
    assert "<i onclick" not in content


def test_search_with_no_match_says_so(client, about_lockdown):
    content = page(client, "/contributions/", {"q": "peacekeeping"})

    assert (result_titles(content), result_count(content)) == ([], 0)
    assert "No examples match. Try fewer words, or remove a choice." in content


# Facets


@pytest.fixture
def classified():
    """Contributions with several groups and sectors each, in two workshops."""
    first = CallFactory(workshop=WorkshopFactory(title="Leadership for Equity"))
    second = CallFactory(workshop=WorkshopFactory(title="More United than Divided"))
    common = {"summary": "What changed during lockdown."}
    contribution(
        call=first,
        title="One",
        groups=["age", "disability"],
        sectors=["health", "social-care"],
        effect="reduced",
        covid=True,
        levels=["policy-level"],
        country="Scotland",
        **common,
    )
    contribution(
        call=first,
        title="Two",
        groups=["age"],
        sectors=["health"],
        effect="created",
        covid=False,
        levels=["service-level"],
        country="Wales",
        **common,
    )
    contribution(
        call=second,
        title="Three",
        groups=["disability", "migrant-status"],
        sectors=["social-care", "housing"],
        effect="reduced",
        covid=True,
        levels=["policy-level", "service-level"],
        country="Scotland",
        summary="Housing only.",
    )
    contribution(
        call=second,
        title="Four",
        groups=["age", "migrant-status"],
        sectors=["housing"],
        effect="both",
        covid=None,
        country="scotland",
        **common,
    )
    contribution(call=second, title="Five", summary="Nothing chosen.", effect="", covid=None)


@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"sector": "health"},
        {"groups": "age"},
        {"groups": ["age", "disability"]},
        {"groups": "age", "effect": "reduced"},
        {"q": "lockdown", "level": "policy-level"},
        {"country": "Scotland"},
        {"covid": "yes", "sector": "social-care"},
    ],
)
def test_facet_counts_equal_the_results_of_each_choice(client, classified, chosen):
    content = page(client, "/contributions/", chosen)
    shown = {
        (name, label): (link, n)
        for name, choices in facet_links(content).items()
        for label, link, n in choices
    }

    followed = {
        key: result_count(page(client, "/contributions/" + link))
        for key, (link, _n) in shown.items()
    }

    assert followed == {key: n for key, (_link, n) in shown.items()}
    # A choice made counts what is shown now.
    chosen_counts = [n for _label, _link, n in chosen_links(content)]
    assert chosen_counts == [result_count(content)] * len(chosen_counts)


def test_facet_counts_of_the_whole_collection(client, classified):
    content = page(client, "/contributions/")

    counts = {
        name: [(label, n) for label, _link, n in choices]
        for name, choices in facet_links(content).items()
    }
    assert counts == {
        "groups": [("Age", 3), ("Disability", 2), ("Migrant status", 2)],
        "sector": [("Health", 2), ("Social care", 2), ("Housing", 2)],
        "effect": [
            ("Created inequality", 1),
            ("Reduced inequality", 2),
            ("Both: created some, reduced some", 1),
        ],
        "covid": [("Yes", 2), ("No", 1)],
        "level": [("Policy level", 2), ("Service level", 2)],
        "workshop": [("Leadership for Equity", 2), ("More United than Divided", 3)],
        "country": [("Scotland", 3), ("Wales", 1)],
    }


def test_facet_chosen_choice_links_back_without_it(client, classified):
    content = page(client, "/contributions/", {"groups": ["age", "disability"], "sector": "health"})

    assert chosen_links(content) == [
        ("Age", "?sector=health&groups=disability", 1),
        ("Disability", "?sector=health&groups=age", 1),
        ("Health", "?groups=age&groups=disability", 1),
    ]


def test_two_groups_find_only_the_contributions_naming_both(client, classified):
    both = page(client, "/contributions/", {"groups": ["age", "migrant-status"]})
    age = page(client, "/contributions/", {"groups": "age"})
    [link] = [link for label, link, _n in facet_links(age)["groups"] if label == "Migrant status"]
    clicked = page(client, "/contributions/" + link)

    assert (result_titles(both), result_count(both)) == (["Four"], 1)
    assert result_titles(clicked) == ["Four"]
    assert "Showing the examples that name every group chosen." in both


# The address


def test_filters_live_in_the_address(client, classified):
    address = "/contributions/?q=lockdown&groups=age&sector=health"
    content = page(client, address)
    bookmarked = page(client.__class__(), address)

    assert result_titles(content) == result_titles(bookmarked) == ["Two", "One"]
    # The search form keeps the choices; each facet's link keeps the search and the rest.
    assert '<input type="hidden" name="groups" value="age">' in content
    assert '<input type="hidden" name="sector" value="health">' in content
    assert [
        dict(QueryDict(link[1:]).lists()) for _label, link, _n in facet_links(content)["effect"]
    ] == [
        {"q": ["lockdown"], "sector": ["health"], "groups": ["age"], "effect": [effect]}
        for effect in ("created", "reduced")
    ]


def test_pages_of_results_keep_the_filters(client):
    for n in range(21):
        contribution(title=f"Example {n:02}", groups=["age"])
    contribution(title="Another group", groups=["sex"])

    first = page(client, "/contributions/", {"groups": "age"})
    second = page(client, "/contributions/", {"groups": "age", "page": 2})

    assert 'href="?groups=age&amp;page=2"' in first
    assert (len(result_titles(first)), result_titles(second)) == (20, ["Example 00"])


def test_a_page_past_the_last_shows_the_last_in_the_same_order(client):
    """The page asked for comes with the counts; the last page, shown for a number past it,
    is read on its own: both rank alike."""
    for n in range(12):
        contribution(title=f"Older people {n:02}", summary="Lockdown" if n % 3 else "Older")
    for n in range(12):
        contribution(title=f"Example {n:02}", summary="Older people during lockdown")

    second = page(client, "/contributions/", {"q": "lockdown older", "page": 2})
    past = page(client, "/contributions/", {"q": "lockdown older", "page": 9})

    assert result_titles(past) == result_titles(second)
    assert len(result_titles(second)) == 4
    # Those with both words first: twenty on page 1, then the four with only "older".
    assert not any(title.startswith("Example") for title in result_titles(second))


def test_unknown_parameters_change_neither_the_page_nor_its_cache_key(client, classified):
    plain = page(client, "/contributions/", {"groups": "age"})
    odd = page(
        client,
        "/contributions/",
        {"groups": ["age", "no such group!"], "utm_source": "newsletter", "effect": "nonsense"},
    )

    assert odd == plain
    assert cache_keys("collection") == ["groups=age"]


def test_unknown_parameters_add_no_cached_response(client, classified):
    page(client, "/contributions/", {"groups": "age"})
    page(client, "/contributions/", {"groups": "age", "utm_source": "newsletter"})

    assert cache_keys("response") == ["/contributions/?groups=age"]


# Queries


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    "chosen",
    [
        {},
        {"groups": "age"},
        {"groups": "age", "sector": "health", "level": "policy-level"},
        {"q": "older people", "groups": ["age", "disability"], "country": "Wales"},
    ],
)
def test_collection_queries_fixed_whatever_the_data_and_choices(
    client, django_assert_num_queries, count, chosen
):
    for n in range(count):
        contribution(
            title=f"Older people {n}",
            summary="Older people",
            groups=["age", "disability"],
            sectors=["health"],
            levels=["policy-level"],
            country="Wales",
        )

    # The groups, sector and level chosen looked up; the count, every facet and the page's
    # ids in one statement; the page's rows with the names of their groups.
    with django_assert_num_queries(3):
        content = page(client, "/contributions/", chosen)
    with django_assert_num_queries(0):  # the second visitor gets the cached page
        page(client, "/contributions/", chosen)

    assert result_count(content) == count


def test_search_vectors_are_kept_on_their_rows():
    """Ranking reads each result's vector twice; kept apart in TOAST, each read is a lookup
    in another table (migration 0005)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass "
            "AND attname = 'search_vector'",
            [Contribution._meta.db_table],
        )
        assert cursor.fetchone() == ("m",)  # main: on the row, compressed if it must be


def test_groups_changed_after_saving_are_what_filters_and_results_show(client):
    """The ids of a contribution's groups are kept on its row by the database, whoever
    changes the links (here the model's own many-to-many manager, as the admin does)."""
    made = contribution(title="Rural buses", groups=["age", "disability"])
    made.groups.remove(made.groups.get(slug="disability"))

    assert result_titles(page(client, "/contributions/", {"groups": "disability"})) == []
    content = page(client, "/contributions/", {"groups": "age"})
    assert result_titles(content) == ["Rural buses"]
    assert facet_links(content).get("groups", []) == []  # disability no longer offered

    made.groups.clear()
    made.groups.add(*EqualityGroup.objects.filter(slug__in=["race-and-ethnicity", "sex"]))

    content = page(client, "/contributions/", {"groups": ["race-and-ethnicity", "sex"]})
    assert result_titles(content) == ["Rural buses"]
    assert "Race and ethnicity · Sex" in content


def test_a_result_names_its_groups_effect_and_covid(client):
    contribution(title="Rural buses", groups=["age"], effect="reduced", covid=True)
    contribution(title="School meals", groups=[], effect="", covid=False)

    content = page(client, "/contributions/", {})

    assert "Age · Reduced inequality · COVID-19</p>" in content
    assert '<p class="small"></p>' not in content  # nothing to name, no empty line
    assert content.count("Age · Reduced inequality · COVID-19") == 1
