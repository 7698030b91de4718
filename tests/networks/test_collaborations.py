"""Collaborations between networks: the public list and page (with the workshops and the
recommendations other apps add), and organisers setting them up."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from networks.models import Collaboration
from socialjustice.models import ActivityLog
from tests.factories import (
    CollaborationFactory,
    NetworkFactory,
    OrganisationFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_list_shows_each_collaboration_with_its_networks(client, count, django_assert_num_queries):
    health, transport = (
        NetworkFactory(name="Health Network"),
        NetworkFactory(name="Transport Network"),
    )
    for n in range(count):
        CollaborationFactory(title=f"Joint work {n}", networks=[transport, health])

    # The page count, the page, its networks.
    with django_assert_num_queries(3):
        response = client.get(reverse("networks:collaborations"))

    content = response.content.decode()
    assert content.count("Networks: Health Network, Transport Network") == count
    assert "New collaboration" not in content


def test_list_offers_organisers_a_new_collaboration(client, organiser):
    client.force_login(organiser)
    assert "New collaboration" in client.get(reverse("networks:collaborations")).content.decode()


def test_page_shows_aims_networks_organisations_workshops_and_recommendations(
    client, django_assert_num_queries
):
    health = NetworkFactory(name="Health Inequalities Research Network")
    equal = NetworkFactory(name="Equal England")
    elsewhere = NetworkFactory(name="A network not taking part")
    leeds = OrganisationFactory(name="University of Leeds")
    collaboration = CollaborationFactory(
        title="Network of Networks",
        aims="Pooling resources across equity networks.",
        networks=[health, equal],
        organisations=[leeds],
    )
    published = WorkshopFactory(title="More United than Divided")
    published.collaborations.add(collaboration)
    WorkshopFactory(title="A draft workshop", state="draft").collaborations.add(collaboration)
    WorkshopFactory(title="Another collaboration's workshop")
    report = ReportFactory(workshop=published, state="published", published_at=timezone.now())
    owned = RecommendationFactory(
        group__item__workshop=report.workshop,
        text="Share data across networks.",
        owner_network=equal,
    )
    RecommendationFactory(
        group__item__workshop=report.workshop, text="Not theirs.", owner_network=elsewhere
    )
    unpublished = WorkshopFactory(title="Unreported")
    RecommendationFactory(
        group__item__workshop=unpublished, text="Unreported.", owner_network=health
    )

    # The collaboration, its networks, its organisations; the workshops; the recommendations'
    # networks and the recommendations.
    with django_assert_num_queries(6):
        response = client.get(reverse("networks:collaboration", args=[collaboration.slug]))

    content = response.content.decode()
    assert "<h1>Network of Networks</h1>" in content
    assert "Pooling resources across equity networks." in content
    assert "Active" in content
    assert "Equal England" in content and "University of Leeds" in content
    assert "More United than Divided" in content
    assert "A draft workshop" not in content
    assert "Another collaboration&#x27;s workshop" not in content
    assert reverse("breakouts:recommendation", args=[owned.pk]) in content
    assert "Not theirs." not in content
    assert "Unreported." not in content
    assert "A network not taking part" not in content


def test_an_unknown_collaboration_is_404(client):
    assert client.get(reverse("networks:collaboration", args=["nothing"])).status_code == 404


def test_organiser_creates_a_collaboration_and_it_is_logged(client, organiser):
    health, equal = NetworkFactory(), NetworkFactory()
    OrganisationFactory(name="Leeds Poverty Truth Commission")
    client.force_login(organiser)

    response = client.post(
        reverse("networks:collaboration_create"),
        {
            "title": "  Network   of Networks ",
            "aims": "Work together.",
            "status": "proposed",
            "networks": [health.pk, equal.pk],
            "organisations": "leeds poverty truth commission\n\n",
        },
    )

    collaboration = Collaboration.objects.get()
    assert response.url == reverse("networks:collaboration", args=["network-of-networks"])
    assert collaboration.title == "Network of Networks"
    assert sorted(collaboration.networks.values_list("pk", flat=True)) == sorted(
        [health.pk, equal.pk]
    )
    assert list(collaboration.organisations.values_list("name", flat=True)) == [
        "Leeds Poverty Truth Commission"
    ]
    log = ActivityLog.objects.get()
    assert (log.verb, log.actor, log.target_id) == (
        "networks.collaboration.saved",
        organiser,
        str(collaboration.pk),
    )


def test_an_organisation_not_in_the_directory_is_refused(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("networks:collaboration_create"),
        {"title": "Joint work", "status": "proposed", "organisations": "Nobody Ltd"},
    )
    assert response.status_code == 200
    assert "The directory has no organisation called “Nobody Ltd”." in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert Collaboration.objects.count() == 0


def test_a_collaboration_called_new_gets_another_address(client, organiser):
    client.force_login(organiser)
    client.post(reverse("networks:collaboration_create"), {"title": "New", "status": "active"})
    assert Collaboration.objects.get().slug == "new-2"


def test_organiser_edits_a_collaboration_keeping_its_address(client, organiser):
    health, equal = NetworkFactory(), NetworkFactory()
    collaboration = CollaborationFactory(title="Joint work", networks=[health])
    client.force_login(organiser)
    assert (
        "Joint work"
        in client.get(
            reverse("networks:collaboration_edit", args=[collaboration.slug])
        ).content.decode()
    )

    response = client.post(
        reverse("networks:collaboration_edit", args=[collaboration.slug]),
        {
            "title": "Joint work on transport",
            "aims": collaboration.aims,
            "status": "paused",
            "networks": [equal.pk],
        },
    )

    assert response.url == reverse("networks:collaboration", args=["joint-work"])
    collaboration.refresh_from_db()
    assert (collaboration.title, collaboration.status) == ("Joint work on transport", "paused")
    assert list(collaboration.networks.all()) == [equal]
    assert ActivityLog.objects.get().data == {"fields": ["title", "status", "networks"]}


def test_people_who_are_not_organisers_cannot_set_up_collaborations(client):
    collaboration = CollaborationFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("networks:collaboration_create")).status_code == 403
    assert client.post(reverse("networks:collaboration_create"), {"title": "X"}).status_code == 403
    edit = reverse("networks:collaboration_edit", args=[collaboration.slug])
    assert client.post(edit, {"title": "X", "status": "active"}).status_code == 403
    collaboration.refresh_from_db()
    assert collaboration.title != "X"


def test_a_networks_page_can_show_its_collaborations(django_assert_num_queries):
    health, equal = NetworkFactory(name="Health Network"), NetworkFactory(name="Equal England")
    CollaborationFactory(title="Network of Networks", networks=[health, equal])
    CollaborationFactory(title="Someone else's", networks=[equal])
    template = Template("{% load network_tags %}{% network_collaborations network %}")

    with django_assert_num_queries(2):
        html = template.render(Context({"network": health}))

    assert "Network of Networks</a> (Active): with Equal England" in html
    assert "Someone else" not in html
    assert reverse("networks:picture") in html
