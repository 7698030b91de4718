"""The directory as open data: Open Referral UK's field names, pages with links and a total
count, public fields only (never an organisation's contact), and the same queries whatever
the size."""

import json

import pytest
from django.urls import reverse

from networks.selectors import open_data
from tests.factories import EqualityGroupFactory, NetworkFactory, OrganisationFactory, SectorFactory

pytestmark = pytest.mark.django_db

SECRET = {"contact_name": "Private Person", "contact_email": "private.person@example.org"}


def get(client, name, query=""):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_networks_have_open_referral_fields_and_their_public_contact(client):
    network = NetworkFactory(
        name="Leeds Equality Network",
        short_name="LEN",
        description="Equality organisations in Leeds.",
        contact_email="hello@len.example.org",
        website="https://len.example.org",
        city="Leeds",
        region="Yorkshire and the Humber",
        country="England",
    )
    network.organisations.add(OrganisationFactory(), OrganisationFactory())
    network.equality_groups.add(EqualityGroupFactory(name="Care leavers"))
    network.sectors.add(SectorFactory(name="Night buses"))

    body = get(client, "networks:networks_json")

    assert body == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "page_size": 100,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": str(network.pk),
                "name": "Leeds Equality Network",
                "alternate_name": "LEN",
                "description": "Equality organisations in Leeds.",
                "email": "hello@len.example.org",
                "url": "https://len.example.org",
                "uri": f"http://testserver/networks/{network.slug}/",
                "area": "",
                "city": "Leeds",
                "region": "Yorkshire and the Humber",
                "country": "England",
                "partnership": network.partnership.name,
                "organisation_count": 2,
                "equality_groups": ["Care leavers"],
                "sectors": ["Night buses"],
            }
        ],
    }


def test_organisations_never_show_a_contact(client):
    network = NetworkFactory()
    organisation = OrganisationFactory(
        name="Arc of Inclusion",
        identifier="GB-CHC-1",
        website="https://arc.example.org",
        research_site=True,
        **SECRET,
    )
    network.organisations.add(organisation)

    response = client.get(reverse("networks:organisations_json"))
    body = json.loads(response.content)

    (record,) = body["results"]
    assert record == {
        "id": str(organisation.pk),
        "name": "Arc of Inclusion",
        "description": "",
        "url": "https://arc.example.org",
        "uri": f"http://testserver/networks/organisations/{organisation.slug}/",
        "identifier": "GB-CHC-1",
        "kind": "voluntary",
        "place": "Leeds",
        "city": "",
        "region": "",
        "country": "",
        "research_site": True,
        "open_to_collaboration": False,
        "networks": [str(network.pk)],
        "equality_groups": [],
        "sectors": [],
    }
    text = response.content.decode()
    assert "email" not in text and "contact" not in text
    assert SECRET["contact_name"] not in text and SECRET["contact_email"] not in text


def test_records_come_a_page_at_a_time_with_links(client, monkeypatch):
    monkeypatch.setattr(open_data, "PAGE_SIZE", 2)
    for n in range(5):
        OrganisationFactory(name=f"Organisation {n}")
    address = "http://testserver/networks/organisations.json"

    first = get(client, "networks:organisations_json")
    second = get(client, "networks:organisations_json", "?page=2")
    last = get(client, "networks:organisations_json", "?page=3")
    beyond = get(client, "networks:organisations_json", "?page=4")

    assert [r["name"] for r in first["results"]] == ["Organisation 0", "Organisation 1"]
    assert (first["count"], first["pages"], first["previous"], first["next"]) == (
        5,
        3,
        None,
        f"{address}?page=2",
    )
    assert (second["previous"], second["next"]) == (f"{address}?page=1", f"{address}?page=3")
    assert ([r["name"] for r in last["results"]], last["next"]) == (["Organisation 4"], None)
    assert (beyond["results"], beyond["next"], beyond["previous"]) == ([], None, None)
    # A made-up page number is the first page, not an error.
    assert get(client, "networks:organisations_json", "?page=abc")["page"] == 1


@pytest.mark.parametrize("count", [1, 3])
def test_each_page_takes_the_same_queries_whatever_the_size(
    client, count, django_assert_num_queries
):
    for _n in range(count):
        network = NetworkFactory()
        network.organisations.add(OrganisationFactory(), OrganisationFactory())
        network.sectors.add(SectorFactory())

    # The count, the page, its groups, its sectors.
    with django_assert_num_queries(4):
        client.get(reverse("networks:networks_json"))
    # The count, the page, its networks, groups and sectors.
    with django_assert_num_queries(5):
        client.get(reverse("networks:organisations_json"))
    # Kept for the next visitor.
    with django_assert_num_queries(0):
        client.get(reverse("networks:organisations_json"))


def test_open_data_is_fresh_after_a_change(client, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Old Name")
    assert get(client, "networks:organisations_json")["results"][0]["name"] == "Old Name"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "New Name"
        organisation.save()
    assert get(client, "networks:organisations_json")["results"][0]["name"] == "New Name"
