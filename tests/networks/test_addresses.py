"""Rows never take the address of a page beside theirs: an organisation called "Import" or a
network whose slug is "coverage" would be hidden behind that page."""

import pytest
from django.core.exceptions import ValidationError

from networks.services import find_or_create_organisation
from networks.services.organisation_import import _slugs
from tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Import", "New", "Export", "Imports"])
def test_an_organisation_named_like_a_page_gets_its_own_address(name):
    organisation = find_or_create_organisation(name=name)

    assert organisation.slug == f"{name.lower()}-2"


def test_imported_organisations_never_take_a_page_address():
    assert _slugs(["New", "New", "Leeds Food Aid"]) == ["new-2", "new-3", "leeds-food-aid"]


@pytest.mark.parametrize("slug", ["coverage", "organisations", "picture", "stakeholders"])
def test_a_network_cannot_have_the_address_of_a_directory_page(slug):
    network = NetworkFactory.build(slug=slug)

    with pytest.raises(ValidationError) as refused:
        network.full_clean(exclude=["partnership"])
    assert "slug" in refused.value.message_dict
