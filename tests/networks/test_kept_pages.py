"""A network's, a partnership's and an organisation's page for people signed in: kept for
everyone without rights over them, with each person's own place in a network, and built
afresh for organisers and coordinators, who see what only they may."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    CollaborationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def network_url(network):
    return reverse("networks:network", args=[network.slug])


def test_network_page_is_kept_for_people_signed_in_each_with_their_own_place(
    django_assert_num_queries,
):
    network = NetworkFactory(name="Leeds Equality Network")
    member, asking, other = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(network=network, person=member)
    JoinRequestFactory(network=network, person=asking)
    pages = {person: signed_in(person) for person in (member, asking, other)}
    for client in pages.values():
        client.get(network_url(network))

    with django_assert_num_queries(0):
        content = {
            person: c.get(network_url(network)).content.decode() for person, c in pages.items()
        }

    assert all("Leeds Equality Network" in page for page in content.values())
    assert "You are a member since" in content[member]
    assert "You asked to join on" in content[asking]
    assert "Ask to join" in content[other]
    assert "You are a member since" not in content[other] + content[asking]
    assert "You asked to join on" not in content[other] + content[member]


def test_kept_network_page_changes_with_the_network_and_its_join_form_posts(saved):
    network = NetworkFactory(description="Working on equality in Leeds.")
    person = UserFactory()
    client = signed_in(person, enforce_csrf_checks=True)
    client.get(network_url(network))

    with saved():
        network.description = "Working on equality in Leeds and Bradford."
        network.save()
    page = client.get(network_url(network)).content.decode()
    assert "Leeds and Bradford" in page

    # The kept form carries this person's token: the request is accepted and shows at once.
    token = TOKEN.findall(page)[-1]
    with saved():
        response = client.post(
            reverse("networks:join", args=[network.slug]),
            {"csrfmiddlewaretoken": token, "message": "I run a group in Bradford."},
        )
    assert response.status_code == 302
    assert "You asked to join on" in client.get(network_url(network)).content.decode()


def test_coordinators_and_organisers_get_the_network_page_with_their_links(saved):
    network = NetworkFactory()
    participant, coordinator = UserFactory(), UserFactory()
    signed_in(participant).get(network_url(network))  # kept
    with saved():
        network.coordinators.add(coordinator)

    edit = reverse("networks:network_edit", args=[network.slug])
    assert edit not in signed_in(participant).get(network_url(network)).content.decode()
    for person in (coordinator, OrganiserFactory()):
        page = signed_in(person).get(network_url(network)).content.decode()
        assert f'href="{edit}"' in page
        assert "Requests to join" in page


def test_organisation_page_kept_without_its_contact_which_only_organisers_see(
    django_assert_num_queries,
):
    organisation = OrganisationFactory(
        name="Leeds Carers Group", contact_email="hello@leeds-carers.example.org"
    )
    address = reverse("networks:organisation", args=[organisation.slug])
    client = signed_in(UserFactory())
    client.get(address)

    with django_assert_num_queries(0):
        page = client.get(address).content.decode()

    assert "Leeds Carers Group" in page
    assert "hello@leeds-carers.example.org" not in page
    assert "Edit the organisation" not in page
    page = signed_in(OrganiserFactory()).get(address).content.decode()
    assert "hello@leeds-carers.example.org" in page
    assert "Edit the organisation" in page


def test_partnership_page_kept_for_people_signed_in_and_built_for_organisers(
    django_assert_num_queries, saved
):
    network = NetworkFactory()
    partnership = network.partnership
    address = reverse("networks:partnership", args=[partnership.slug])
    client = signed_in(UserFactory())
    client.get(address)

    with django_assert_num_queries(0):
        page = client.get(address).content.decode()
    assert f"<title>{partnership.name} ·" in page
    assert network.name in page
    assert "Edit the partnership" not in page

    with saved():
        partnership.name = "Partnerships for Social Justice"
        partnership.save()
    assert "<h1>Partnerships for Social Justice" in client.get(address).content.decode()
    assert "Edit the partnership" in signed_in(OrganiserFactory()).get(address).content.decode()


def test_missing_network_is_not_found_for_people_signed_in():
    assert signed_in(UserFactory()).get("/networks/no-such-network/").status_code == 404


def test_collaboration_page_kept_for_people_signed_in_and_built_for_organisers(
    django_assert_num_queries,
):
    collaboration = CollaborationFactory(title="Network of networks")
    address = reverse("networks:collaboration", args=[collaboration.slug])
    edit = reverse("networks:collaboration_edit", args=[collaboration.slug])
    client = signed_in(UserFactory())
    client.get(address)

    with django_assert_num_queries(0):
        page = client.get(address).content.decode()
    assert "<title>Network of networks ·" in page
    assert edit not in page
    assert edit in signed_in(OrganiserFactory()).get(address).content.decode()
