"""What the tests of the organisers' registration pages share: a workshop with its own
organiser, signed in, and a crowd of registrations in every state."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import NetworkFactory, RegistrationFactory, WorkshopFactory

LONDON = ZoneInfo("Europe/London")


def at(day, hour, minute=0):
    """A moment in October 2030, London time."""
    return datetime(2030, 10, day, hour, minute, tzinfo=LONDON)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def names(registrations):
    return [registration.name for registration in registrations]


def url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.slug, *args])


def organised_workshop(organiser):
    """Ten places, organised by `organiser` (who is no site-wide organiser)."""
    workshop = WorkshopFactory(title="Understandings of Inequality", capacity=10)
    workshop.organisers.add(organiser)
    return workshop


def make_crowd(workshop):
    """Three confirmed (one attended), two waiting, one cancelled, in sectors and networks."""
    leeds = NetworkFactory(name="Leeds Equality Network")
    race = NetworkFactory(name="Race Equality Forum")
    people = {
        "Amira Khan": {"sector": "academic", "networks": [leeds, race]},
        "Ben Adeyemi": {"sector": "academic", "networks": [leeds], "attended_at": at(1, 10)},
        "Carys Jones": {"sector": "voluntary", "organisation": "Leeds Food Aid", "networks": []},
        "Dev Patel": {"sector": "", "status": "waiting", "networks": [leeds]},
        "Erin Walsh": {"sector": "public_service", "status": "waiting", "networks": []},
        "Femi Okoro": {"sector": "academic", "status": "cancelled", "networks": [leeds]},
    }
    made = {}
    for day, (name, fields) in enumerate(people.items(), start=1):
        networks = fields.pop("networks")
        first = name.split()[0].lower()
        made[name] = RegistrationFactory(
            workshop=workshop,
            name=name,
            email=f"{first}@example.org",
            created_at=at(day, 9),
            **fields,
        )
        made[name].networks.set(networks)
    return made
