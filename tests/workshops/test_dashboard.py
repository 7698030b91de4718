"""The organisers' registration dashboard, a registration's page, places, the CSV export and
check-in: who may reach them, what they count and show, and what their buttons change."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from socialjustice.errors import PortalError
from socialjustice.models import OutgoingEmail
from tests.factories import (
    NetworkFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops import dashboard
from workshops.dashboard import Bar, Summary
from workshops.models import Registration
from workshops.services import attendance
from workshops.services import registration as registration_services

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day, hour, minute=0):
    """A moment in October 2030, London time."""
    return datetime(2030, 10, day, hour, minute, tzinfo=LONDON)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def names(registrations):
    return [registration.name for registration in registrations]


@pytest.fixture
def workshop_organiser(db):
    return UserFactory()


@pytest.fixture
def workshop(workshop_organiser):
    workshop = WorkshopFactory(title="Understandings of Inequality", capacity=10)
    workshop.organisers.add(workshop_organiser)
    return workshop


@pytest.fixture
def signed_in(client, workshop_organiser):
    client.force_login(workshop_organiser)
    return client


def url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.slug, *args])


# Who may reach the pages

# (URL name, method, whether the address names a registration, what a POST sends)
URLS = [
    ("registrations", "get", False, None),
    ("registration_detail", "get", True, None),
    ("registration_detail", "post", True, {"action": "attended"}),
    ("change_capacity", "post", False, {"capacity": "20"}),
    ("registrations_csv", "get", False, None),
    ("check_in", "get", False, None),
    ("check_in_mark", "post", True, {"arrived": "yes"}),
    ("check_in_list", "get", False, None),
    ("check_in_list", "post", False, {"text": "Amira Khan"}),
]
URL_IDS = [f"{method}-{name}" for name, method, _, _ in URLS]


@pytest.fixture
def private(workshop):
    """A registration with needs that must not leak to anyone but the workshop's organisers."""
    return RegistrationFactory(
        workshop=workshop,
        name="Amira Khan",
        email="amira@example.org",
        access_requirements="Step-free route to the room",
        dietary_needs="Halal",
    )


def request(client, workshop, registration, name, method, with_registration, data):
    address = url(name, workshop, *([registration.pk] if with_registration else []))
    response = client.post(address, data) if method == "post" else client.get(address)
    return address, response


def snapshot(workshop):
    return {
        "capacity": type(workshop).objects.get(pk=workshop.pk).capacity,
        "registrations": list(
            Registration.objects.order_by("pk").values_list("status", "attended_at")
        ),
    }


@pytest.mark.parametrize(("name", "method", "with_registration", "data"), URLS, ids=URL_IDS)
def test_dashboard_url_redirects_anonymous_to_login(
    client, workshop, private, name, method, with_registration, data
):
    before = snapshot(workshop)
    address, response = request(client, workshop, private, name, method, with_registration, data)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={address}"
    assert snapshot(workshop) == before


@pytest.mark.parametrize(("name", "method", "with_registration", "data"), URLS, ids=URL_IDS)
def test_dashboard_url_forbidden_to_participant(
    client, workshop, private, participant, name, method, with_registration, data
):
    before = snapshot(workshop)
    client.force_login(participant)
    _, response = request(client, workshop, private, name, method, with_registration, data)
    assert response.status_code == 403
    assert b"Halal" not in response.content
    assert b"amira@example.org" not in response.content
    assert snapshot(workshop) == before


@pytest.mark.parametrize(("name", "method", "with_registration", "data"), URLS, ids=URL_IDS)
def test_dashboard_url_forbidden_to_organiser_of_another_workshop(
    client, workshop, private, name, method, with_registration, data
):
    other = UserFactory()
    WorkshopFactory().organisers.add(other)
    before = snapshot(workshop)
    client.force_login(other)
    _, response = request(client, workshop, private, name, method, with_registration, data)
    assert response.status_code == 403
    assert b"Halal" not in response.content
    assert snapshot(workshop) == before


@pytest.mark.parametrize("role", ["workshop_organiser", "site_organiser"])
@pytest.mark.parametrize(("name", "method", "with_registration", "data"), URLS, ids=URL_IDS)
def test_dashboard_url_allowed_to_its_organisers(
    client, workshop, workshop_organiser, private, role, name, method, with_registration, data
):
    client.force_login(workshop_organiser if role == "workshop_organiser" else OrganiserFactory())
    _, response = request(client, workshop, private, name, method, with_registration, data)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("registration_detail", "get", None),
        ("registration_detail", "post", {"action": "attended"}),
        ("check_in_mark", "post", {"arrived": "yes"}),
    ],
)
def test_registration_of_another_workshop_is_not_found(signed_in, workshop, name, method, data):
    elsewhere = RegistrationFactory()
    address = url(name, workshop, elsewhere.pk)
    response = signed_in.post(address, data) if method == "post" else signed_in.get(address)
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.attended_at is None


# The dashboard: counts, breakdowns, list


@pytest.fixture
def crowd(workshop):
    """Three confirmed (one attended), two waiting, one cancelled, in sectors and networks."""
    leeds = NetworkFactory(name="Leeds Equality Network")
    race = NetworkFactory(name="Race Equality Forum")
    people = {
        "Amira Khan": {"sector": "academic", "networks": [leeds, race]},
        "Ben Adeyemi": {"sector": "academic", "networks": [leeds], "attended_at": at(1, 10)},
        "Carys Jones": {"sector": "voluntary", "organisation": "Leeds Food Aid", "networks": []},
        "Dev Patel": {"sector": "", "status": "waiting", "networks": [leeds]},
        "Erin Walsh": {"sector": "public_service", "status": "waiting", "networks": []},
        "Femi Okoro": {"sector": "academic", "status": "cancelled", "networks": [leeds]},
    }
    made = {}
    for day, (name, fields) in enumerate(people.items(), start=1):
        networks = fields.pop("networks")
        first = name.split()[0].lower()
        made[name] = RegistrationFactory(
            workshop=workshop,
            name=name,
            email=f"{first}@example.org",
            created_at=at(day, 9),
            **fields,
        )
        made[name].networks.set(networks)
    return made


def test_registration_summary_counts_and_breakdowns_exact(workshop, crowd):
    RegistrationFactory(sector="academic")  # another workshop's

    assert dashboard.registration_summary(workshop) == Summary(
        capacity=10,
        confirmed=3,
        waiting=2,
        cancelled=1,
        attended=1,
        by_sector=[
            Bar("Academic", 2),
            Bar("Public service", 1),
            Bar("Voluntary or community sector", 1),
            Bar("Not given", 1),
        ],
        by_network=[
            Bar("Leeds Equality Network", 3),
            Bar("Race Equality Forum", 1),
            Bar("No network named", 2),
        ],
    )


def test_dashboard_shows_counts_places_left_and_bars(signed_in, workshop, crowd):
    response = signed_in.get(url("registrations", workshop))

    content = response.content.decode()
    summary = response.context["summary"]
    assert response.status_code == 200
    assert (summary.confirmed, summary.waiting, summary.cancelled, summary.attended) == (3, 2, 1, 1)
    assert summary.places_left == 7
    assert '<dt class="col-sm-3">Places left</dt>\n    <dd class="col-sm-9">7 of 10</dd>' in content
    assert (
        '<meter class="w-100" min="0" max="5" value="2" aria-label="Academic: 2 of 5">2/5</meter>'
        in content
    )
    assert (
        '<meter class="w-100" min="0" max="5" value="3" '
        'aria-label="Leeds Equality Network: 3 of 5">3/5</meter>' in content
    )
    assert 'style="' not in content


def test_dashboard_without_capacity_says_no_limit(signed_in, workshop):
    workshop.capacity = None
    workshop.save()
    response = signed_in.get(url("registrations", workshop))
    assert response.context["summary"].places_left is None
    assert (
        '<dt class="col-sm-3">Places left</dt>\n    <dd class="col-sm-9">No limit</dd>'
        in response.content.decode()
    )


def test_dashboard_over_capacity_says_how_many_beyond(signed_in, workshop):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory.create_batch(3, workshop=workshop)
    response = signed_in.get(url("registrations", workshop))
    assert (
        '<dd class="col-sm-9">0 of 1 (2 people confirmed beyond the places)</dd>'
        in response.content.decode()
    )


EVERYONE = ["Amira Khan", "Ben Adeyemi", "Carys Jones", "Dev Patel", "Erin Walsh", "Femi Okoro"]


def test_dashboard_lists_everyone_in_registration_order_with_waiting_positions(
    signed_in, workshop, crowd
):
    response = signed_in.get(url("registrations", workshop))

    rows = list(response.context["page"].object_list)
    assert names(rows) == EVERYONE
    assert [row.waiting_position for row in rows] == [None, None, None, 1, 2, None]
    content = response.content.decode()
    assert "<td>On the waiting list (number 2)</td>" in content
    assert '<p id="registration-total">6 registrations</p>' in content


def test_dashboard_list_hides_access_and_dietary_needs(signed_in, workshop, private):
    content = signed_in.get(url("registrations", workshop)).content.decode()
    assert "Step-free route" not in content
    assert "Halal" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("amira", ["Amira Khan"]),
        ("ERIN@example", ["Erin Walsh"]),
        ("food aid", ["Carys Jones"]),
        ("  ben   ", ["Ben Adeyemi"]),
        ("nobody", []),
    ],
)
def test_dashboard_search_by_name_email_or_organisation(
    signed_in, workshop, crowd, query, expected
):
    response = signed_in.get(url("registrations", workshop), {"q": query})
    assert names(response.context["page"].object_list) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("confirmed", ["Amira Khan", "Ben Adeyemi", "Carys Jones"]),
        ("waiting", ["Dev Patel", "Erin Walsh"]),
        ("cancelled", ["Femi Okoro"]),
        ("", EVERYONE),
        ("unknown", EVERYONE),
    ],
)
def test_dashboard_filter_by_status(signed_in, workshop, crowd, status, expected):
    response = signed_in.get(url("registrations", workshop), {"status": status})
    assert names(response.context["page"].object_list) == expected


def test_dashboard_search_keeps_waiting_position_on_whole_list(signed_in, workshop, crowd):
    response = signed_in.get(url("registrations", workshop), {"q": "erin", "status": "waiting"})
    [erin] = response.context["page"].object_list
    assert erin.waiting_position == 2
    assert erin.waiting_position == registration_services.waiting_position(crowd["Erin Walsh"])


def test_dashboard_pages_hold_fifty(signed_in, workshop):
    RegistrationFactory.create_batch(51, workshop=workshop, status="waiting")
    first = signed_in.get(url("registrations", workshop))
    second = signed_in.get(url("registrations", workshop), {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert [row.waiting_position for row in second.context["page"].object_list] == [51]


# Query counts: session, user, the user's and their groups' permissions, the workshop and its
# organisers (the permission check), then the page's own.


def fill(workshop, count):
    network = NetworkFactory()
    for n in range(count):
        registration = RegistrationFactory(
            workshop=workshop,
            status="waiting" if n == 2 else "confirmed",
            sector="academic",
            access_requirements="Captions",
        )
        registration.networks.add(network)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # counts, sectors, networks; the list's count, its page, the waiting list's order
        ("registrations", 12),
        # the list's count and its page, the counts
        ("check_in", 9),
        # the waiting list's order, the registrations, their networks (a query a chunk of 500)
        ("registrations_csv", 9),
        ("check_in_list", 7),
    ],
)
def test_dashboard_page_queries_do_not_grow(
    signed_in, workshop, django_assert_num_queries, name, queries, count
):
    fill(workshop, count)
    with django_assert_num_queries(queries):
        response = signed_in.get(url(name, workshop))
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    if name == "registrations_csv":
        assert body.decode().count("Captions") == count


@pytest.mark.parametrize("count", [1, 3])
def test_registration_detail_queries_do_not_grow_with_networks(
    signed_in, workshop, django_assert_num_queries, count
):
    registration = RegistrationFactory(workshop=workshop, status="waiting")
    registration.networks.set(NetworkFactory.create_batch(count))
    # the registration, its networks, the waiting list's order
    with django_assert_num_queries(9):
        response = signed_in.get(url("registration_detail", workshop, registration.pk))
    assert response.status_code == 200


# A registration's page and its buttons


def test_registration_detail_shows_needs_and_consent_to_organiser(signed_in, workshop):
    registration = RegistrationFactory(
        workshop=workshop,
        name="Amira Khan",
        organisation="Leeds Food Aid",
        sector="voluntary",
        how_heard="colleague",
        access_requirements="Step-free route\nA seat near the front",
        dietary_needs="Halal",
        consented_at=at(2, 14, 5),
    )
    registration.networks.set(
        [NetworkFactory(name="Race Equality Forum"), NetworkFactory(name="Leeds Equality Network")]
    )

    response = signed_in.get(url("registration_detail", workshop, registration.pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        '<dd class="col-sm-8" id="access-requirements">'
        "Step-free route<br>A seat near the front</dd>" in content
    )
    assert '<dd class="col-sm-8" id="dietary-needs">Halal</dd>' in content
    assert (
        '<dt class="col-sm-4">Agreed to the privacy notice</dt>'
        '<dd class="col-sm-8">2 October 2030, 14:05</dd>' in content
    )
    assert (
        '<dt class="col-sm-4">Networks</dt>'
        '<dd class="col-sm-8">Leeds Equality Network; Race Equality Forum</dd>' in content
    )
    assert '<dd class="col-sm-8">From a colleague or friend</dd>' in content
    buttons = [
        value
        for value in ("give_place", "attended", "not_attended", "cancel")
        if f'name="action" value="{value}"' in content
    ]
    assert buttons == ["attended", "cancel"]


def test_registration_detail_of_waiting_person_offers_a_place(signed_in, workshop):
    RegistrationFactory(workshop=workshop, status="waiting", created_at=at(1, 9))
    registration = RegistrationFactory(workshop=workshop, status="waiting", created_at=at(2, 9))
    response = signed_in.get(url("registration_detail", workshop, registration.pk))
    content = response.content.decode()
    assert '<span class="state">On the waiting list</span> (number 2)</dd>' in content
    assert 'value="give_place"' in content
    assert 'value="attended"' not in content


def test_give_a_place_confirms_and_emails(
    signed_in, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status="waiting", email="dev@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            url("registration_detail", workshop, waiting.pk), {"action": "give_place"}
        )

    waiting.refresh_from_db()
    assert response.status_code == 302
    assert response.url == url("registration_detail", workshop, waiting.pk)
    assert waiting.status == "confirmed"
    assert message_texts(response) == [f"{waiting.name} has a place now, and is told by email."]
    assert list(
        OutgoingEmail.objects.filter(kind="registration.promoted").values_list("to", flat=True)
    ) == ["dev@example.org"]
    assert [m.to for m in mailoutbox] == [["dev@example.org"]]
    assert mailoutbox[0].subject == "A place is now yours: Understandings of Inequality"


def test_give_a_place_to_someone_confirmed_is_refused(signed_in, workshop):
    registration = RegistrationFactory(workshop=workshop)
    response = signed_in.post(
        url("registration_detail", workshop, registration.pk), {"action": "give_place"}
    )
    assert message_texts(response) == ["Only someone on the waiting list can be given a place."]
    assert OutgoingEmail.objects.count() == 0


def test_cancel_registration_gives_the_place_to_the_first_waiting(
    signed_in, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    workshop.capacity = 1
    workshop.save()
    confirmed = RegistrationFactory(workshop=workshop, email="amira@example.org")
    first = RegistrationFactory(
        workshop=workshop, status="waiting", name="Dev Patel", email="dev@example.org"
    )
    second = RegistrationFactory(workshop=workshop, status="waiting")

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            url("registration_detail", workshop, confirmed.pk), {"action": "cancel"}
        )

    assert message_texts(response) == [
        f"The registration of {confirmed.name} is cancelled. "
        "Given the place from the waiting list: Dev Patel."
    ]
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {confirmed.pk: "cancelled", first.pk: "confirmed", second.pk: "waiting"}
    assert sorted(OutgoingEmail.objects.values_list("kind", "to")) == [
        ("registration.cancelled_by_organiser", "amira@example.org"),
        ("registration.promoted", "dev@example.org"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["amira@example.org", "dev@example.org"]


def test_mark_attended_and_not_attended_from_registration_page(signed_in, workshop):
    registration = RegistrationFactory(workshop=workshop, name="Amira Khan")
    address = url("registration_detail", workshop, registration.pk)

    marked = signed_in.post(address, {"action": "attended"})
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert message_texts(marked) == ["Amira Khan is marked as attended."]
    signed_in.get(marked.url)  # shows the message, and so uses it up

    unmarked = signed_in.post(address, {"action": "not_attended"})
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert message_texts(unmarked) == ["Amira Khan is marked as not attended."]


def test_mark_attended_refused_for_someone_waiting(signed_in, workshop):
    registration = RegistrationFactory(workshop=workshop, status="waiting")
    response = signed_in.post(
        url("registration_detail", workshop, registration.pk), {"action": "attended"}
    )
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert message_texts(response) == [
        "Only someone with a confirmed place can be marked as attended."
    ]


def test_registration_action_unknown_changes_nothing(signed_in, workshop):
    registration = RegistrationFactory(workshop=workshop)
    response = signed_in.post(
        url("registration_detail", workshop, registration.pk), {"action": "delete"}
    )
    registration.refresh_from_db()
    assert message_texts(response) == ["Choose one of the buttons."]
    assert (registration.status, registration.attended_at) == ("confirmed", None)


# Places


def test_change_capacity_promotes_first_waiting_person(
    signed_in, workshop, django_capture_on_commit_callbacks, mailoutbox
):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop, created_at=at(1, 9))
    first = RegistrationFactory(
        workshop=workshop, status="waiting", email="dev@example.org", created_at=at(2, 9)
    )
    second = RegistrationFactory(workshop=workshop, status="waiting", created_at=at(3, 9))

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url("change_capacity", workshop), {"capacity": "2"})

    first.refresh_from_db()
    second.refresh_from_db()
    workshop.refresh_from_db()
    assert response.status_code == 302
    assert response.url == url("registrations", workshop)
    assert message_texts(response) == [
        "There are 2 places now. 1 person got a place from the waiting list."
    ]
    assert workshop.capacity == 2
    assert (first.status, second.status) == ("confirmed", "waiting")
    assert list(
        OutgoingEmail.objects.filter(kind="registration.promoted").values_list("to", flat=True)
    ) == ["dev@example.org"]
    assert [m.to for m in mailoutbox] == [["dev@example.org"]]


def test_change_capacity_to_no_limit_gives_everyone_waiting_a_place(signed_in, workshop):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop)
    RegistrationFactory.create_batch(2, workshop=workshop, status="waiting")

    response = signed_in.post(url("change_capacity", workshop), {"capacity": ""})

    workshop.refresh_from_db()
    assert workshop.capacity is None
    assert message_texts(response) == [
        "There is no limit on places now. 2 people got a place from the waiting list."
    ]
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}


def test_change_capacity_lower_keeps_everyone_confirmed_and_next_registrant_waits(
    signed_in, workshop
):
    workshop.capacity = 3
    workshop.save()
    RegistrationFactory.create_batch(3, workshop=workshop)

    response = signed_in.post(url("change_capacity", workshop), {"capacity": "1"})
    [outcome] = registration_services.register(
        [workshop], registration_services.Registrant(name="Late Comer", email="late@example.org")
    )

    assert message_texts(response) == [
        "There is 1 place now. 0 people got a place from the waiting list."
    ]
    assert list(
        Registration.objects.order_by("created_at", "pk").values_list("status", flat=True)
    ) == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert outcome.registration.status == "waiting"


def test_change_capacity_refuses_negative_and_keeps_input(signed_in, workshop):
    response = signed_in.post(url("change_capacity", workshop), {"capacity": "-1"})

    content = response.content.decode()
    workshop.refresh_from_db()
    assert response.status_code == 200
    assert workshop.capacity == 10
    assert 'href="#id_capacity"' in content
    assert 'name="capacity" value="-1"' in content
    assert "Places: Ensure this value is greater than or equal to 0." in content


def test_capacity_form_help_says_nobody_loses_a_place(signed_in, workshop):
    content = signed_in.get(url("registrations", workshop)).content.decode()
    assert (
        '<div id="id_capacity_helptext" class="form-text">Leave blank for no limit. New places '
        "go to the people waiting, longest first, and each is emailed. Setting fewer places than "
        "people confirmed takes no place away: everyone confirmed keeps theirs, and new "
        "registrations wait until enough people cancel.</div>" in content
    )


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


# Check-in at the door


def test_check_in_lists_confirmed_people_by_name_and_searches(signed_in, workshop, crowd):
    everyone = signed_in.get(url("check_in", workshop))
    by_email = signed_in.get(url("check_in", workshop), {"q": "  CARYS@example "})
    waiting = signed_in.get(url("check_in", workshop), {"q": "Dev"})

    assert names(everyone.context["page"].object_list) == [
        "Amira Khan",
        "Ben Adeyemi",
        "Carys Jones",
    ]
    assert '<p id="arrived-count">1 of 3 people with a place have arrived.</p>' in (
        everyone.content.decode()
    )
    assert names(by_email.context["page"].object_list) == ["Carys Jones"]
    assert names(waiting.context["page"].object_list) == []


def test_check_in_marks_arrival_and_keeps_the_search(signed_in, workshop, crowd):
    amira = crowd["Amira Khan"]

    response = signed_in.post(
        url("check_in_mark", workshop, amira.pk), {"arrived": "yes", "q": "amira khan"}
    )

    amira.refresh_from_db()
    assert amira.attended_at is not None
    assert response.status_code == 302
    assert response.url == url("check_in", workshop) + "?q=amira+khan"
    assert message_texts(response) == ["Arrived: Amira Khan."]
    page = signed_in.get(response.url).content.decode()
    assert '<button type="submit" name="arrived" value="no"' in page
    assert '<span class="visually-hidden"> the arrival of Amira Khan</span>' in page


def test_check_in_undo_clears_arrival(signed_in, workshop, crowd):
    ben = crowd["Ben Adeyemi"]

    response = signed_in.post(url("check_in_mark", workshop, ben.pk), {"arrived": "no"})

    ben.refresh_from_db()
    assert ben.attended_at is None
    assert response.url == url("check_in", workshop)
    assert message_texts(response) == ["Not arrived: Ben Adeyemi."]


def test_check_in_arrived_twice_keeps_first_time(signed_in, workshop, crowd):
    ben = crowd["Ben Adeyemi"]
    signed_in.post(url("check_in_mark", workshop, ben.pk), {"arrived": "yes"})
    ben.refresh_from_db()
    assert ben.attended_at == at(1, 10)


def test_check_in_keeps_the_page(signed_in, workshop, crowd):
    response = signed_in.post(
        url("check_in_mark", workshop, crowd["Amira Khan"].pk),
        {"arrived": "yes", "q": "a", "page": "2"},
    )
    assert response.url == url("check_in", workshop) + "?q=a&page=2"


def test_check_in_of_someone_waiting_is_refused(signed_in, workshop, crowd):
    dev = crowd["Dev Patel"]
    response = signed_in.post(url("check_in_mark", workshop, dev.pk), {"arrived": "yes"})
    dev.refresh_from_db()
    assert dev.attended_at is None
    assert message_texts(response) == [
        "Only someone with a confirmed place can be marked as attended."
    ]


# Attendance from a meeting tool's list

PASTED = """  amira   KHAN
BEN@example.org

Dev Patel
Zoe Unknown
zoe   unknown
Femi Okoro
"""


def test_mark_attended_from_list_marks_matches_and_reports_unmatched(workshop, crowd):
    now = at(20, 11)

    marked, unmatched = attendance.mark_attended_from_list(workshop, PASTED, now=now)

    assert names(marked) == ["Amira Khan", "Ben Adeyemi"]
    assert unmatched == ["Dev Patel", "Zoe Unknown", "Femi Okoro"]
    attended = dict(
        Registration.objects.filter(attended_at__isnull=False).values_list("name", "attended_at")
    )
    # Ben was already marked at the door: his time stays.
    assert attended == {"Amira Khan": now, "Ben Adeyemi": at(1, 10)}


def test_mark_attended_from_list_marks_everyone_sharing_a_name(workshop):
    RegistrationFactory.create_batch(2, workshop=workshop, name="Sam Smith")
    marked, unmatched = attendance.mark_attended_from_list(workshop, "sam smith")
    assert names(marked) == ["Sam Smith", "Sam Smith"]
    assert unmatched == []


def test_mark_attended_from_list_ignores_other_workshops(workshop):
    other = RegistrationFactory(name="Amira Khan")
    marked, unmatched = attendance.mark_attended_from_list(workshop, "Amira Khan")
    other.refresh_from_db()
    assert (marked, unmatched, other.attended_at) == ([], ["Amira Khan"], None)


def test_check_in_list_page_marks_and_says_what_matched_nobody(signed_in, workshop, crowd):
    response = signed_in.post(url("check_in_list", workshop), {"text": PASTED})

    assert response.status_code == 302
    assert response.url == url("check_in_list", workshop)
    assert message_texts(response) == [
        "2 people are marked as attended.",
        "These 3 lines matched nobody with a place: Dev Patel; Zoe Unknown; Femi Okoro",
    ]
    assert Registration.objects.filter(attended_at__isnull=False).count() == 2


def test_check_in_list_page_refuses_empty_list(signed_in, workshop):
    response = signed_in.post(url("check_in_list", workshop), {"text": "  "})
    assert response.status_code == 200
    assert 'href="#id_text"' in response.content.decode()


def test_record_arrival_refused_for_cancelled(workshop):
    registration = RegistrationFactory(workshop=workshop, status="cancelled")
    with pytest.raises(PortalError) as error:
        attendance.record_arrival(registration, arrived=True)
    assert str(error.value) == "Only someone with a confirmed place can be marked as attended."
