"""The registrations of a workshop as a file: CSV for spreadsheets (made safe from formulas)
and JSON."""

import csv
import io
import json

import pytest

from tests.factories import NetworkFactory, RegistrationFactory, UserFactory
from tests.workshops.organiser_pages import at, organised_workshop, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop_organiser(db):
    return UserFactory()


@pytest.fixture
def workshop(workshop_organiser):
    return organised_workshop(workshop_organiser)


@pytest.fixture
def signed_in(client, workshop_organiser):
    client.force_login(workshop_organiser)
    return client


# The CSV export

HEADER = [
    "Name",
    "Email",
    "Organisation",
    "Sector",
    "Networks",
    "Access requirements",
    "Dietary needs",
    "How they heard",
    "Status",
    "Waiting position",
    "Registered at",
    "Confirmed at",
    "Cancelled at",
    "Attended at",
    "Consented to privacy notice at",
]


def export(client, workshop):
    response = client.get(url("registrations_csv", workshop))
    content = b"".join(response.streaming_content).decode("utf-8")
    return response, content


def test_csv_starts_with_bom_and_has_header_and_a_row_per_registration(signed_in, workshop):
    amira = RegistrationFactory(
        workshop=workshop,
        name="Amira Khan",
        email="amira@example.org",
        organisation="Leeds Food Aid",
        sector="voluntary",
        access_requirements="Step-free route",
        dietary_needs="Halal",
        how_heard="network",
        consented_at=at(1, 9, 30),
        created_at=at(1, 9, 30),
        confirmed_at=at(1, 9, 30),
        attended_at=at(20, 10, 2),
    )
    amira.networks.set(
        [NetworkFactory(name="Race Equality Forum"), NetworkFactory(name="Leeds Equality Network")]
    )
    RegistrationFactory(
        workshop=workshop,
        name="Dev Patel",
        email="dev@example.org",
        status="waiting",
        consented_at=at(2, 11),
        created_at=at(2, 11),
    )
    RegistrationFactory(
        workshop=workshop,
        name="Femi Okoro",
        email="femi@example.org",
        status="cancelled",
        consented_at=at(3, 12),
        created_at=at(3, 12),
        confirmed_at=at(3, 12),
        cancelled_at=at(4, 8, 15),
    )
    RegistrationFactory(name="Someone Else")  # another workshop's

    response, content = export(signed_in, workshop)

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{workshop.slug}-registrations.csv"'
    )
    assert content[0] == "\ufeff"
    rows = list(csv.reader(io.StringIO(content[1:])))
    assert rows == [
        HEADER,
        [
            "Amira Khan",
            "amira@example.org",
            "Leeds Food Aid",
            "Voluntary or community sector",
            "Leeds Equality Network; Race Equality Forum",
            "Step-free route",
            "Halal",
            "Through a network I belong to",
            "Confirmed",
            "",
            "2030-10-01 09:30",
            "2030-10-01 09:30",
            "",
            "2030-10-20 10:02",
            "2030-10-01 09:30",
        ],
        [
            "Dev Patel",
            "dev@example.org",
            "",
            "",
            "",
            "",
            "",
            "",
            "On the waiting list",
            "1",
            "2030-10-02 11:00",
            "",
            "",
            "",
            "2030-10-02 11:00",
        ],
        [
            "Femi Okoro",
            "femi@example.org",
            "",
            "",
            "",
            "",
            "",
            "",
            "Cancelled",
            "",
            "2030-10-03 12:00",
            "2030-10-03 12:00",
            "2030-10-04 08:15",
            "",
            "2030-10-03 12:00",
        ],
    ]


def test_csv_neutralises_formula_injection(signed_in, workshop):
    RegistrationFactory(
        workshop=workshop,
        name='=HYPERLINK("https://evil.example","Click")',
        organisation="+44 113 496 0000",
        access_requirements="-2+3",
        dietary_needs="@SUM(A1:A2)",
        email="plain@example.org",
    )

    _, content = export(signed_in, workshop)

    [row] = list(csv.reader(io.StringIO(content[1:])))[1:]
    assert row[:3] == [
        '\'=HYPERLINK("https://evil.example","Click")',
        "plain@example.org",
        "'+44 113 496 0000",
    ]
    assert row[5:7] == ["'-2+3", "'@SUM(A1:A2)"]


def test_csv_of_empty_workshop_has_only_the_header(signed_in, workshop):
    _, content = export(signed_in, workshop)
    assert content == "\ufeff" + ",".join(HEADER) + "\r\n"


def test_csv_leaves_negative_numbers_plain_text_and_tabs_alone(signed_in, workshop):
    RegistrationFactory(
        workshop=workshop,
        name="%APPDATA%",
        organisation="-5",
        access_requirements="Ramp | lift",
        dietary_needs="|calc",
        created_at=at(1, 9),
    )
    RegistrationFactory(
        workshop=workshop,
        name="\tTabbed Name",
        organisation="-1.5",
        access_requirements="\r=1+1",
        created_at=at(2, 9),
    )

    _, content = export(signed_in, workshop)

    first, second = list(csv.reader(io.StringIO(content[1:])))[1:]
    assert [first[0], first[2], first[5], first[6]] == [
        "'%APPDATA%",
        "-5",
        "Ramp | lift",
        "'\\|calc",
    ]
    assert [second[0], second[2], second[5]] == ["\tTabbed Name", "-1.5", "\r=1+1"]


def test_csv_is_never_stored_by_a_cache(signed_in, workshop):
    response, _ = export(signed_in, workshop)
    assert response["Cache-Control"] == "private, no-store"


# The JSON export


def test_json_has_an_object_a_registration_keyed_by_the_header(signed_in, workshop):
    RegistrationFactory(
        workshop=workshop,
        name='=HYPERLINK("https://evil.example","Click")',
        email="amira@example.org",
        access_requirements="Step-free route",
        consented_at=at(1, 9, 30),
        created_at=at(1, 9, 30),
        confirmed_at=at(1, 9, 30),
    )
    RegistrationFactory(
        workshop=workshop,
        name="Dev Patel",
        email="dev@example.org",
        status="waiting",
        consented_at=at(2, 11),
        created_at=at(2, 11),
    )
    RegistrationFactory(name="Someone Else")  # another workshop's

    response = signed_in.get(url("registrations_json", workshop))

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{workshop.slug}-registrations.json"'
    )
    assert response["Cache-Control"] == "private, no-store"
    blank = dict.fromkeys(HEADER, "")
    assert json.loads(b"".join(response.streaming_content)) == [
        blank
        | {
            # Not made safe for spreadsheets: JSON is read by programs, and keeps what was typed.
            "Name": '=HYPERLINK("https://evil.example","Click")',
            "Email": "amira@example.org",
            "Access requirements": "Step-free route",
            "Status": "Confirmed",
            "Registered at": "2030-10-01 09:30",
            "Confirmed at": "2030-10-01 09:30",
            "Consented to privacy notice at": "2030-10-01 09:30",
        },
        blank
        | {
            "Name": "Dev Patel",
            "Email": "dev@example.org",
            "Status": "On the waiting list",
            "Waiting position": "1",
            "Registered at": "2030-10-02 11:00",
            "Consented to privacy notice at": "2030-10-02 11:00",
        },
    ]


def test_json_of_empty_workshop_is_an_empty_list(signed_in, workshop):
    response = signed_in.get(url("registrations_json", workshop))
    assert b"".join(response.streaming_content) == b"[]"
