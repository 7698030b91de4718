"""Linking a workshop to collaborations between networks, in the organisers' workshop form:
the collaboration's page lists it from the next visit on, an unchanged save keeps the links,
and only those who manage the workshop may change them. The forms are posted as the
browser would send what the page rendered (tests.contributions.public_data.form_values)."""

import pytest
from django.test import Client
from django.urls import reverse

from socialjustice.models import ActivityLog
from tests.contributions.public_data import form_values
from tests.factories import CollaborationFactory, NetworkFactory, UserFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

NO_WORKSHOPS = "No workshops belong to this collaboration yet."
LABEL = "collaborations it belongs to"


@pytest.fixture
def workshop_organiser():
    """Someone who organises this workshop alone, not every workshop."""
    return UserFactory()


@pytest.fixture
def workshop(workshop_organiser):
    workshop = WorkshopFactory(title="More United than Divided")
    workshop.organisers.add(workshop_organiser)
    return workshop


@pytest.fixture
def signed_in(client, workshop_organiser):
    client.force_login(workshop_organiser)
    return client


@pytest.fixture
def network_of_networks():
    return CollaborationFactory(title="Network of Networks")


@pytest.fixture
def transport():
    return CollaborationFactory(title="A transport partnership")


def edit_url(workshop):
    return reverse("workshops:edit", args=[workshop.slug])


def opened_form(client, workshop) -> dict[str, list[str]]:
    """What the edit form sends back as rendered, untouched."""
    response = client.get(edit_url(workshop))
    assert response.status_code == 200
    return form_values(response.content.decode())


def visitor_sees(collaboration) -> str:
    """The collaboration's page as a visitor with no session sees it (the cached page)."""
    response = Client().get(reverse("networks:collaboration", args=[collaboration.slug]))
    assert response.status_code == 200
    return response.content.decode()


def workshop_link(workshop) -> str:
    return f'<a href="{reverse("workshops:detail", args=[workshop.slug])}">{workshop.title}</a>'


def links_of(workshop) -> list[str]:
    return list(
        Workshop.objects.get(pk=workshop.pk)
        .collaborations.order_by("title")
        .values_list("title", flat=True)
    )


def logged_fields() -> list[list[str]]:
    return [entry.data["fields"] for entry in ActivityLog.objects.order_by("pk")]


def test_collaborations_field_lists_every_collaboration_by_title(
    signed_in, workshop, network_of_networks, transport
):
    response = signed_in.get(edit_url(workshop))

    field = response.context["form"]["collaborations"]
    assert field.label == "Collaborations"
    assert field.help_text == (
        "The collaborations between networks this workshop is part of. It is listed on their pages."
    )
    assert field.field.required is False
    assert [label for _value, label in field.field.choices] == [
        "A transport partnership",
        "Network of Networks",
    ]
    assert "collaborations" not in form_values(response.content.decode())


def test_organiser_links_a_workshop_and_the_collaborations_page_lists_it(
    signed_in, workshop, network_of_networks, transport, saved
):
    assert NO_WORKSHOPS in visitor_sees(network_of_networks)  # kept in the cache now
    data = opened_form(signed_in, workshop)

    with saved():
        response = signed_in.post(
            edit_url(workshop), {**data, "collaborations": [str(network_of_networks.pk)]}
        )

    assert response.status_code == 302
    assert response.url == reverse("workshops:manage", args=[workshop.slug])
    assert links_of(workshop) == ["Network of Networks"]
    page = visitor_sees(network_of_networks)
    assert workshop_link(workshop) in page
    assert NO_WORKSHOPS not in page
    assert NO_WORKSHOPS in visitor_sees(transport)
    assert logged_fields() == [[LABEL]]


def test_organiser_unlinks_a_workshop_and_the_collaborations_page_drops_it(
    signed_in, workshop, network_of_networks, transport, saved
):
    workshop.collaborations.add(network_of_networks, transport)
    assert workshop_link(workshop) in visitor_sees(network_of_networks)
    data = opened_form(signed_in, workshop)
    assert data["collaborations"] == [str(transport.pk), str(network_of_networks.pk)]

    with saved():
        response = signed_in.post(
            edit_url(workshop), {**data, "collaborations": [str(transport.pk)]}
        )

    assert response.status_code == 302
    assert links_of(workshop) == ["A transport partnership"]
    page = visitor_sees(network_of_networks)
    assert workshop_link(workshop) not in page
    assert NO_WORKSHOPS in page
    assert workshop_link(workshop) in visitor_sees(transport)
    assert logged_fields() == [[LABEL]]


def test_organiser_unticks_every_collaboration(signed_in, workshop, network_of_networks, saved):
    workshop.collaborations.add(network_of_networks)
    data = opened_form(signed_in, workshop)
    del data["collaborations"]  # no box ticked: the browser sends nothing of the field

    with saved():
        signed_in.post(edit_url(workshop), data)

    assert links_of(workshop) == []
    assert NO_WORKSHOPS in visitor_sees(network_of_networks)


def test_edit_form_saved_unchanged_keeps_the_collaborations(
    signed_in, workshop, network_of_networks, transport, saved
):
    workshop.collaborations.add(network_of_networks, transport)
    data = opened_form(signed_in, workshop)
    # Ticked, and carried hidden as what the organiser saw (crispy draws no `initial-` copy
    # of a list of boxes).
    ticked = [str(transport.pk), str(network_of_networks.pk)]
    assert (data["collaborations"], data["collaborations_shown"]) == (ticked, ticked)

    with saved():
        response = signed_in.post(edit_url(workshop), data)

    assert response.status_code == 302
    assert links_of(workshop) == ["A transport partnership", "Network of Networks"]
    assert logged_fields() == [[]]


def test_edit_form_changing_another_field_keeps_the_collaborations(
    signed_in, workshop, network_of_networks, saved
):
    workshop.collaborations.add(network_of_networks)
    data = opened_form(signed_in, workshop)

    with saved():
        signed_in.post(edit_url(workshop), {**data, "title": "More United Than Divided"})

    assert links_of(workshop) == ["Network of Networks"]
    assert logged_fields() == [["title"]]


def test_edit_form_opened_earlier_keeps_a_link_made_meanwhile(
    signed_in, workshop, network_of_networks, transport, saved
):
    data = opened_form(signed_in, workshop)
    workshop.collaborations.add(transport)  # another organiser, since the form opened

    with saved():
        signed_in.post(edit_url(workshop), {**data, "title": "More United Than Divided"})

    assert links_of(workshop) == ["A transport partnership"]


def test_new_workshop_linked_to_a_collaboration(client, organiser, network_of_networks, saved):
    client.force_login(organiser)
    data = form_values(client.get(reverse("workshops:create")).content.decode())
    data.update(
        title="Leadership for Equity",
        date="2030-11-19",
        start_time="10:00",
        end_time="12:30",
        collaborations=[str(network_of_networks.pk)],
    )

    with saved():
        response = client.post(reverse("workshops:create"), data)

    workshop = Workshop.objects.get()
    assert response.url == reverse("workshops:programme", args=[workshop.slug])
    assert links_of(workshop) == ["Network of Networks"]
    # A draft: nobody else sees it yet, on the collaboration's page either.
    assert NO_WORKSHOPS in visitor_sees(network_of_networks)


def test_someone_not_organising_the_workshop_cannot_link_it(
    client, workshop, network_of_networks, signed_in
):
    data = opened_form(signed_in, workshop)
    signed_in.logout()
    someone = UserFactory()
    client.force_login(someone)

    refused = client.post(
        edit_url(workshop), {**data, "collaborations": [str(network_of_networks.pk)]}
    )

    assert refused.status_code == 403
    assert client.get(edit_url(workshop)).status_code == 403
    assert links_of(workshop) == []
    assert ActivityLog.objects.count() == 0


def test_anonymous_visitor_cannot_link_a_workshop(client, workshop, network_of_networks):
    response = client.post(edit_url(workshop), {"collaborations": [str(network_of_networks.pk)]})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert links_of(workshop) == []


def test_unticking_the_last_network_saves_too(signed_in, workshop, saved):
    # The same lists of boxes: networks went the same way as collaborations.
    network = NetworkFactory()
    workshop.networks.add(network)
    data = opened_form(signed_in, workshop)
    assert (data["networks"], data["networks_shown"]) == ([str(network.pk)], [str(network.pk)])
    del data["networks"]

    with saved():
        signed_in.post(edit_url(workshop), data)

    assert list(Workshop.objects.get(pk=workshop.pk).networks.all()) == []
