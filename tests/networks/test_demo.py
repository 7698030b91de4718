"""The networks' demo: a request to join waiting for the demo organiser, made once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from networks.models import JoinRequest, Membership, User
from networks.services.joining import decide_request

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=StringIO())


def test_the_demo_organiser_has_a_request_to_decide_and_it_is_made_once(client, settings):
    settings.DEBUG = True  # the demo accounts are made only with DEBUG on
    load_demo()
    load_demo()
    waiting = JoinRequest.objects.get(state="pending")
    assert (waiting.person.email, waiting.network.name) == (
        "participant@example.org",
        "Leeds Equality Network",
    )

    client.force_login(User.objects.get(email="organiser@example.org"))
    content = client.get(reverse("networks:requests", args=[waiting.network.slug])).content
    assert "I volunteer with a food bank in Leeds" in content.decode()

    # Decided, it is not asked again.
    decide_request(waiting, approve=True, by=None)
    load_demo()
    assert JoinRequest.objects.count() == 1
    assert Membership.objects.filter(person=waiting.person, left_at__isnull=True).count() == 1
