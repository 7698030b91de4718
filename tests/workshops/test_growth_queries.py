"""The pages whose data grows (issue 11) cost the same queries at 1x and at 10x their data:
the organisers' pages signed in, the public ones as a visitor, built afresh each time (as the
first request after an edit is). The time they take is bench/growth.py's to measure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from socialjustice.pagecache import invalidate
from tests.factories import (
    MaterialFactory,
    NetworkFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    WorkshopFactory,
)
from workshops.models import Material, ProgrammeItem, Registration, Workshop
from workshops.pages import CALENDAR_FEED

pytestmark = pytest.mark.django_db

WORKSHOPS = 3  # at 1x; 30 at 10x
REGISTRATIONS = 60  # on the dashboard's workshop at 1x; 600 at 10x


def add_workshops(count, start):
    """Workshops on both sides of today, each with a programme and public materials."""
    now = timezone.now().replace(microsecond=0)
    made = Workshop.objects.bulk_create(
        WorkshopFactory.build(
            title=f"Growing workshop {n}",
            slug=f"growing-{n}",
            starts_at=now + timedelta(days=n - count, hours=1),
            ends_at=now + timedelta(days=n - count, hours=4),
        )
        for n in range(start, start + 2 * count)
    )
    ProgrammeItem.objects.bulk_create(
        ProgrammeItemFactory.build(workshop=workshop) for workshop in made for _ in range(3)
    )
    Material.objects.bulk_create(
        MaterialFactory.build(workshop=workshop) for workshop in made for _ in range(2)
    )


def add_registrations(workshop, count, start, networks):
    """A place for every other person; then people waiting; a few cancelled; a burst."""
    now = timezone.now()
    made = Registration.objects.bulk_create(
        RegistrationFactory.build(
            workshop=workshop,
            email=f"person{n}@example.org",
            name=f"Person {n}",
            status="waiting" if n % 3 == 0 else "cancelled" if n % 7 == 0 else "confirmed",
            sector=["academic", "voluntary", ""][n % 3],
            source="one-office" if n % 10 == 0 else f"connection-{n}",
            created_at=now - timedelta(minutes=100_000 - n),
        )
        for n in range(start, start + count)
    )
    Registration.networks.through.objects.bulk_create(
        Registration.networks.through(registration_id=one.pk, network_id=network.pk)
        for index, one in enumerate(made)
        for network in networks[: index % 3]
    )


@pytest.fixture
def portal(client):
    """The portal at 1x, and a way to make it 10x."""
    organiser = OrganiserFactory()
    dashboard = WorkshopFactory(title="Many registrations", capacity=1000)
    networks = [NetworkFactory(), NetworkFactory()]
    add_workshops(WORKSHOPS, 0)
    add_registrations(dashboard, REGISTRATIONS, 0, networks)

    def grow():
        add_workshops(WORKSHOPS * 9, WORKSHOPS * 2)
        add_registrations(dashboard, REGISTRATIONS * 9, REGISTRATIONS, networks)

    return {"organiser": organiser, "dashboard": dashboard, "grow": grow, "client": client}


def last_waiting(workshop):
    return (
        Registration.objects.filter(workshop=workshop, status="waiting")
        .order_by("-created_at", "-pk")
        .first()
    )


# (page, who, the most queries it may make). An organiser's request reads its user (the
# session and permissions come from the cache); the rest is the page's own.
PAGES = [
    # upcoming workshops, latest materials, and the other apps' blocks
    ("/", "anonymous", 6),
    # the public list: its counts, the filter's choices, and its page from each half it
    # reaches (upcoming, past)
    ("/workshops/", "anonymous", 5),
    # the materials' count (less drafts') and the page
    ("/downloads/", "anonymous", 2),
    # the workshops' versions, the new versions' workshops
    ("/workshops/calendar.ics", "anonymous", 2),
    # the user; the workshops' count and their page, with each one's programme counted
    ("/organise/workshops/", "organiser", 3),
    # the user, the workshop and its organisers; its tallies, the page, the positions of
    # those waiting on it, the bursts' registrations
    ("{dashboard}", "organiser", 7),
    ("{dashboard}?status=waiting", "organiser", 7),
    # and a search's count, as only counting can say how many match
    ("{dashboard}?q=person1", "organiser", 8),
    # the user, the workshop and its organisers; the registration, its networks, its position
    ("{last_waiting}", "organiser", 6),
]


def address(path, portal):
    dashboard = portal["dashboard"]
    return path.format(
        dashboard=f"/organise/workshops/{dashboard.slug}/registrations/",
        last_waiting=f"/organise/workshops/{dashboard.slug}/registrations/"
        f"{last_waiting(dashboard).pk}/",
    )


def queries_of(portal, path, who, django_assert_max_num_queries, most):
    client = portal["client"]
    client.logout()
    if who == "organiser":
        client.force_login(portal["organiser"])
        client.get("/organise/")  # the session's first request writes it
    # Built afresh, as after an edit of a workshop (bulk_create sends no signals).
    invalidate("workshops", "networks", "home", CALENDAR_FEED)
    page = address(path, portal)
    with django_assert_max_num_queries(most) as captured:
        response = client.get(page)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(("path", "who", "most"), PAGES)
def test_page_queries_do_not_grow_with_ten_times_the_data(
    portal, django_assert_max_num_queries, path, who, most
):
    small, _response = queries_of(portal, path, who, django_assert_max_num_queries, most)
    portal["grow"]()
    large, response = queries_of(portal, path, who, django_assert_max_num_queries, most)

    if path == "/workshops/":
        # The first page at 1x reaches both halves (upcoming, past); at 10x it is all
        # upcoming, one query fewer.
        assert large == small - 1
    else:
        assert large == small
    if path == "{dashboard}":
        # The figures the organisers read are right at 10x.
        summary = response.context["summary"]
        people = Registration.objects.filter(workshop=portal["dashboard"])
        assert summary.waiting == people.filter(status="waiting").count()
        assert summary.confirmed == people.filter(status="confirmed").count()
