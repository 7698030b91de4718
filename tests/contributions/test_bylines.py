"""A person is written with their organisation one way everywhere: "Name (Organisation)",
as speakers are on a workshop's programme."""

import pytest
from django.urls import reverse

from socialjustice.names import with_organisation
from tests.factories import OrganisationFactory, UserFactory

from .public_data import contribution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "organisation", "written"),
    [
        ("Amira Khan", "Leeds Older People's Forum", "Amira Khan (Leeds Older People's Forum)"),
        ("Amira Khan", "", "Amira Khan"),
        ("", "Leeds Older People's Forum", "Leeds Older People's Forum"),
        (" Amira Khan ", None, "Amira Khan"),
    ],
)
def test_with_organisation(name, organisation, written):
    assert with_organisation(name, organisation) == written


@pytest.fixture
def named(call):
    return contribution(
        call=call,
        title="Phone befriending",
        author=UserFactory(display_name="Amira Khan"),
        organisation=OrganisationFactory(name="Leeds Older People's Forum"),
    )


def test_pack_names_the_author_with_their_organisation_in_brackets(client, call, named):
    contribution(call=call, title="No organisation", author=UserFactory(display_name="Bo Li"))

    content = client.get(reverse("contributions:pack", args=[call.workshop.slug])).content

    assert '<p class="byline">Amira Khan (Leeds Older People&#x27;s Forum)</p>' in (
        content.decode()
    )
    assert '<p class="byline">Bo Li</p>' in content.decode()


def test_contribution_page_names_the_author_with_their_organisation_in_brackets(client, named):
    content = client.get(reverse("contributions:detail", args=[named.pk])).content.decode()

    assert '<p class="byline">Sent by Amira Khan (Leeds Older People&#x27;s Forum)</p>' in content
