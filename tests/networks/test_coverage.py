"""The coverage map on a directory whose answer is known (tests/networks/coverage_data.py):
the counts in each cell, the gaps, the intersections, the place filter, the summary's
sentences, the CSV file, the cache, and the number of queries at one and five times the data."""

import pytest
from django.urls import reverse

from networks.forms.coverage import coverage_filters
from networks.selectors.coverage import CoverageFilters, coverage_map
from networks.selectors.coverage_summary import summary
from tests.factories import NetworkFactory

from .coverage_data import YORKSHIRE, build, replace_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    return replace_groups()


@pytest.fixture
def directory(groups):
    return build(groups)


def shown(found):
    """The matrix as the page shows it: a cell is its number, with ✓ when the network says
    it covers the group itself, or "Gap"."""

    def cell(cell):
        if cell.gap:
            return "Gap"
        return f"{cell.count}{'✓' if cell.declared else ''}"

    return [
        [row.label, row.total, *(cell(each) for each in row.cells)] for row in found.matrix.rows
    ]


def columns(found):
    return [column.label for column in found.matrix.columns]


def test_the_networks_matrix_counts_organisations_serving_each_group_in_each_network(directory):
    found = coverage_map(CoverageFilters())

    assert columns(found) == [
        "Equal England",
        "Leeds Equality Network",
        "Scottish Network",
        "Sheffield Forum",
    ]
    assert shown(found) == [
        # group, any organisation, EE, LEN, SN, SF
        ["Age", 2, "Gap", "Gap", "1", "Gap"],
        ["Disability", 3, "1", "1✓", "Gap", "Gap"],
        ["Migrant status", 3, "2", "1", "0✓", "Gap"],
        ["Race and ethnicity", 1, "Gap", "Gap", "1", "0✓"],
    ]


def test_an_intersection_adds_a_row_of_organisations_serving_all_at_once(directory):
    found = coverage_map(CoverageFilters(groups=("disability", "migrant-status")))

    assert shown(found)[0] == ["Disability + Migrant status", 2, "1", "Gap", "Gap", "Gap"]
    together = found.intersection
    # Equal England's members serve both (one of them both at once); Leeds Equality Network
    # says it covers Disability and a member serves Migrant status: together, both.
    assert [(n.name, n.at_once) for n in together.networks] == [
        ("Equal England", 1),
        ("Leeds Equality Network", 0),
    ]
    assert together.network_count == 2
    assert [o.name for o in together.organisations] == [
        "Disabled Migrants Leeds",
        "Edinburgh Refugee Group",
    ]
    assert together.organisation_count == 2


def test_an_intersection_nobody_covers_names_the_networks_that_come_closest(directory):
    found = coverage_map(CoverageFilters(groups=("disability", "age")))

    together = found.intersection
    assert together.networks == []
    assert [(n.name, [g.name for g in n.covers]) for n in together.near] == [
        ("Equal England", ["Disability"]),
        ("Leeds Equality Network", ["Disability"]),
        ("Scottish Network", ["Age"]),
    ]
    assert together.organisation_count == 0
    assert summary(found)[0] == (
        "No network covers Age and Disability together. Three networks come close: Equal "
        "England (Disability), Leeds Equality Network (Disability) and Scottish Network (Age). "
        "No organisation serves all of them at once."
    )


def test_a_city_narrows_organisations_and_networks(directory):
    found = coverage_map(CoverageFilters(city="Leeds", groups=("disability", "migrant-status")))

    # Leeds Equality Network is based in Leeds; Equal England has members there.
    assert columns(found) == ["Equal England", "Leeds Equality Network"]
    assert shown(found) == [
        ["Disability + Migrant status", 1, "1", "Gap"],
        ["Age", 0, "Gap", "Gap"],
        ["Disability", 2, "1", "1✓"],
        ["Migrant status", 2, "2", "1"],
        ["Race and ethnicity", 0, "Gap", "Gap"],
    ]
    assert [gap.group.name for gap in found.gaps] == ["Age", "Race and ethnicity"]
    assert [(gap.elsewhere, gap.more_elsewhere) for gap in found.gaps] == [
        (["Scottish Network"], False),
        (["Scottish Network", "Sheffield Forum"], False),
    ]
    assert summary(found) == [
        "Two networks in Leeds cover Disability and Migrant status together: Equal England "
        "and Leeds Equality Network. One organisation in Leeds serves all of them at once.",
        "No network in Leeds covers Age and Race and ethnicity.",
        "Age: one network covers it in other places: Scottish Network.",
        "Race and ethnicity: two networks cover it in other places: Scottish Network and "
        "Sheffield Forum.",
    ]


def test_many_networks_elsewhere_are_named_three_and_others(directory, groups):
    for name in ("Bradford Race Forum", "Hull Race Forum", "York Race Forum"):
        NetworkFactory(name=name, city=name.split()[0]).equality_groups.add(groups["R"])

    found = coverage_map(CoverageFilters(city="Leeds"))

    assert summary(found)[-1] == (
        "Race and ethnicity: networks covering it in other places include Scottish Network, "
        "Bradford Race Forum and Hull Race Forum."
    )


def test_an_intersection_covered_only_elsewhere_says_where(directory):
    found = coverage_map(CoverageFilters(city="Leeds", groups=("age", "race")))

    assert summary(found)[0] == (
        "No network in Leeds covers Age and Race and ethnicity together. No network in Leeds "
        "covers any of them. In other places, Scottish Network covers them all. No "
        "organisation in Leeds serves all of them at once."
    )


def test_a_region_matches_a_nation_too_and_names_organisations_in_no_network(directory):
    found = coverage_map(CoverageFilters(region="scotland"))

    assert columns(found) == ["Scottish Network"]
    assert shown(found) == [
        ["Age", 1, "1"],
        ["Disability", 1, "Gap"],  # Edinburgh Refugee Group: Scotland, in no network
        ["Migrant status", 1, "0✓"],
        ["Race and ethnicity", 1, "1"],
    ]
    assert summary(found) == [
        "No network in Scotland covers Disability.",
        "Disability: two networks cover it in other places: Equal England and Leeds Equality "
        "Network. One organisation in Scotland serves it but is in no network yet.",
    ]


def test_a_place_nobody_covers_anything_says_so(directory):
    found = coverage_map(CoverageFilters(city="Sheffield"))

    assert columns(found) == ["Sheffield Forum"]
    assert [gap.group.name for gap in found.gaps] == ["Age", "Disability", "Migrant status"]
    assert summary(found)[:2] == [
        "No network in Sheffield covers Age, Disability and Migrant status.",
        "Age: one network covers it in other places: Scottish Network.",
    ]


def test_every_group_covered_is_said_plainly(groups):
    network = build(groups)["networks"]["EE"]
    network.equality_groups.add(*groups.values())

    found = coverage_map(CoverageFilters())

    assert found.gaps == []
    assert summary(found) == ["Every group has at least one network that covers it."]


def test_sectors_as_columns(directory):
    found = coverage_map(CoverageFilters(columns="sectors"))

    by_sector = {column.label: n for n, column in enumerate(found.matrix.columns)}
    picked = [
        [row.label, *(row.cells[by_sector[name]].count for name in ("Health", "Housing"))]
        + [row.cells[by_sector["Social care"]].count]
        for row in found.matrix.rows
    ]
    assert picked == [
        ["Age", 0, 0, 1],
        ["Disability", 2, 0, 0],
        ["Migrant status", 1, 1, 0],
        ["Race and ethnicity", 0, 0, 1],
    ]
    assert all(row.cells[by_sector["Education"]].gap for row in found.matrix.rows)


def test_places_as_columns_are_regions_then_the_towns_of_the_region_chosen(directory):
    found = coverage_map(CoverageFilters(columns="places"))
    assert columns(found) == ["Scotland", YORKSHIRE]
    assert shown(found) == [
        ["Age", 2, "1", "1"],
        ["Disability", 3, "Gap", "2"],
        ["Migrant status", 3, "Gap", "2"],
        ["Race and ethnicity", 1, "1", "Gap"],
    ]

    found = coverage_map(CoverageFilters(columns="places", region=YORKSHIRE))
    assert columns(found) == ["Leeds", "York"]
    assert shown(found)[0] == ["Age", 1, "Gap", "1"]


def test_networks_come_thirty_columns_at_a_time(groups):
    for n in range(35):
        NetworkFactory(name=f"Network {n:02d}")

    first = coverage_map(CoverageFilters())
    second = coverage_map(CoverageFilters(page=2))

    assert len(first.matrix.columns) == 30
    assert columns(second) == [f"Network {n}" for n in range(30, 35)]
    assert second.matrix.page.paginator.count == 35


def test_the_filters_are_checked_and_rebuilt(client):
    from django.http import QueryDict

    query = QueryDict(
        "columns=nonsense&groups=age&groups=age&groups=<b>&groups=disability&region=%20North"
        "%20%20East&page=0&utm_source=x"
    )
    filters, kept = coverage_filters(query)

    assert filters == CoverageFilters(groups=("age", "disability"), region="North East")
    assert kept.urlencode() == "groups=age&groups=disability&region=North+East"


def test_the_page_shows_the_summary_and_a_table_that_reads_without_colour(client, directory):
    response = client.get(
        reverse("networks:coverage"),
        {"groups": ["disability", "migrant-status"], "city": "Leeds"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Who is missing in Leeds" in content
    assert "No network in Leeds covers Age and Race and ethnicity." in content
    assert '<caption id="coverage-caption">' in content
    assert '<th scope="row">All at once: Disability + Migrant status</th>' in content
    assert 'role="region" tabindex="0" aria-labelledby="coverage-caption"' in content
    assert content.count('<td class="coverage-gap">Gap</td>') == 5
    assert content.count('<td class="coverage-gap">No one</td>') == 2
    assert "the network says it covers it" in content
    assert 'value="disability" id="group-disability" checked' in content


def test_the_csv_file_has_a_row_for_every_cell(client, directory):
    response = client.get(reverse("networks:coverage_csv"), {"city": "Leeds"})

    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == (
        "Equality group,Place,Column kind,Column,Organisations,"
        "The network says it covers the group,Gap"
    )
    assert lines[1:4] == [
        "Age,Leeds,All,Any organisation,0,,Yes",
        "Age,Leeds,Network,Equal England,0,No,Yes",
        "Age,Leeds,Network,Leeds Equality Network,0,No,Yes",
    ]
    assert "Disability,Leeds,Network,Leeds Equality Network,1,Yes,No" in lines
    assert len(lines) == 1 + 4 * 3


def test_anonymous_visitors_get_the_page_from_the_cache(
    client, directory, django_assert_num_queries
):
    url = reverse("networks:coverage") + "?groups=age&groups=race&city=Leeds"
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


def test_the_cached_page_changes_when_an_organisation_serves_a_new_group(
    client, directory, groups, django_capture_on_commit_callbacks
):
    url = reverse("networks:coverage") + "?city=Leeds"
    assert "No network in Leeds covers Age and Race and ethnicity." in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        directory["organisations"]["Leeds Disability Forum"].equality_groups.add(groups["A"])

    assert "No network in Leeds covers Race and ethnicity." in client.get(url).text


def test_the_cached_page_changes_when_a_network_takes_a_member(
    client, directory, django_capture_on_commit_callbacks
):
    url = reverse("networks:coverage") + "?region=Scotland"
    assert "No network in Scotland covers Disability." in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        directory["networks"]["SN"].organisations.add(
            directory["organisations"]["Edinburgh Refugee Group"]
        )

    assert "Every group has at least one network in Scotland" in client.get(url).text


# At most: places (2), groups, the intersection (networks covering all and how many, or the
# nearest and those elsewhere; organisations and how many: 5), the networks covering each
# group, the columns (2), the cells (4), and the networks covering each gap elsewhere (2).
PAGE_QUERIES = 17


@pytest.mark.parametrize("times", [1, 5])
def test_the_number_of_queries_does_not_grow_with_the_data(
    groups, times, django_assert_max_num_queries, client
):
    for n in range(times):
        build(groups, suffix=f" {n}" if n else "")
    filters = CoverageFilters(city="Leeds", groups=("disability", "migrant-status"))

    with django_assert_max_num_queries(PAGE_QUERIES):
        summary(coverage_map(filters))
    for columns_shown in ("networks", "sectors", "places"):
        with django_assert_max_num_queries(PAGE_QUERIES):
            coverage_map(CoverageFilters(columns=columns_shown, groups=("age", "race")))
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(
            reverse("networks:coverage"), {"groups": ["age", "race"], "region": "Scotland"}
        )
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        b"".join(client.get(reverse("networks:coverage_csv")).streaming_content)
