"""A public contribution's page for people signed in: kept for everyone who neither wrote
it nor organises its call, never naming an anonymous author to them; built afresh for its
author and its organisers, who see what only they may."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.contributions.public_data import SECRET_NAME, contribution, secret_author
from tests.factories import CallFactory, OrganiserFactory, UserFactory, WorkshopSeriesFactory

pytestmark = pytest.mark.django_db


def signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def address(row):
    return reverse("contributions:detail", args=[row.pk])


def test_kept_for_people_signed_in_without_naming_an_anonymous_author(
    django_assert_num_queries,
):
    author, organisation = secret_author()
    shared = contribution(
        title="Food parcels by postcode",
        author=author,
        organisation=organisation,
        visibility="public_anonymous",
    )
    reader = signed_in(UserFactory())
    reader.get(address(shared))

    with django_assert_num_queries(0):
        page = reader.get(address(shared)).content.decode()

    assert "<h1>Food parcels by postcode</h1>" in page
    assert '<script type="application/ld+json">' in page
    assert SECRET_NAME not in page
    assert "Sent by" not in page and "Edit" not in page


def test_author_and_the_organisers_of_its_call_get_their_page(saved):
    author, organisation = secret_author()
    shared = contribution(author=author, organisation=organisation, visibility="public_anonymous")
    signed_in(UserFactory()).get(address(shared))  # kept
    workshop_organiser = UserFactory()
    with saved():
        shared.call.workshop.organisers.add(workshop_organiser)

    # Its reviewers see who sent it; the author sees their own name too.
    for person in (author, workshop_organiser, OrganiserFactory()):
        assert SECRET_NAME in signed_in(person).get(address(shared)).content.decode()
    assert SECRET_NAME not in signed_in(UserFactory()).get(address(shared)).content.decode()


def test_organisers_of_a_series_call_get_their_page(saved):
    series = WorkshopSeriesFactory()
    author, organisation = secret_author()
    shared = contribution(
        call=CallFactory(workshop=None, series=series),
        author=author,
        organisation=organisation,
        visibility="public_anonymous",
    )
    signed_in(UserFactory()).get(address(shared))  # kept
    series_organiser = UserFactory()
    with saved():
        series.organisers.add(series_organiser)

    assert SECRET_NAME in signed_in(series_organiser).get(address(shared)).content.decode()


def test_kept_page_changes_with_the_contribution_and_a_hidden_one_stays_hidden(saved):
    shared = contribution(title="Food parcels by postcode")
    reader = signed_in(UserFactory())
    reader.get(address(shared))
    with saved():
        shared.title = "Food parcels by postcode, then by need"
        shared.save()
    assert "then by need" in reader.get(address(shared)).content.decode()

    with saved():
        shared.state = "withdrawn"
        shared.save()
    assert reader.get(address(shared)).status_code == 404
    assert signed_in(shared.author).get(address(shared)).status_code == 200
