"""The organisers' registration dashboard: who may reach it and the pages under it, what it
counts and breaks down, its list, search and filters, and the queries each page costs.

A registration's page and the places are in test_registration_detail.py, the exports in
test_exports.py, check-in in test_attendance.py."""

import pytest
from django.test import Client

from tests.factories import (
    NetworkFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.pages import CSRF_TOKEN
from tests.workshops.organiser_pages import make_crowd, names, organised_workshop, url
from workshops.models import Registration
from workshops.selectors import dashboard
from workshops.selectors.dashboard import Bar, Summary
from workshops.selectors.registration import waiting_position
from workshops.services import attendance

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


# Who may reach the pages

# (URL name, method, whether the address names a registration, what a POST sends)
URLS = [
    ("registrations", "get", False, None),
    ("registration_detail", "get", True, None),
    ("registration_detail", "post", True, {"action": "attended"}),
    ("change_capacity", "post", False, {"capacity": "20"}),
    ("registrations_csv", "get", False, None),
    ("registrations_json", "get", False, None),
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
    return make_crowd(workshop)


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
    assert erin.waiting_position == waiting_position(crowd["Erin Walsh"])


def test_dashboard_pages_hold_fifty(signed_in, workshop):
    RegistrationFactory.create_batch(51, workshop=workshop, status="waiting")
    first = signed_in.get(url("registrations", workshop))
    second = signed_in.get(url("registrations", workshop), {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert [row.waiting_position for row in second.context["page"].object_list] == [51]


def test_check_in_holds_fifty_and_its_next_page_keeps_the_search(signed_in, workshop):
    RegistrationFactory.create_batch(51, workshop=workshop, status="confirmed", name="Sam Long")

    first = signed_in.get(url("check_in", workshop), {"q": "sam"})

    assert first.status_code == 200
    assert len(first.context["page"].object_list) == 50
    assert 'href="?q=sam&amp;page=2"' in first.content.decode()
    second = signed_in.get(url("check_in", workshop), {"q": "sam", "page": 2})
    assert len(second.context["page"].object_list) == 1


# Query counts: the person (their session and permissions come from Redis), the workshop and
# its organisers (the permission check), then the page's own.


def fill(workshop, count):
    """Someone waiting (so every list has a waiting position to show), then `count` people
    with a place and needs."""
    network = NetworkFactory()
    RegistrationFactory(workshop=workshop, status="waiting", sector="academic").networks.add(
        network
    )
    for _n in range(count):
        registration = RegistrationFactory(
            workshop=workshop, status="confirmed", sector="academic", access_requirements="Captions"
        )
        registration.networks.add(network)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # the tallies (counts, breakdowns, connections, the list's count), the list's page,
        # the positions of those waiting on it
        ("registrations", 6),
        # the list's count and its page, the counts
        ("check_in", 6),
        # the registrations, their networks (a query a chunk of 500)
        ("registrations_csv", 5),
        ("registrations_json", 5),
        ("check_in_list", 4),
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
    if name.startswith("registrations_"):
        assert body.decode().count("Captions") == count


@pytest.mark.parametrize("count", [1, 3])
def test_a_site_organisers_dashboard_does_not_read_who_organises_the_workshop(
    client, organiser, workshop, django_assert_num_queries, count
):
    fill(workshop, count)
    client.force_login(organiser)
    client.get("/organise/")  # the person is read once, then kept
    # The workshop row (they may manage any workshop), the tallies, the list's page, the
    # positions of those waiting on it.
    with django_assert_num_queries(4):
        first = client.get(url("registrations", workshop))
    # Then the dashboard is kept: the workshop row alone, for the permission.
    with django_assert_num_queries(1):
        again = client.get(url("registrations", workshop))
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content.decode().count("Captions") == 0  # needs stay on each person's page
    assert again.content.decode().count("<tr>") == first.content.decode().count("<tr>")


# The dashboard is kept in the cache for every organiser of the workshop, until a
# registration or the workshop changes (workshops/views/dashboard.py).


def dashboard_of(client, workshop, **params) -> str:
    response = client.get(url("registrations", workshop), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_registration_is_on_the_kept_dashboard(signed_in, workshop, saved):
    assert "Nobody has registered yet." in dashboard_of(signed_in, workshop)

    with saved():
        RegistrationFactory(workshop=workshop, name="Amira Khan")

    assert "Amira Khan" in dashboard_of(signed_in, workshop)


def test_a_cancellation_and_a_new_capacity_are_on_the_kept_dashboard(signed_in, workshop, saved):
    registration = RegistrationFactory(workshop=workshop, name="Amira Khan")
    assert "<td>Confirmed</td>" in dashboard_of(signed_in, workshop)

    with saved():
        registration.status = "cancelled"
        registration.save()
    assert "<td>Cancelled</td>" in dashboard_of(signed_in, workshop)

    with saved():
        workshop.capacity = 4
        workshop.save()
    assert '<dd class="col-sm-9">4 of 4</dd>' in dashboard_of(signed_in, workshop)


def test_attendance_marked_from_a_list_is_on_the_kept_dashboard(
    signed_in, workshop, workshop_organiser, saved
):
    RegistrationFactory(workshop=workshop, name="Amira Khan")
    assert "<td>Yes</td>" not in dashboard_of(signed_in, workshop)

    with saved():
        attendance.mark_attended_from_list(workshop, "Amira Khan", by=workshop_organiser)

    assert "<td>Yes</td>" in dashboard_of(signed_in, workshop)


def test_each_organiser_gets_their_own_token_in_the_kept_dashboard(
    workshop, workshop_organiser, organiser
):
    RegistrationFactory.create_batch(3, workshop=workshop, source="made-up")
    clients, tokens = [], []
    for person in (workshop_organiser, organiser):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        tokens.append(CSRF_TOKEN.findall(dashboard_of(client, workshop))[0])
        clients.append(client)
    first, second = clients

    # One organiser's token is refused with the other's session; their own works.
    refused = first.post(
        url("remove_burst", workshop), {"source": "made-up", "csrfmiddlewaretoken": tokens[1]}
    )
    removed = second.post(
        url("remove_burst", workshop), {"source": "made-up", "csrfmiddlewaretoken": tokens[1]}
    )
    assert (refused.status_code, removed.status_code) == (403, 302)


def test_the_kept_dashboards_links_carry_only_its_own_filters(signed_in, workshop):
    RegistrationFactory.create_batch(51, workshop=workshop, name="Sam Long")

    page = dashboard_of(signed_in, workshop, q="sam", utm_source="newsletter")

    assert 'href="?q=sam&amp;page=2"' in page
    assert "newsletter" not in page
