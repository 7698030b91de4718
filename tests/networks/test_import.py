"""Importing organisations from a spreadsheet: the columns, the preview (new, updated,
duplicate and failing rows), all or nothing, undo, the round trip and a large file."""

import time

import pytest
from defusedcsv import csv
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from networks.models import EqualityGroup, ImportBatch, ImportedRow, Organisation, Sector
from networks.selectors.organisation_import import plan_import
from networks.selectors.spreadsheets import guess_columns
from networks.services.organisation_import import (
    ImportRefused,
    import_organisations,
    undo_import,
)
from socialjustice.models import ActivityLog
from tests.factories import NetworkFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["Organisation", "Charity number", "Web address", "Town", "Research site", "Notes"]
COLUMNS = ["name", "charity_number", "website", "city", "research_site", ""]


@pytest.fixture
def leeds(db):
    return OrganisationFactory(
        name="University of Leeds",
        website="https://www.leeds.ac.uk/",
        identifier="GB-EDU-133",
        city="Leeds",
        contact_name="Ghazala Mir",
        contact_email="g.mir@example.org",
    )


def upload(client, text: str, name="organisations.csv", encoding="utf-8"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(reverse("networks:organisations_import"), {"file": file})


def map_columns(client, columns):
    data = {f"column_{n}": name for n, name in enumerate(columns)}
    return client.post(reverse("networks:import_columns"), data)


def as_csv(rows) -> str:
    lines = []

    class Out:
        def write(self, text):
            lines.append(text)

    writer = csv.writer(Out())
    for row in rows:
        writer.writerow(row)
    return "".join(lines)


def test_columns_are_guessed_from_other_peoples_headings():
    assert guess_columns(HEADER) == COLUMNS
    assert guess_columns(["Name", "NAME", "E-mail", "Type"]) == [
        "name",
        "",
        "contact_email",
        "kind",
    ]


def test_preview_shows_new_updated_duplicate_and_failing_rows(client, organiser, leeds):
    OrganisationFactory(name="Equal England Forum", website="https://eef.example.org")
    rows = [
        ["Leeds Poverty Truth Commission", "", "leedspovertytruth.org.uk", "Leeds", "yes", ""],
        ["Leeds University", "", "https://leeds.ac.uk/about", "Leeds", "yes", ""],
        ["equal england forum.", "GB-CHC-99", "", "", "", ""],
        ["Leeds Poverty Truth Commission", "", "", "Leeds", "", "twice"],
        ["", "", "not a website", "", "perhaps", ""],
    ]
    client.force_login(organiser)
    assert upload(client, as_csv([HEADER, *rows])).url == reverse("networks:import_columns")
    assert map_columns(client, COLUMNS).url == reverse("networks:import_preview")

    response = client.get(reverse("networks:import_preview"))

    plan = response.context["plan"]
    assert [(row.line, row.action) for row in plan.rows] == [
        (2, "new"),
        (3, "update"),
        (4, "update"),
        (5, "duplicate"),
        (6, "error"),
    ]
    update = plan.rows[1]
    assert update.match == "matches University of Leeds by website"
    assert update.described == [
        "Name: University of Leeds → Leeds University",
        "Website: https://www.leeds.ac.uk/ → https://leeds.ac.uk/about",
        "Willing to act as a research site: No → Yes",
    ]
    assert plan.rows[2].match == "matches Equal England Forum by name"
    assert plan.rows[3].duplicate_of == 2
    assert plan.rows[4].errors == [
        "Website: “not a website” is not a website address.",
        "Willing to act as a research site: “perhaps” is not yes or no.",
        "A new organisation needs a name.",
    ]
    content = response.content.decode()
    assert "1 row has a mistake: nothing can be imported yet" in content
    assert "matches University of Leeds by website" in content
    assert "It looks like row 2." in content
    assert "Import these organisations" not in content  # no button while a row is wrong
    assert Organisation.objects.count() == 2

    errors = client.get(reverse("networks:import_errors"))
    lines = b"".join(errors.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [
        "Organisation,Charity number,Web address,Town,Research site,Notes,Row,What is wrong",
        ",,not a website,,perhaps,,6,Website: “not a website” is not a website address. "
        "Willing to act as a research site: “perhaps” is not yes or no. "
        "A new organisation needs a name.",
    ]


def test_a_row_corrected_in_the_preview_is_previewed_again_then_imported(client, organiser):
    client.force_login(organiser)
    upload(
        client,
        as_csv([HEADER, ["Arc of Inclusion", "", "", "", "", ""], ["", "", "", "York", "", ""]]),
    )
    map_columns(client, COLUMNS)
    key = client.session["networks.organisation_import"]["key"]

    response = client.post(
        reverse("networks:import_preview"),
        {"line": "3", "key": key, "cell_0": "York Disability Rights Forum", "cell_3": "York"},
    )

    assert response.status_code == 302
    assert response.url == reverse("networks:import_preview") + "#row-3"
    plan = client.get(reverse("networks:import_preview")).context["plan"]
    assert [(row.line, row.action, row.name) for row in plan.rows] == [
        (2, "new", "Arc of Inclusion"),
        (3, "new", "York Disability Rights Forum"),
    ]
    response = client.post(reverse("networks:import_confirm"), {"key": key, "digest": plan.digest})
    assert response.url == reverse("networks:import_batches")
    assert sorted(Organisation.objects.values_list("name", "city")) == [
        ("Arc of Inclusion", ""),
        ("York Disability Rights Forum", "York"),
    ]
    assert "networks.organisation_import" not in client.session


def test_an_error_in_one_row_saves_nothing(organiser, leeds):
    rows = [
        ["Arc of Inclusion", "", "", "", "", ""],
        ["Centre for Good Relations", "", "", "", "maybe", ""],
    ]
    plan = plan_import(rows, COLUMNS)
    assert [row.action for row in plan.rows] == ["new", "error"]

    with pytest.raises(ImportRefused) as refused:
        import_organisations(rows, COLUMNS, digest=plan.digest, filename="x.csv", by=organiser)

    assert str(refused.value).startswith("Nothing was saved: some rows have errors.")
    assert Organisation.objects.count() == 1
    assert ImportBatch.objects.count() == 0
    assert ActivityLog.objects.count() == 0


def test_an_organisation_changed_since_the_preview_saves_nothing(organiser, leeds):
    rows = [["University of Leeds", "", "", "Bradford", "", ""], ["New Group", "", "", "", "", ""]]
    plan = plan_import(rows, COLUMNS)
    Organisation.objects.filter(pk=leeds.pk).update(city="Wakefield")

    with pytest.raises(ImportRefused) as refused:
        import_organisations(rows, COLUMNS, digest=plan.digest, filename="x.csv", by=organiser)

    assert "the directory changed since your preview" in str(refused.value)
    assert refused.value.plan.rows[0].changes == {"city": ["Wakefield", "Bradford"]}
    assert not Organisation.objects.filter(name="New Group").exists()


def test_import_records_the_batch_and_undo_removes_exactly_it(organiser, leeds):
    untouched = OrganisationFactory(name="Centre for Good Relations", city="Leeds")
    rows = [
        ["University of Leeds", "", "", "Bradford", "no", ""],
        ["Arc of Inclusion", "GB-CHC-1", "arc.example.org", "", "yes", ""],
        ["Friendly Information Company", "", "", "", "", ""],
    ]
    plan = plan_import(rows, COLUMNS)

    batch = import_organisations(
        rows, COLUMNS, digest=plan.digest, filename="list.csv", by=organiser
    )

    arc = Organisation.objects.get(name="Arc of Inclusion")
    assert (arc.identifier, arc.website, arc.research_site) == (
        "GB-CHC-1",
        "https://arc.example.org",
        True,
    )
    leeds.refresh_from_db()
    assert leeds.city == "Bradford"
    assert sorted((row.organisation.name, row.created, row.before) for row in batch.rows.all()) == [
        ("Arc of Inclusion", True, {}),
        ("Friendly Information Company", True, {}),
        ("University of Leeds", False, {"city": "Leeds"}),
    ]
    log = ActivityLog.objects.get()
    assert (log.verb, log.actor, log.data) == (
        "networks.import.done",
        organiser,
        {"rows": 3, "created": 2, "updated": 1},
    )

    # Since the import, a network lists one of the new organisations: it must stay.
    NetworkFactory().organisations.add(arc)
    undone = undo_import(batch, by=organiser)

    assert (undone.deleted, undone.restored, undone.kept) == (1, 1, ["Arc of Inclusion"])
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "Arc of Inclusion",
        "Centre for Good Relations",
        "University of Leeds",
    ]
    leeds.refresh_from_db()
    untouched.refresh_from_db()
    assert (leeds.city, leeds.contact_email, untouched.city) == (
        "Leeds",
        "g.mir@example.org",
        "Leeds",
    )
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert ActivityLog.objects.order_by("pk").last().verb == "networks.import.undone"
    with pytest.raises(Exception, match="undone already"):
        undo_import(batch, by=organiser)


def test_an_import_cannot_be_undone_under_a_later_one(organiser, leeds):
    first_rows = [["University of Leeds", "", "", "Bradford", "", ""]]
    first = import_organisations(
        first_rows,
        COLUMNS,
        digest=plan_import(first_rows, COLUMNS).digest,
        filename="a",
        by=organiser,
    )
    later_rows = [["University of Leeds", "", "", "York", "", ""]]
    later = import_organisations(
        later_rows,
        COLUMNS,
        digest=plan_import(later_rows, COLUMNS).digest,
        filename="b",
        by=organiser,
    )

    with pytest.raises(Exception, match=f"Import {later.pk}, made later"):
        undo_import(first, by=organiser)

    undo_import(later, by=organiser)
    undo_import(first, by=organiser)
    leeds.refresh_from_db()
    assert leeds.city == "Leeds"


def test_the_round_trip_changes_nothing(client, organiser, leeds):
    truth = OrganisationFactory(
        name="Leeds Poverty Truth Commission",
        kind="voluntary",
        description="Uses research\nto drive holistic change.",
        open_to_collaboration=True,
    )
    # Lists in every column: a column the import ignored, or read differently, would change
    # them (a name with a comma, and groups whose order differs from the names').
    truth.equality_groups.set(EqualityGroup.objects.filter(name__in=["Disability", "Age"]))
    truth.sectors.set(Sector.objects.filter(name__in=["Housing", "Social care"]))
    leeds.sectors.set(Sector.objects.filter(name="Education"))
    NetworkFactory(name="Health, Care and Equality Network").organisations.add(truth, leeds)
    NetworkFactory(name="Equal England").organisations.add(truth)
    client.force_login(organiser)
    exported = client.get(reverse("networks:organisations_export"))
    text = b"".join(exported.streaming_content).decode("utf-8")

    upload(client, text, name="organisations-with-contacts.csv")
    form_columns = client.get(reverse("networks:import_columns")).context["form"]
    guessed = [form_columns.initial.get(f"column_{n}", "") for n in range(form_columns.width)]
    assert guessed == [
        "name",
        "identifier",
        "kind",
        "website",
        "description",
        "place",
        "city",
        "region",
        "country",
        "research_site",
        "open_to_collaboration",
        "contact_name",
        "contact_email",
        "networks",
        "equality_groups",
        "sectors",
    ]
    map_columns(client, guessed)
    response = client.get(reverse("networks:import_preview"))

    plan = response.context["plan"]
    assert [row.action for row in plan.rows] == ["unchanged", "unchanged"]
    lists = ("networks", "equality_groups", "sectors")
    assert {
        row.name: [", ".join(term.name for term in row.values.get(name, ())) for name in lists]
        for row in plan.rows
    } == {
        "Leeds Poverty Truth Commission": [
            "Equal England, Health, Care and Equality Network",
            "Age, Disability",
            "Housing, Social care",
        ],
        "University of Leeds": ["Health, Care and Equality Network", "", "Education"],
    }
    assert "No changes: every organisation in the file is as the directory has it already." in (
        response.content.decode()
    )


def test_the_public_spreadsheet_never_has_contacts(client, leeds):
    response = client.get(reverse("networks:organisations_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Name,Identifier,Kind,Website,Description,Place,Town or city,Region,Country,"
        "Willing to act as a research site,Open to collaboration,Networks,Groups served,Sectors"
    )
    assert "g.mir@example.org" not in text
    assert "Ghazala" not in text


def test_columns_must_name_a_field_once_and_include_the_name(client, organiser):
    client.force_login(organiser)
    upload(client, as_csv([HEADER, ["Arc", "", "", "", "", ""]]))
    response = map_columns(client, ["city", "", "", "city", "", ""])
    content = response.content.decode()
    assert "Column 1 is “Town or city” already: choose it for one column only." in content
    response = map_columns(client, ["city", "", "", "", "", ""])
    assert "Choose the column with the organisations&#x27; names" in response.content.decode()


def test_a_5000_row_file_previews_in_bounded_queries_and_time(
    client, organiser, django_assert_num_queries
):
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Existing {n}", slug=f"existing-{n}", website=f"https://e{n}.example.org"
        )
        for n in range(1000)
    )
    rows = [[f"Existing {n}", "", f"e{n}.example.org", "Leeds", "yes", ""] for n in range(1000)]
    rows += [
        [f"New group {n}", f"GB-CHC-{n}", f"n{n}.example.org", "", "", ""] for n in range(4000)
    ]
    client.force_login(organiser)
    upload(client, as_csv([HEADER, *rows]))
    map_columns(client, COLUMNS)

    started = time.monotonic()
    # The keys of every organisation, the values of the 1,000 it matches (the person, their
    # session and permissions come from Redis): never a query per row.
    with django_assert_num_queries(2):
        response = client.get(reverse("networks:import_preview"))
    assert time.monotonic() - started < 10
    plan = response.context["plan"]
    assert (len(plan.new), len(plan.updates), len(plan.errors)) == (4000, 1000, 0)


def test_the_import_flow_is_for_organisers_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("networks:organisations_import")).status_code == 403
    assert client.get(reverse("networks:import_preview")).status_code == 403
    assert client.get(reverse("networks:organisations_export")).status_code == 403


def test_undo_through_the_page_says_which_organisations_stay(client, organiser):
    rows = [["Arc of Inclusion", "", "", "", "", ""], ["Pioneers Project", "", "", "", "", ""]]
    batch = import_organisations(
        rows, COLUMNS, digest=plan_import(rows, COLUMNS).digest, filename="a.csv", by=organiser
    )
    UserFactory(organisation=Organisation.objects.get(name="Pioneers Project"))
    client.force_login(organiser)

    response = client.post(reverse("networks:import_undo", args=[batch.pk]), follow=True)

    assert (
        f"Import {batch.pk} is undone: 1 organisations deleted, 0 restored. These stay, because "
        "people, networks or workshops name them now: Pioneers Project."
    ) in response.content.decode()
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Pioneers Project"]
    assert ImportedRow.objects.filter(batch=batch).count() == 2
