"""A public contribution's page for people signed in: kept for everyone who neither wrote
it nor organises its call, never naming an anonymous author to them; built afresh for its
author and its organisers, who see what only they may. A workshop's pack, the same for
everyone; and a call's page, kept for visitors and for people signed in, with their own
contributions to it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contributions.views import calls
from tests.contributions.public_data import SECRET_NAME, contribution, secret_author
from tests.factories import (
    CallFactory,
    ContributionFactory,
    OrganiserFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from tests.pages import signed_in, without_csrf_tokens

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


# A workshop's pack and a call's page


def test_pack_kept_for_people_signed_in_and_a_drafts_only_for_its_organisers(
    django_assert_num_queries,
):
    shared = contribution(title="Food parcels by postcode")
    workshop = shared.call.workshop
    address = reverse("contributions:pack", args=[workshop.slug])
    reader = signed_in(UserFactory())
    reader.get(address)

    with django_assert_num_queries(0):
        page = reader.get(address).content.decode()
    assert f"<title>Contributions to {workshop.title} ·" in page
    assert "Food parcels by postcode" in page

    draft = WorkshopFactory(state="draft")
    address = reverse("contributions:pack", args=[draft.slug])
    assert reader.get(address).status_code == 404
    draft.organisers.add(organiser := UserFactory())
    assert signed_in(organiser).get(address).status_code == 200


def call_address(call):
    return reverse("contributions:call", args=[call.slug])


def test_call_page_kept_for_visitors_with_a_form_that_takes_their_token(
    django_assert_num_queries,
):
    call = CallFactory(title="Examples of practice in lockdown")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(call_address(call))

    with django_assert_num_queries(0):
        page = visitor.get(call_address(call)).content.decode()
    assert "<h1>Examples of practice in lockdown</h1>" in page
    assert "Email me a code" in page and "left." in page

    token = TOKEN.search(page).group(1)
    response = visitor.post(
        reverse("account_request_login_code"),
        {"csrfmiddlewaretoken": token, "email": "new.contributor@example.org"},
    )
    assert response.status_code == 302


def test_call_page_kept_for_people_signed_in_with_their_own_contributions(saved):
    call = CallFactory()
    author, reader = UserFactory(), UserFactory()
    for person in (author, reader):
        signed_in(person).get(call_address(call))
    with saved():
        ContributionFactory(call=call, author=author, title="Our food bank's postcode rule")

    page = signed_in(author).get(call_address(call)).content.decode()
    assert "Start a contribution" in page
    assert "Your contributions to this call" in page and "postcode rule" in page
    page = signed_in(reader).get(call_address(call)).content.decode()
    assert "Start a contribution" in page and "postcode rule" not in page
    assert "Review the contributions" not in page

    call_organiser = UserFactory()
    with saved():
        call.workshop.organisers.add(call_organiser)
    for person in (call_organiser, OrganiserFactory()):
        assert (
            "Review the contributions" in signed_in(person).get(call_address(call)).content.decode()
        )


def test_open_call_page_is_kept_a_minute_at_most_and_a_draft_workshops_is_hidden():
    call = CallFactory()
    before = timezone.now()
    kept = calls._kept_call(call.slug, signed_in=False)
    assert before < kept["expires_at"] <= timezone.now() + timedelta(seconds=60)

    hidden = CallFactory(workshop=WorkshopFactory(state="draft"))
    assert Client().get(call_address(hidden)).status_code == 404
    assert signed_in(UserFactory()).get(call_address(hidden)).status_code == 404


def test_visitors_call_page_kept_whole_reads_as_the_one_rendered_around_it():
    # A visitor with no session gets the page kept whole, the layout too; one with a cookie
    # that might carry a message gets the layout rendered for them: both read the same.
    call = CallFactory()
    whole = Client().get(call_address(call)).content.decode()
    with_cookie = Client()
    with_cookie.cookies["messages"] = ""
    rendered = with_cookie.get(call_address(call)).content.decode()
    assert "Email me a code" in whole
    assert without_csrf_tokens(whole) == without_csrf_tokens(rendered)
