"""The queries of the directory's pages that bench/networks.py measures, as an anonymous
visitor gets them uncached, pinned at one and ten times the data: the coverage map plain, with
two groups at once, with a region, with a city and two groups, with sectors and places as
columns; the directory's two lists and their searches; the network picture. The counts stay
the same with ten times the networks and organisations, and every count is done by the
database (one grouped query for a whole table), never a query for each row."""

import pytest
from django.urls import reverse

from tests.factories import CollaborationFactory

from .coverage_data import YORKSHIRE, build, replace_groups

pytestmark = pytest.mark.django_db

TWO_GROUPS = {"groups": ["disability", "migrant-status"]}
# (page, its parameters, queries (or at one and at ten times), what the visitor reads there).
PAGES = [
    # The places the directory names, the groups, the networks covering each, the columns
    # (their count and their page), the cells (3).
    ("networks:coverage", {}, 8, "Who is missing"),
    # And who covers both: the networks and how many, their members serving both, the
    # organisations serving both, the row of organisations serving both; and how many
    # organisations there are, once more than the twenty named (at ten times the data).
    ("networks:coverage", TWO_GROUPS, (12, 13), "Who covers Disability + Migrant status at once"),
    # And the networks covering each gap in other places.
    ("networks:coverage", {"region": YORKSHIRE}, 9, f"Who is missing in {YORKSHIRE}"),
    (
        "networks:coverage",
        {"city": "Leeds", **TWO_GROUPS},
        13,
        "Who covers Disability + Migrant status at once",
    ),
    # Sectors as columns: no networks' own word to read; places: made from the places read
    # first, not counted and paged by queries of their own.
    ("networks:coverage", {"columns": "sectors"}, 7, "by public service sector"),
    ("networks:coverage", {"columns": "places"}, 5, "by place"),
    # The filters' choices (3), the count, the page, its sectors and groups; the
    # partnerships with their networks (2).
    ("networks:directory", {}, 9, "Leeds Equality Network"),
    ("networks:directory", {"q": "leeds"}, 9, "Leeds Equality Network"),
    ("networks:organisations", {}, 7, "Disabled Migrants Leeds"),
    (
        "networks:organisations",
        {"q": "leeds", "group": "disability", "place": "Leeds"},
        7,
        "Disabled Migrants Leeds",
    ),
    # The graph (6); the text list of links (4); the collaborations with theirs (3).
    ("networks:picture", {}, 13, "Bridges between networks"),
]


@pytest.fixture
def groups():
    return replace_groups()


@pytest.mark.parametrize("times", [1, 10])
@pytest.mark.parametrize(("name", "params", "queries", "text"), PAGES)
def test_each_measured_page_takes_the_same_queries_at_ten_times_the_data(
    client, groups, times, name, params, queries, text, django_assert_num_queries
):
    for n in range(times):
        made = build(groups, suffix=f" {n}" if n else "")
        CollaborationFactory(networks=[made["networks"]["LEN"], made["networks"]["SN"]])

    with django_assert_num_queries(queries if isinstance(queries, int) else queries[times > 1]):
        response = client.get(reverse(name), params)

    assert response.status_code == 200
    assert text in response.content.decode()
