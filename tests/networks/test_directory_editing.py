"""Editing the directory: coordinators edit their own networks' pages (and nothing else),
organisers every network, partnership and organisation; every save is logged."""

import pytest
from django.urls import reverse

from networks.models import Organisation
from socialjustice.models import ActivityLog
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PartnershipFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(display_name="Chidi Okafor", email="chidi@example.org")


@pytest.fixture
def network(coordinator):
    network = NetworkFactory(name="Leeds Equality Network", city="Leeds")
    network.coordinators.add(coordinator)
    return network


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params).content.decode()


def network_form(network, **changes) -> dict:
    data = {
        "description": network.description,
        "website": network.website,
        "contact_email": network.contact_email,
        "place": network.place,
        "country": network.country,
        "region": network.region,
        "city": network.city,
    }
    return {**data, **changes}


def test_coordinator_edits_their_network_but_not_its_name_or_partnership(
    client, network, coordinator
):
    sector = SectorFactory(name="Housing support")
    member = OrganisationFactory(name="Arc of Inclusion")
    client.force_login(coordinator)

    form = get(client, "networks:network_edit", network.slug)
    response = client.post(
        reverse("networks:network_edit", args=[network.slug]),
        network_form(
            network,
            name="Renamed by a coordinator",
            partnership="",
            description="We bring together people working on equality in Leeds.",
            sectors=[sector.pk],
            organisations=[member.pk],
        ),
    )

    assert 'name="name"' not in form and 'name="partnership"' not in form
    assert 'name="description"' in form and 'name="organisations"' in form
    assert response.status_code == 302
    assert response.url == reverse("networks:network", args=[network.slug])
    partnership = network.partnership
    network.refresh_from_db()
    assert network.name == "Leeds Equality Network"
    assert network.partnership == partnership
    assert network.description == "We bring together people working on equality in Leeds."
    assert list(network.sectors.all()) == [sector]
    assert list(network.organisations.all()) == [member]
    [entry] = ActivityLog.objects.filter(verb="networks.network.saved")
    assert entry.actor == coordinator
    assert entry.data == {"changed": ["description", "sectors", "organisations"]}


def test_organiser_edits_a_networks_name_and_partnership(client, network, organiser):
    other = PartnershipFactory(name="Equity North")
    client.force_login(organiser)

    response = client.post(
        reverse("networks:network_edit", args=[network.slug]),
        network_form(network, name="Leeds Equalities Network", partnership=other.pk),
    )

    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.partnership) == ("Leeds Equalities Network", other)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("networks:network_edit", "other_network"),
        ("networks:partnership_edit", "partnership"),
        ("networks:organisation_edit", "organisation"),
        ("networks:organisation_create", None),
    ],
)
def test_coordinator_may_not_edit_anything_but_their_own_networks(
    client, network, coordinator, name, kind
):
    args = {
        "other_network": lambda: [NetworkFactory().slug],
        "partnership": lambda: [network.partnership.slug],
        "organisation": lambda: [OrganisationFactory().slug],
        None: lambda: [],
    }[kind]()
    url = reverse(name, args=args)
    client.force_login(coordinator)

    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over", "kind": "other"}).status_code == 403
    assert ActivityLog.objects.count() == 0


def test_participant_and_visitor_may_not_edit_a_network(client, network):
    url = reverse("networks:network_edit", args=[network.slug])
    assert client.get(url).url == f"/accounts/login/?next={url}"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, network_form(network)).status_code == 403


def test_organiser_adds_an_organisation_and_a_same_name_is_refused(client, organiser):
    client.force_login(organiser)
    sector = SectorFactory(name="Health care")

    response = client.post(
        reverse("networks:organisation_create"),
        {
            "name": "  Inclusion   Scotland ",
            "kind": "voluntary",
            "country": "Scotland",
            "sectors": [sector.pk],
            "research_site": "on",
            "contact_name": "Sam",
            "contact_email": "sam@example.org",
        },
    )
    again = client.post(
        reverse("networks:organisation_create"), {"name": "inclusion scotland", "kind": "other"}
    )

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("networks:organisation", args=["inclusion-scotland"])
    assert organisation.name == "Inclusion Scotland"
    assert (organisation.country, organisation.research_site) == ("Scotland", True)
    assert (organisation.contact_name, organisation.contact_email) == ("Sam", "sam@example.org")
    assert list(organisation.sectors.all()) == [sector]
    assert again.status_code == 200
    assert "An organisation with this name is in the directory." in again.content.decode()
    assert "There is a problem" in again.content.decode()


def test_organisation_named_new_gets_an_address_of_its_own(client, organiser):
    client.force_login(organiser)
    client.post(reverse("networks:organisation_create"), {"name": "New", "kind": "other"})

    assert Organisation.objects.get().slug == "new-2"


def test_organiser_edits_a_partnership(client, network, organiser):
    partnership = network.partnership
    client.force_login(organiser)

    response = client.post(
        reverse("networks:partnership_edit", args=[partnership.slug]),
        {"name": partnership.name, "aims": "- Equity in public services", "impacts": "Skills."},
    )

    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.aims, partnership.impacts) == ("- Equity in public services", "Skills.")
    [entry] = ActivityLog.objects.filter(verb="networks.partnership.saved")
    assert entry.actor == organiser


def test_edit_forms_with_mistakes_keep_what_was_typed(client, network, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("networks:network_edit", args=[network.slug]),
        network_form(network, website="not an address", description="Kept text"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_website"' in content
    assert "Kept text" in content
