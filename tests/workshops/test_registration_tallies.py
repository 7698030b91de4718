"""The counts the database keeps of each workshop's registrations (migration 0008), which the
dashboard shows: after every kind of change, by every path, they are what counting says."""

import threading

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from tests.factories import NetworkFactory, RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration, Workshop
from workshops.selectors import dashboard
from workshops.selectors.tallies import tallies_of
from workshops.services import attendance
from workshops.services import registration as services

pytestmark = pytest.mark.django_db

ACTIVE = ["confirmed", "waiting"]


def counted(workshop) -> dict:
    """What the dashboard said when it counted every registration (before the tallies)."""
    rows = Registration.objects.filter(workshop=workshop)
    active = rows.filter(status__in=ACTIVE)
    links = Registration.networks.through.objects
    return {
        "by_status": dict(rows.order_by().values_list("status").annotate(n=Count("pk"))),
        "attended": rows.filter(status="confirmed", attended_at__isnull=False).count(),
        "by_sector": dict(active.order_by().values_list("sector").annotate(n=Count("pk"))),
        "by_network": sorted(
            links.filter(registration__in=active)
            .order_by()
            .values_list("network__name")
            .annotate(n=Count("pk"))
        ),
        "without_network": active.filter(
            ~Exists(links.filter(registration=OuterRef("pk")))
        ).count(),
        "sources": dict(
            active.exclude(source="")
            .order_by()
            .values_list("source")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
        ),
    }


def kept(workshop) -> dict:
    tallies = tallies_of(workshop.pk)
    return {
        "by_status": tallies.by_status,
        "attended": tallies.attended,
        "by_sector": tallies.by_sector,
        "by_network": sorted(tallies.by_network),
        "without_network": tallies.without_network,
        "sources": tallies.sources,
    }


def person(n, **fields):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org", **fields)


@pytest.fixture
def workshop():
    return WorkshopFactory(capacity=2)


@pytest.fixture
def networks():
    return NetworkFactory(name="Leeds Equality Network"), NetworkFactory(name="Race Forum")


def test_tallies_follow_registering_cancelling_and_places_given(workshop, networks):
    leeds, race = networks
    organiser = UserFactory()
    outcomes = [
        services.register(
            [workshop],
            person(n, sector=sector, networks=chosen, source=source),
        )[0]
        for n, (sector, chosen, source) in enumerate(
            [
                ("academic", [leeds, race], "office"),
                ("academic", [leeds], "office"),
                ("", [], "office"),
                ("voluntary", [race], "home"),
            ]
        )
    ]
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_status == {"confirmed": 2, "waiting": 2}

    # The first person cancels: the first waiting gets the place.
    services.cancel_registration(outcomes[0].registration, by=None)
    assert kept(workshop) == counted(workshop)
    # More places: the last person waiting gets one too; one arrives on the day.
    services.change_capacity(workshop, capacity=5, by=organiser)
    attendance.record_arrival(outcomes[1].registration, arrived=True, by=organiser)
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_status == {"confirmed": 3, "cancelled": 1}
    assert tallies_of(workshop.pk).attended == 1

    # The organisers remove everyone who came from one connection.
    services.remove_burst(workshop, source="office", by=organiser)
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_status == {"confirmed": 1, "cancelled": 3}


def test_tallies_follow_networks_sectors_and_deletions(workshop, networks):
    leeds, race = networks
    first = RegistrationFactory(workshop=workshop, sector="academic")
    second = RegistrationFactory(workshop=workshop, status="waiting")
    assert kept(workshop) == counted(workshop)

    first.networks.add(leeds, race)
    second.networks.set([race])
    assert kept(workshop) == counted(workshop)
    first.networks.remove(race)
    second.networks.clear()
    assert kept(workshop) == counted(workshop)

    first.sector = "public_service"
    first.save()
    Registration.objects.filter(pk=second.pk).update(sector="voluntary", source="lab")
    assert kept(workshop) == counted(workshop)

    second.delete()
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_network == [("Leeds Equality Network", 1)]
    leeds.delete()
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).without_network == 1


def test_tallies_follow_bulk_writes(workshop, networks):
    leeds, race = networks
    made = Registration.objects.bulk_create(
        RegistrationFactory.build(workshop=workshop, email=f"bulk{n}@example.org", source="x")
        for n in range(30)
    )
    Registration.networks.through.objects.bulk_create(
        Registration.networks.through(registration_id=one.pk, network_id=leeds.pk)
        for one in made[:10]
    )
    Registration.objects.filter(pk__in=[one.pk for one in made[20:]]).update(status="waiting")
    assert kept(workshop) == counted(workshop)
    Registration.objects.filter(pk__in=[one.pk for one in made[:5]]).delete()
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).sources == {"x": 25}

    # More rows than are counted one by one: everyone marked attended, every link removed,
    # everyone moved to the waiting list, in one statement each.
    Registration.objects.filter(workshop=workshop).update(attended_at=timezone.now())
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).attended == 15
    Registration.networks.through.objects.bulk_create(
        Registration.networks.through(registration_id=one.pk, network_id=race.pk)
        for one in made[5:]
    )
    assert kept(workshop) == counted(workshop)
    Registration.networks.through.objects.filter(network=leeds).delete()
    Registration.objects.filter(workshop=workshop).update(status="waiting")
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_network == [("Race Forum", 25)]


def test_tallies_are_each_workshops_own_and_go_with_it(workshop):
    other = WorkshopFactory()
    RegistrationFactory.create_batch(3, workshop=workshop)
    RegistrationFactory(workshop=other, status="waiting")
    assert tallies_of(workshop.pk).by_status == {"confirmed": 3}
    assert tallies_of(other.pk).by_status == {"waiting": 1}

    Workshop.objects.filter(pk=workshop.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM workshops_registration_tally WHERE workshop_id = %s",
            [workshop.pk],
        )
        assert cursor.fetchone() == (0,)
    assert tallies_of(other.pk).by_status == {"waiting": 1}


def test_emptying_the_tables_counts_again_from_what_is_left(workshop, networks):
    """The test suite's flush empties the tables with TRUNCATE, which no row trigger sees."""
    registration = RegistrationFactory(workshop=workshop)
    registration.networks.add(networks[0])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key check left pending
        cursor.execute("TRUNCATE workshops_registration_networks")
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).without_network == 1


def test_dashboard_shows_the_tallies(client, workshop, networks):
    organiser = UserFactory()
    workshop.organisers.add(organiser)
    for n in range(4):
        services.register([workshop], person(n, sector="academic", networks=[networks[0]]))
    client.force_login(organiser)

    response = client.get(f"/organise/workshops/{workshop.slug}/registrations/")

    summary = response.context["summary"]
    assert (summary.confirmed, summary.waiting, summary.places_left) == (2, 2, 0)
    assert summary.by_network == [dashboard.Bar("Leeds Equality Network", 4)]
    assert '<p id="registration-total">4 registrations</p>' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_tallies_stay_exact_when_many_register_at_once():
    workshop = WorkshopFactory(capacity=5)
    network = NetworkFactory()
    errors = []

    def register(n):
        try:
            services.register([workshop], person(n, networks=[network], source=f"s{n % 3}"))
        except Exception as error:  # noqa: BLE001 - the assertion below reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert kept(workshop) == counted(workshop)
    assert tallies_of(workshop.pk).by_status == {"confirmed": 5, "waiting": 7}
    assert sum(tallies_of(workshop.pk).sources.values()) == 12
