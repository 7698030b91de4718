"""A recommendation's page and a published report for people signed in: kept for everyone
who neither organises the workshop nor coordinates a network, with each person's own
support; built afresh for those who may update or edit them."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from breakouts.models import Support
from breakouts.views import tracker
from tests.factories import (
    GroupFactory,
    NetworkFactory,
    OrganiserFactory,
    RecommendationFactory,
    ReportFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.pages import signed_in

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(title="Understandings of Inequality")
    ReportFactory(workshop=workshop, state="published", published_at=timezone.now())
    return workshop


@pytest.fixture
def recommendation(workshop):
    return RecommendationFactory(
        group=GroupFactory(item__workshop=workshop), text="Fund community interpreters"
    )


def page_of(recommendation):
    return reverse("breakouts:recommendation", args=[recommendation.pk])


def test_recommendation_page_kept_with_each_persons_own_support(
    recommendation, django_assert_num_queries
):
    supporter, other = UserFactory(), UserFactory()
    Support.objects.create(recommendation=recommendation, person=supporter)
    pages = {person: signed_in(person) for person in (supporter, other)}
    for client in pages.values():
        client.get(page_of(recommendation))

    with django_assert_num_queries(0):
        content = {p: c.get(page_of(recommendation)).content.decode() for p, c in pages.items()}

    assert all("Fund community interpreters" in page for page in content.values())
    assert all("1 person supports it" in page for page in content.values())
    assert "You support this recommendation." in content[supporter]
    assert "Support this recommendation</button>" not in content[supporter]
    assert "Support this recommendation</button>" in content[other]
    assert "You support this recommendation." not in content[other]
    assert "Update its status" not in content[other]


def test_supporting_from_the_kept_page_shows_at_once(recommendation, saved):
    client = signed_in(UserFactory(), enforce_csrf_checks=True)
    page = client.get(page_of(recommendation)).content.decode()
    with saved():
        response = client.post(
            reverse("breakouts:support", args=[recommendation.pk]),
            {"csrfmiddlewaretoken": TOKEN.findall(page)[-1]},
        )
    assert response.status_code == 302
    page = client.get(page_of(recommendation)).content.decode()
    assert "You support this recommendation." in page
    assert "1 person supports it" in page


def test_those_who_may_update_it_get_their_page(recommendation, workshop, saved):
    other = signed_in(UserFactory())
    other.get(page_of(recommendation))  # kept
    workshop_organiser, coordinator = UserFactory(), UserFactory()
    with saved():
        workshop.organisers.add(workshop_organiser)
        network = NetworkFactory()
        network.coordinators.add(coordinator)
        recommendation.owner_network = network
        recommendation.save()

    for person in (workshop_organiser, coordinator, OrganiserFactory()):
        assert (
            "Update its status" in signed_in(person).get(page_of(recommendation)).content.decode()
        )
    assert "Update its status" not in other.get(page_of(recommendation)).content.decode()


def test_recommendation_due_today_is_kept_only_until_midnight(recommendation):
    # Tomorrow it is overdue, and its page must say so.
    recommendation.due_on = timezone.localdate()
    recommendation.save()
    assert "(overdue)" not in signed_in(UserFactory()).get(page_of(recommendation)).content.decode()

    kept = tracker._kept_page(recommendation.pk)
    midnight = datetime.combine(timezone.localdate() + timedelta(days=1), time.min)
    assert kept["expires_at"] == timezone.make_aware(midnight)


def test_unpublished_or_merged_recommendation_is_not_kept(recommendation, saved):
    main = RecommendationFactory(group=recommendation.group)
    with saved():
        recommendation.merged_into = main
        recommendation.save()
    response = signed_in(UserFactory()).get(page_of(recommendation))
    assert response.status_code == 302 and response.url == page_of(main)
    draft = RecommendationFactory()
    assert signed_in(UserFactory()).get(page_of(draft)).status_code == 404


def test_published_report_kept_for_people_signed_in_and_built_for_its_organisers(
    workshop, saved, django_assert_num_queries
):
    address = reverse("breakouts:report", args=[workshop.slug])
    edit = reverse("breakouts:report_edit", args=[workshop.slug])
    reader = signed_in(UserFactory())
    reader.get(address)

    with django_assert_num_queries(0):
        page = reader.get(address).content.decode()
    assert "<title>Report of Understandings of Inequality ·" in page
    assert "print.css" in page
    assert edit not in page

    organiser = UserFactory()
    with saved():
        workshop.organisers.add(organiser)
    assert edit in signed_in(organiser).get(address).content.decode()
    assert edit not in reader.get(address).content.decode()
