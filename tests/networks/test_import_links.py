"""Organisers find the import from the pages they already use; nobody else is shown it."""

import pytest
from django.urls import reverse

from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("networks:organisations_import")
EARLIER = reverse("networks:import_batches")


@pytest.mark.parametrize("page", ["organise", "networks:organisations"])
def test_organisers_are_shown_the_import_and_the_earlier_imports(client, page):
    client.force_login(OrganiserFactory())
    content = client.get(reverse(page)).content.decode()
    assert f'href="{IMPORT}"' in content
    assert f'href="{EARLIER}"' in content


def test_the_organisations_page_does_not_offer_the_import_to_others(client):
    assert IMPORT not in client.get(reverse("networks:organisations")).content.decode()
    client.force_login(UserFactory())
    assert IMPORT not in client.get(reverse("networks:organisations")).content.decode()
