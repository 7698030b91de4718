"""Importing the networks, groups served and sectors of organisations, and charity and
company numbers as identifiers: what the preview says, what is saved, and what undo gives
back."""

import time

import pytest
from django.urls import reverse

from networks.models import EqualityGroup, Organisation, Sector
from networks.selectors.organisation_import import plan_import
from networks.services.organisation_import import (
    ImportRefused,
    import_organisations,
    undo_import,
)
from tests.factories import NetworkFactory, OrganisationFactory

from .test_import import as_csv, map_columns, upload

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Member of", "Equality groups", "Sector"]
COLUMNS = ["name", "networks", "equality_groups", "sectors"]


def groups(*names):
    return list(EqualityGroup.objects.filter(name__in=names))


def names(related) -> list[str]:
    return sorted(related.values_list("name", flat=True))


def import_rows(rows, columns, by):
    plan = plan_import(rows, columns)
    return import_organisations(rows, columns, digest=plan.digest, filename="a.csv", by=by)


@pytest.fixture
def arc(db):
    arc = OrganisationFactory(name="Arc of Inclusion")
    arc.equality_groups.set(groups("Disability", "Age"))
    arc.sectors.set(Sector.objects.filter(name="Housing"))
    return arc


def test_list_columns_are_guessed_from_other_peoples_headings(client, organiser):
    client.force_login(organiser)
    upload(client, as_csv([HEADER, ["Arc", "", "", ""]]))
    form = client.get(reverse("networks:import_columns")).context["form"]
    assert [form.initial[f"column_{n}"] for n in range(4)] == COLUMNS


def test_a_new_organisation_gets_its_networks_groups_and_sectors(organiser):
    NetworkFactory(name="Health, Care and Equality Network")
    NetworkFactory(name="Equal England")
    rows = [
        [
            "York Disability Rights Forum",
            "equal-england; Health, Care and Equality Network",
            "disability, RACE AND ETHNICITY",
            "Social care;Housing",
        ]
    ]

    import_rows(rows, COLUMNS, organiser)

    york = Organisation.objects.get(name="York Disability Rights Forum")
    assert names(york.networks) == ["Equal England", "Health, Care and Equality Network"]
    assert names(york.equality_groups) == ["Disability", "Race and ethnicity"]
    assert names(york.sectors) == ["Housing", "Social care"]


def test_the_preview_shows_a_changed_list_and_an_empty_cell_leaves_it(client, organiser, arc):
    OrganisationFactory(name="Pioneers Project").equality_groups.set(groups("Sex"))
    rows = [
        ["Arc of Inclusion", "", "Age; Disability; Race and ethnicity", "Housing"],
        ["Pioneers Project", "", "", ""],
    ]
    client.force_login(organiser)
    upload(client, as_csv([HEADER, *rows]))
    map_columns(client, COLUMNS)

    response = client.get(reverse("networks:import_preview"))

    plan = response.context["plan"]
    assert [(row.action, row.described) for row in plan.rows] == [
        ("update", ["Groups served: Age, Disability → Age, Disability, Race and ethnicity"]),
        ("unchanged", []),
    ]
    assert "Groups served: Age, Disability → Age, Disability, Race and ethnicity" in (
        response.content.decode()
    )
    key = client.session["networks.organisation_import"]["key"]
    client.post(reverse("networks:import_confirm"), {"key": key, "digest": plan.digest})
    assert names(arc.equality_groups) == ["Age", "Disability", "Race and ethnicity"]
    assert names(Organisation.objects.get(name="Pioneers Project").equality_groups) == ["Sex"]


def test_the_same_list_in_another_order_changes_nothing(arc):
    plan = plan_import([["Arc of Inclusion", "", "age,disability", "housing"]], COLUMNS)
    assert [row.action for row in plan.rows] == ["unchanged"]


def test_an_unknown_name_is_an_error_in_the_preview_and_the_errors_file(client, organiser, arc):
    rows = [["Arc of Inclusion", "Nowhere Network", "Martians; Age", "Space"]]
    client.force_login(organiser)
    upload(client, as_csv([HEADER, *rows]))
    map_columns(client, COLUMNS)

    plan = client.get(reverse("networks:import_preview")).context["plan"]
    errors = client.get(reverse("networks:import_errors"))

    assert plan.rows[0].errors == [
        "Networks: “Nowhere Network” is not a network the directory knows. Use the name of "
        "a network in the directory.",
        "Groups served: “Martians” is not a group the directory knows. Use one of the group "
        "names on the coverage map.",
        "Sectors: “Space” is not a sector the directory knows. Use one of the sector names "
        "on the coverage map.",
    ]
    lines = b"".join(errors.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1] == (
        "Arc of Inclusion,Nowhere Network,Martians; Age,Space,2," + " ".join(plan.rows[0].errors)
    )
    assert names(arc.equality_groups) == ["Age", "Disability"]


def test_undo_gives_back_exactly_the_lists_before(organiser, arc):
    health = NetworkFactory(name="Health Network")
    health.organisations.add(arc)
    equal = NetworkFactory(name="Equal England")
    rows = [
        ["Arc of Inclusion", "Equal England", "Sex", "Education; Health"],
        ["Pioneers Project", "Equal England; Health Network", "Age", "Housing"],
        ["Friendly Information Company", "Health Network", "", ""],
    ]
    batch = import_rows(rows, COLUMNS, organiser)
    assert names(arc.networks) == ["Equal England"]
    assert names(arc.sectors) == ["Education", "Health"]
    # Since the import, a person joined the Friendly Information Company to a network by
    # hand: that keeps it.
    friendly = Organisation.objects.get(name="Friendly Information Company")
    equal.organisations.add(friendly)

    undone = undo_import(batch, by=organiser)

    assert (undone.deleted, undone.restored, undone.kept) == (
        1,
        1,
        ["Friendly Information Company"],
    )
    assert names(arc.networks) == ["Health Network"]
    assert names(arc.equality_groups) == ["Age", "Disability"]
    assert names(arc.sectors) == ["Housing"]
    assert names(friendly.networks) == ["Equal England"]
    assert not Organisation.objects.filter(name="Pioneers Project").exists()


@pytest.mark.parametrize(
    ("heading", "cell", "identifier"),
    [
        ("Charity number", "1234567", "GB-CHC-1234567"),
        ("Registered charity number", "SC012345", "GB-SC-SC012345"),
        ("Charity number", "GB-CHC-7654321", "GB-CHC-7654321"),
        ("Company number", "1234567", "GB-COH-01234567"),
        ("Company number", "sc123456", "GB-COH-SC123456"),
    ],
)
def test_a_bare_register_number_becomes_an_org_id(client, organiser, heading, cell, identifier):
    client.force_login(organiser)
    upload(client, as_csv([["Name", heading], ["Arc of Inclusion", cell]]))
    form = client.get(reverse("networks:import_columns")).context["form"]
    map_columns(client, [form.initial["column_0"], form.initial["column_1"]])

    plan = client.get(reverse("networks:import_preview")).context["plan"]

    assert plan.rows[0].values["identifier"] == identifier


def test_a_charity_number_matches_the_org_id_the_directory_has(organiser):
    OrganisationFactory(name="Leeds Poverty Truth Commission", identifier="GB-CHC-1234567")
    plan = plan_import([["LPTC", "1234567"]], ["name", "charity_number"])
    assert plan.rows[0].match == "matches Leeds Poverty Truth Commission by identifier"
    assert plan.rows[0].described == ["Name: Leeds Poverty Truth Commission → LPTC"]


def test_a_number_no_register_gives_is_an_error(organiser):
    plan = plan_import([["Arc", "12-AB"]], ["name", "company_number"])
    assert plan.rows[0].errors == [
        "Company number: “12-AB” is not a Companies House number: it has 8 characters, "
        "such as 01234567 or SC123456."
    ]


def test_a_5000_row_file_with_lists_previews_in_bounded_queries_and_time(
    client, organiser, django_assert_num_queries
):
    network = NetworkFactory(name="Equal England")
    existing = Organisation.objects.bulk_create(
        Organisation(name=f"Existing {n}", slug=f"existing-{n}") for n in range(1000)
    )
    network.organisations.add(*existing)
    rows = [[f"Existing {n}", "Equal England", "Age; Sex", "Housing"] for n in range(1000)]
    rows += [[f"New group {n}", "Equal England", "Disability", ""] for n in range(4000)]
    client.force_login(organiser)
    upload(client, as_csv([HEADER, *rows]))
    map_columns(client, COLUMNS)

    started = time.monotonic()
    # The keys of every organisation, the names of the networks, groups and sectors, and the
    # values (with their lists) of the 1,000 it matches: never a query per row.
    with django_assert_num_queries(3):
        response = client.get(reverse("networks:import_preview"))
    assert time.monotonic() - started < 10
    plan = response.context["plan"]
    assert (len(plan.new), len(plan.updates), len(plan.errors)) == (4000, 1000, 0)
    assert plan.updates[0].described == [
        "Groups served: (empty) → Age, Sex",
        "Sectors: (empty) → Housing",
    ]


def test_a_list_changed_since_the_preview_saves_nothing(organiser, arc):
    rows = [["Arc of Inclusion", "", "Sex", ""], ["New Group", "", "Age", ""]]
    plan = plan_import(rows, COLUMNS)
    arc.equality_groups.set(groups("Sex"))

    with pytest.raises(ImportRefused) as refused:
        import_organisations(rows, COLUMNS, digest=plan.digest, filename="a.csv", by=organiser)

    assert "the directory changed since your preview" in str(refused.value)
    assert [row.action for row in refused.value.plan.rows] == ["unchanged", "new"]
    assert not Organisation.objects.filter(name="New Group").exists()
