"""A person's own page (/me/) is kept in the cache block by block, and whatever it shows is
seen there on their next visit after it changes: their profile, networks, registrations,
contributions and groups, and the workshops, calls and groups those name
(networks/signed_in.py `own_block`, `shown_on_own_page`)."""

import pytest
from django.utils import timezone

from contributions.services.review import decide
from networks.models import Membership
from tests.factories import (
    ContributionFactory,
    GroupFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.pages import without_csrf_tokens
from workshops.services import registration as services

pytestmark = pytest.mark.django_db

ME = "/me/"


@pytest.fixture
def person(client):
    person = UserFactory(display_name="Amira Khan")
    client.force_login(person)
    return person


def my_page(client) -> str:
    response = client.get(ME)
    assert response.status_code == 200
    # Each request's own token for the sign-out form aside, the page is the same each time.
    return without_csrf_tokens(response.content.decode())


def fill(person, count):
    for n in range(count):
        MembershipFactory(person=person, network=NetworkFactory(name=f"Network {n}"))
        RegistrationFactory(person=person, workshop=WorkshopFactory(title=f"Workshop {n}"))
        ContributionFactory(author=person, title=f"Example {n}")
        GroupFactory(facilitators=[person], name=f"Group {n}")


@pytest.mark.parametrize("count", [1, 3])
def test_a_second_visit_asks_the_database_nothing(
    client, person, count, django_assert_max_num_queries, django_assert_num_queries
):
    fill(person, count)
    client.get("/")  # the person and their permissions are read and kept

    with django_assert_max_num_queries(6):  # built: profile, networks, and one a block
        first = my_page(client)
    with django_assert_num_queries(0):
        again = my_page(client)

    assert again == first
    assert f"Workshop {count - 1}" in again
    assert f"Example {count - 1}" in again
    assert f"Group {count - 1}" in again
    assert f"Network {count - 1}" in again


def test_a_second_visit_asks_redis_once(client, person, redis_commands):
    fill(person, 2)
    my_page(client)
    redis_commands.clear()

    my_page(client)

    # The session, then the tokens with the person; every block is kept in the process.
    assert redis_commands == ["GET", "MGET"]


def test_my_registration_is_on_my_page_at_once(client, person, saved):
    workshop = WorkshopFactory(title="Young carers and education", capacity=1)
    assert "You have not registered" in my_page(client)

    with saved():
        registration = RegistrationFactory(person=person, workshop=workshop)
    assert "Young carers and education" in my_page(client)

    with saved():
        services.cancel_registration(registration, by=person)
    assert "Cancelled" in my_page(client)


def test_a_place_freed_in_bulk_is_on_the_page_of_whoever_had_it(client, person, saved):
    organiser = OrganiserFactory()
    workshop = WorkshopFactory(title="Young carers and education", capacity=3)
    with saved():
        RegistrationFactory(person=person, workshop=workshop, source="made-up")
    assert "Confirmed" in my_page(client)

    with saved():
        services.remove_burst(workshop, source="made-up", by=organiser)

    assert "Cancelled" in my_page(client)


def test_someone_elses_registration_leaves_my_page_alone(
    client, person, saved, django_assert_num_queries
):
    workshop = WorkshopFactory()
    RegistrationFactory(person=person, workshop=workshop)
    someone = UserFactory()
    my_page(client)

    with saved():
        RegistrationFactory(person=someone, workshop=workshop)

    with django_assert_num_queries(0):
        my_page(client)


def test_a_workshops_new_title_and_joining_link_are_on_my_page(client, person, saved):
    workshop = WorkshopFactory(title="Young carers", format="online", join_link="")
    RegistrationFactory(person=person, workshop=workshop)
    my_page(client)

    with saved():
        workshop.title = "Young carers and education"
        workshop.join_link = "https://meet.example.org/young-carers"
        workshop.save()

    page = my_page(client)
    assert "Young carers and education" in page
    assert "https://meet.example.org/young-carers" in page


def test_a_decision_on_my_contribution_is_on_my_page(client, person, saved):
    contribution = ContributionFactory(author=person, title="Digital exclusion in lockdown")
    organiser = OrganiserFactory()
    assert "Waiting for the organisers to decide" in my_page(client)

    with saved():
        decide(
            contribution,
            decision="changes",
            message="Please say where this happened.",
            version=contribution.version,
            by=organiser,
        )

    assert "Changes asked: edit and send again." in my_page(client)


def test_a_calls_new_title_is_on_my_page(client, person, saved):
    contribution = ContributionFactory(author=person)
    my_page(client)

    with saved():
        contribution.call.title = "Examples from the pandemic"
        contribution.call.save()

    assert "Examples from the pandemic" in my_page(client)


def test_a_group_i_am_given_to_facilitate_is_on_my_page(client, person, saved):
    group = GroupFactory(name="Challenges and good practice")
    assert "Groups I facilitate" not in my_page(client)

    with saved():
        group.facilitators.add(person)
    assert "Challenges and good practice" in my_page(client)

    with saved():
        group.name = "What works"
        group.save()
    assert "What works" in my_page(client)

    with saved():
        group.facilitators.clear()
    assert "Groups I facilitate" not in my_page(client)


def test_my_networks_and_organisation_are_on_my_page(client, person, saved):
    network = NetworkFactory(name="Leeds Equality Network")
    organisation = OrganisationFactory(name="Leeds Poverty Truth")
    with saved():
        person.organisation = organisation
        person.save()
    assert "Leeds Poverty Truth" in my_page(client)

    with saved():
        MembershipFactory(person=person, network=network)
    assert "Leeds Equality Network" in my_page(client)

    with saved():
        network.name = "Leeds Equality Partnership"
        network.save()
        organisation.name = "Leeds Poverty Truth Commission"
        organisation.save()
    page = my_page(client)
    assert "Leeds Equality Partnership" in page
    assert "Leeds Poverty Truth Commission" in page

    with saved():
        membership = Membership.objects.get(person=person)
        membership.left_at = timezone.now()
        membership.save()
    assert "Leeds Equality Partnership" not in my_page(client)


def test_a_place_given_from_the_waiting_list_brings_the_joining_link(client, person, saved):
    workshop = WorkshopFactory(format="online", join_link="https://meet.example.org/room")
    registration = RegistrationFactory(person=person, workshop=workshop, status="waiting")
    organiser = OrganiserFactory()
    assert "https://meet.example.org/room" not in my_page(client)

    with saved():
        services.confirm_by_hand(registration, by=organiser)

    assert "https://meet.example.org/room" in my_page(client)


def test_each_person_sees_only_their_own_page(client, person, saved):
    RegistrationFactory(person=person, workshop=WorkshopFactory(title="Mine"))
    other = UserFactory(display_name="Someone Else")
    RegistrationFactory(person=other, workshop=WorkshopFactory(title="Theirs"))
    assert "Mine" in my_page(client)

    client.force_login(other)
    page = my_page(client)

    assert "Theirs" in page
    assert "Mine" not in page
    assert "Amira Khan" not in page
