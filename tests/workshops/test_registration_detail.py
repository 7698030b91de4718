"""An organiser's page for one registration (everything the person gave, and its buttons:
give a place, cancel, attended) and changing the number of places."""

import pytest

from socialjustice.models import ActivityLog, OutgoingEmail
from tests.factories import NetworkFactory, RegistrationFactory, UserFactory
from tests.workshops.organiser_pages import at, message_texts, organised_workshop, url
from workshops.models import Registration
from workshops.services import registration as registration_services

pytestmark = pytest.mark.django_db


def logged():
    """The activity log: who did what to which row, shown in whose history."""
    return list(
        ActivityLog.objects.order_by("pk").values_list(
            "actor", "verb", "target_id", "scope_id", "data"
        )
    )


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


# A registration's page and its buttons


@pytest.mark.parametrize("count", [1, 3])
def test_registration_detail_queries_do_not_grow_with_networks(
    signed_in, workshop, django_assert_num_queries, count
):
    registration = RegistrationFactory(workshop=workshop, status="waiting")
    registration.networks.set(NetworkFactory.create_batch(count))
    # the registration, its networks, the waiting list's order
    with django_assert_num_queries(6):
        response = signed_in.get(url("registration_detail", workshop, registration.pk))
    assert response.status_code == 200


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
    signed_in, workshop, workshop_organiser, django_capture_on_commit_callbacks, mailoutbox
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
    assert logged() == [
        (
            workshop_organiser.pk,
            "workshops.registration.cancelled",
            str(confirmed.pk),
            str(workshop.pk),
            {"promoted": ["Dev Patel"]},
        )
    ]


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
    signed_in, workshop, workshop_organiser, django_capture_on_commit_callbacks, mailoutbox
):
    workshop.capacity = 1
    workshop.save()
    RegistrationFactory(workshop=workshop, created_at=at(1, 9))
    first = RegistrationFactory(
        workshop=workshop,
        status="waiting",
        name="Dev Patel",
        email="dev@example.org",
        created_at=at(2, 9),
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
    assert logged() == [
        (
            workshop_organiser.pk,
            "workshops.capacity.changed",
            str(workshop.pk),
            str(workshop.pk),
            {"from": 1, "to": 2, "promoted": ["Dev Patel"]},
        )
    ]


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
    assert "Places: The number of places cannot be below 0." in content


def test_capacity_form_help_says_nobody_loses_a_place(signed_in, workshop):
    content = signed_in.get(url("registrations", workshop)).content.decode()
    assert (
        '<div id="id_capacity_helptext" class="form-text">Leave blank for no limit. New places '
        "go to the people waiting, longest first, and each is emailed. Setting fewer places than "
        "people confirmed takes no place away: everyone confirmed keeps theirs, and new "
        "registrations wait until enough people cancel.</div>" in content
    )
