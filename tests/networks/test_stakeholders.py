"""Stakeholder lists: organisers make and edit them, add, remove and update organisations,
and each list says which groups it still lacks, with suggestions from the directory."""

import pytest
from django.urls import reverse

from networks.models import Stakeholder, StakeholderList
from networks.selectors.stakeholders import list_gaps
from networks.services.stakeholders import StakeholderListDetails, create_stakeholder_list
from socialjustice.models import ActivityLog
from tests.factories import (
    OrganisationFactory,
    StakeholderFactory,
    StakeholderListFactory,
    UserFactory,
)

from .coverage_data import YORKSHIRE, build, replace_groups

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    return replace_groups()


@pytest.fixture
def directory(groups):
    return build(groups)


@pytest.fixture
def the_list(groups, directory):
    """Should reach disabled migrants in Yorkshire; has the disability forum on it, and the
    migrants' group, which declined."""
    stakeholder_list = StakeholderListFactory(
        title="Open conversation", region=YORKSHIRE, equality_groups=[groups["D"], groups["M"]]
    )
    organisations = directory["organisations"]
    StakeholderFactory(
        stakeholder_list=stakeholder_list, organisation=organisations["Leeds Disability Forum"]
    )
    StakeholderFactory(
        stakeholder_list=stakeholder_list,
        organisation=organisations["Leeds Migrant Voices"],
        state="declined",
    )
    return stakeholder_list


def verbs():
    return list(ActivityLog.objects.order_by("pk").values_list("verb", flat=True))


def test_the_list_says_which_groups_and_intersection_it_lacks_with_suggestions(the_list):
    gaps = list_gaps(the_list)

    assert [
        (reach.label, reach.wanted, reach.on_list, reach.in_region, reach.anywhere)
        for reach in [gaps.intersection, *gaps.groups]
    ] == [
        ("Disability + Migrant status", True, 0, 1, 2),
        # The groups it should reach first; a declined organisation does not count.
        ("Disability", True, 1, 2, 3),
        ("Migrant status", True, 0, 2, 3),
        ("Age", False, 0, 1, 2),
        ("Race and ethnicity", False, 0, 0, 1),
    ]
    assert [reach.label for reach in gaps.missing] == [
        "Disability + Migrant status",
        "Migrant status",
        "Age",
        "Race and ethnicity",
    ]
    suggested = {reach.label: [o.name for o in reach.suggestions] for reach in gaps.missing}
    # In the list's region first; never one already on the list (even one that declined).
    assert suggested == {
        "Disability + Migrant status": ["Disabled Migrants Leeds", "Edinburgh Refugee Group"],
        "Migrant status": ["Disabled Migrants Leeds", "Edinburgh Refugee Group"],
        "Age": ["York Carers", "Glasgow Elders"],
        "Race and ethnicity": ["Glasgow Elders"],
    }


def test_the_list_page_shows_the_gaps_and_one_click_suggestions(client, organiser, the_list):
    client.force_login(organiser)

    content = client.get(reverse("networks:stakeholder_list", args=[the_list.slug])).text

    assert "<h1>Open conversation</h1>" in content
    assert "The list lacks 4 groups or intersections" in content
    assert "All at once: Disability + Migrant status" in content
    assert '<td class="coverage-gap">Missing</td>' in content
    assert 'Add<span class="visually-hidden"> Disabled Migrants Leeds</span>' in content
    assert "groups=disability&amp;groups=migrant-status&amp;region=Yorkshire" in content


def test_an_organiser_makes_a_list_and_edits_it(client, organiser, groups):
    client.force_login(organiser)

    response = client.post(
        reverse("networks:stakeholder_list_create"),
        {"title": "  Who we   invite ", "region": "Scotland", "equality_groups": [groups["A"].pk]},
    )

    made = StakeholderList.objects.get()
    assert response.url == reverse("networks:stakeholder_list", args=[made.slug])
    assert (made.title, made.region, made.created_by) == ("Who we invite", "Scotland", organiser)
    assert list(made.equality_groups.all()) == [groups["A"]]

    response = client.post(
        reverse("networks:stakeholder_list_edit", args=[made.slug]),
        {"title": "Who we invite", "region": "", "equality_groups": [groups["R"].pk]},
    )

    made.refresh_from_db()
    assert response.status_code == 302
    assert made.region == ""
    assert list(made.equality_groups.all()) == [groups["R"]]
    assert verbs() == ["networks.stakeholders.saved"] * 2
    assert ActivityLog.objects.order_by("pk").last().data == {
        "fields": ["region", "groups it should reach"]
    }


def test_a_list_without_a_title_is_shown_again_with_the_problem(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("networks:stakeholder_list_create"), {"title": " "})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert StakeholderList.objects.count() == 0


def test_a_list_called_new_does_not_take_the_new_list_address(organiser, db):
    made = create_stakeholder_list(StakeholderListDetails(title="New"), by=organiser)

    assert made.slug == "new-2"


def test_adding_a_suggestion_by_one_click_and_refusing_it_twice(client, organiser, the_list):
    client.force_login(organiser)
    url = reverse("networks:stakeholder_add", args=[the_list.slug])
    york = OrganisationFactory(name="York Disability Rights")

    response = client.post(url, {"organisation": york.pk})
    assert response.status_code == 302
    again = client.post(url, {"organisation": york.pk})

    assert again.status_code == 200
    assert "York Disability Rights is on the list already." in again.text
    assert the_list.stakeholders.filter(organisation=york).get().state == "to_invite"
    assert verbs() == ["networks.stakeholder.changed"]


def test_adding_by_name_any_case_or_choosing_from_the_names_that_match(client, organiser, the_list):
    client.force_login(organiser)
    url = reverse("networks:stakeholder_add", args=[the_list.slug])

    response = client.post(url, {"name": "york   carers"})
    assert response.status_code == 302
    assert the_list.stakeholders.filter(organisation__name="York Carers").exists()

    response = client.post(url, {"name": "Leeds"})
    assert response.status_code == 200
    assert "No organisation in the directory has that name: choose one below." in response.text
    assert "Names that match" in response.text
    assert 'Add<span class="visually-hidden"> Disabled Migrants Leeds</span>' in response.text
    assert the_list.stakeholders.count() == 3


def test_changing_where_an_organisation_stands_and_removing_it(client, organiser, the_list):
    client.force_login(organiser)
    entry = the_list.stakeholders.get(organisation__name="Leeds Disability Forum")

    client.post(
        reverse("networks:stakeholder_state", args=[the_list.slug, entry.pk]),
        {"state": "accepted", "note": "Will co-chair."},
    )
    entry.refresh_from_db()
    assert (entry.state, entry.note) == ("accepted", "Will co-chair.")

    refused = client.post(
        reverse("networks:stakeholder_state", args=[the_list.slug, entry.pk]), {"state": "maybe"}
    )
    assert refused.status_code == 302
    entry.refresh_from_db()
    assert entry.state == "accepted"

    client.post(reverse("networks:stakeholder_remove", args=[the_list.slug, entry.pk]))
    assert not Stakeholder.objects.filter(pk=entry.pk).exists()
    assert verbs() == ["networks.stakeholder.changed"] * 2
    assert ActivityLog.objects.order_by("pk").last().data == {"removed": "Leeds Disability Forum"}


def test_an_entry_of_another_list_cannot_be_changed_through_this_one(client, organiser, the_list):
    client.force_login(organiser)
    other = StakeholderFactory()

    client.post(reverse("networks:stakeholder_remove", args=[the_list.slug, other.pk]))

    assert Stakeholder.objects.filter(pk=other.pk).exists()
    assert verbs() == []


@pytest.mark.parametrize(
    "name",
    ["networks:stakeholder_lists", "networks:stakeholder_list_create"],
)
def test_people_who_are_not_organisers_are_refused(client, name):
    client.force_login(UserFactory())

    assert client.get(reverse(name)).status_code == 403


def test_someone_who_is_not_an_organiser_cannot_see_a_list_or_change_it(client, the_list):
    client.force_login(UserFactory())
    entry = the_list.stakeholders.first()

    assert client.get(reverse("networks:stakeholder_list", args=[the_list.slug])).status_code == 403
    response = client.post(reverse("networks:stakeholder_remove", args=[the_list.slug, entry.pk]))
    assert response.status_code == 403
    assert Stakeholder.objects.filter(pk=entry.pk).exists()


LIST_PAGE_QUERIES = 14  # session, user, its groups, the list, its entries (3), the gaps (5) …


@pytest.mark.parametrize("times", [1, 5])
def test_the_list_pages_queries_do_not_grow_with_the_data(
    client, organiser, groups, times, django_assert_max_num_queries
):
    stakeholder_list = StakeholderListFactory(
        region=YORKSHIRE, equality_groups=[groups["D"], groups["M"]]
    )
    for n in range(times):
        made = build(groups, suffix=f" {n}" if n else "")
        for organisation in list(made["organisations"].values())[:2]:
            StakeholderFactory(stakeholder_list=stakeholder_list, organisation=organisation)
    client.force_login(organiser)

    with django_assert_max_num_queries(LIST_PAGE_QUERIES):
        response = client.get(reverse("networks:stakeholder_list", args=[stakeholder_list.slug]))
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("networks:stakeholder_lists")).status_code == 200


def test_the_demo_list_shows_the_initiatives_gaps_and_loads_once(db):
    from io import StringIO

    from networks.demo_coverage import SLUG, load_coverage

    load_coverage(StringIO())
    load_coverage(StringIO())

    demo = StakeholderList.objects.get(slug=SLUG)
    assert demo.stakeholders.count() == 8
    assert demo.stakeholders.filter(state="accepted").count() == 4
    gaps = list_gaps(demo)
    missing = [reach.label for reach in gaps.missing]
    assert missing[:2] == ["Age + Disability + Race and ethnicity", "Race and ethnicity"]
    assert "Disability" not in missing and "Age" not in missing
