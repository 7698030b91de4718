"""Reads for the organisers' registration dashboard, a registration's page and the export.

Every page here costs a fixed number of queries, and the same time, whatever the number of
registrations: the counts are the tallies the database keeps (selectors.tallies), waiting
positions are counted only as far as the page's last, networks are one prefetch.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.enums import PersonSector
from networks.models import Network

from ..enums import HowHeard, RegistrationStatus
from ..models import Registration, Workshop
from .registration import waiting_position
from .tallies import Tallies, tallies_of

# The breakdowns describe the people expected (or hoping) to come, not those who cancelled.
ACTIVE = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


@dataclass(frozen=True)
class Summary:
    capacity: int | None
    confirmed: int
    waiting: int
    cancelled: int
    attended: int
    by_sector: list[Bar]
    by_network: list[Bar]

    @property
    def registered(self) -> int:
        """Confirmed and waiting: the whole of each breakdown."""
        return self.confirmed + self.waiting

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed, 0)

    @property
    def over_capacity(self) -> int:
        """Confirmed beyond the places, after the places were lowered or given by hand."""
        if self.capacity is None:
            return 0
        return max(self.confirmed - self.capacity, 0)


def counts_of(tallies: Tallies) -> dict[str, int]:
    return {
        "confirmed": tallies.status(RegistrationStatus.CONFIRMED),
        "waiting": tallies.status(RegistrationStatus.WAITING),
        "cancelled": tallies.status(RegistrationStatus.CANCELLED),
        "attended": tallies.attended,
        "without_network": tallies.without_network,
    }


def registration_counts(workshop: Workshop) -> dict[str, int]:
    """Confirmed, waiting, cancelled and attended (of those confirmed), in one query."""
    return counts_of(tallies_of(workshop.pk))


def registration_summary(workshop: Workshop, tallies: Tallies | None = None) -> Summary:
    """The dashboard's figures and breakdowns, from the tallies (one query, none if given)."""
    tallies = tallies or tallies_of(workshop.pk)
    counts = counts_of(tallies)
    sectors = dict(tallies.by_sector)
    not_given = sectors.pop("", 0)
    by_sector = sorted(
        (Bar(PersonSector(value).label, count) for value, count in sectors.items()),
        key=lambda bar: (-bar.count, bar.label),
    )
    if not_given:
        by_sector.append(Bar(_("Not given"), not_given))
    by_network = [
        Bar(name, count)
        for name, count in sorted(tallies.by_network, key=lambda pair: (-pair[1], pair[0]))
    ]
    if counts["without_network"]:
        by_network.append(Bar(_("No network named"), counts["without_network"]))
    return Summary(
        capacity=workshop.capacity,
        confirmed=counts["confirmed"],
        waiting=counts["waiting"],
        cancelled=counts["cancelled"],
        attended=counts["attended"],
        by_sector=by_sector,
        by_network=by_network,
    )


# Each waiting registration's place in the queue, for some of them: numbered in
# `selectors.registration.waiting_queue`'s order only as far as the last of them.
_POSITIONS = """
    SELECT id, position FROM (
        SELECT id, row_number() OVER (ORDER BY created_at, id) AS position
        FROM workshops_registration
        WHERE workshop_id = %s AND status = %s
            AND created_at <= %s AND (created_at, id) <= (%s, %s)
    ) AS queue
    WHERE id = ANY(%s)
"""


def waiting_positions(workshop: Workshop, registrations) -> dict[int, int]:
    """The place in the queue (1 for the first) of each of `registrations` that is waiting,
    by id; one query, none when nobody among them waits.

    The queue is counted up to the last of them and no further: the first page of a list
    costs the same with 1,500 waiting or 15,000. Loading the whole list's ids cost 15,000
    rows a page; counting in a subquery per row, the square of the list.
    """
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    if not waiting:
        return {}
    last = max(waiting, key=lambda registration: (registration.created_at, registration.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            _POSITIONS,
            [
                workshop.pk,
                RegistrationStatus.WAITING,
                last.created_at,
                last.created_at,
                last.pk,
                [registration.pk for registration in waiting],
            ],
        )
        return dict(cursor.fetchall())


def with_positions(registrations, positions: dict[int, int]):
    """Set `waiting_position` on each (None for anyone not waiting); returns them."""
    for registration in registrations:
        registration.waiting_position = positions.get(registration.pk)
    return registrations


def matching(registrations, query: str, *fields: str):
    query = " ".join(query.split())
    if not query:
        return registrations
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return registrations.filter(condition)


def registrations_for_list(
    workshop: Workshop, *, query: str = "", status: str = "", source: str = ""
) -> QuerySet[Registration]:
    """The dashboard's list, in the order people registered; search by name, email or
    organisation, filter by status or by the connection they came from."""
    registrations = matching(
        Registration.objects.filter(workshop=workshop), query, "name", "email", "organisation"
    )
    if status:
        registrations = registrations.filter(status=status)
    if source:
        registrations = registrations.filter(source=source)
    return registrations.order_by("created_at", "pk")


def list_count(tallies: Tallies, *, query: str = "", status: str = "", source: str = ""):
    """How many registrations `registrations_for_list` gives, from the tallies; None when
    it searches or picks a connection (only counting them can say)."""
    if " ".join(query.split()) or source:
        return None
    return tallies.status(status) if status else tallies.total


# This many registrations (confirmed or waiting) from one connection are shown as a burst.
BURST_SIZE = 5


@dataclass(frozen=True)
class Burst:
    source: str
    count: int
    first: datetime
    last: datetime


def bursts(workshop: Workshop, tallies: Tallies | None = None) -> list[Burst]:
    """Connections that several people registered from: made-up registrations, or colleagues
    at one office. Largest first. The tallies name them (a query, none if given); their
    registrations are read only when there are some (one query more)."""
    tallies = tallies or tallies_of(workshop.pk, from_one=BURST_SIZE)
    sources = [source for source, count in tallies.sources.items() if count >= BURST_SIZE]
    if not sources:
        return []
    return [
        Burst(**row)
        for row in Registration.objects.filter(
            workshop=workshop, status__in=ACTIVE, source__in=sources
        )
        .exclude(source="")
        .values("source")
        .annotate(count=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .filter(count__gte=BURST_SIZE)
        .order_by("-count", "first")
    ]


def _networks():
    return Prefetch("networks", queryset=Network.objects.order_by("name"))


def registration_for_detail(workshop: Workshop, *, pk: int) -> Registration:
    """One registration of this workshop (DoesNotExist for another workshop's)."""
    registration = (
        Registration.objects.filter(workshop=workshop).prefetch_related(_networks()).get(pk=pk)
    )
    registration.waiting_position = (
        waiting_position(registration)
        if registration.status == RegistrationStatus.WAITING
        else None
    )
    return registration


EXPORT_HEADER = (
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Organisation"),
    gettext_lazy("Sector"),
    gettext_lazy("Networks"),
    gettext_lazy("Access requirements"),
    gettext_lazy("Dietary needs"),
    gettext_lazy("How they heard"),
    gettext_lazy("Status"),
    gettext_lazy("Waiting position"),
    gettext_lazy("Registered at"),
    gettext_lazy("Confirmed at"),
    gettext_lazy("Cancelled at"),
    gettext_lazy("Attended at"),
    gettext_lazy("Consented to privacy notice at"),
)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _label(choices, value) -> str:
    return choices(value).label if value else ""


def export_rows(workshop: Workshop, *, chunk_size: int = 500) -> Iterator[list[str]]:
    """Every registration of the workshop as a row of text (`EXPORT_HEADER` names the
    columns), read in chunks (with their networks, one query a chunk) so a large workshop is
    never all in memory. They come in the waiting list's order, so each waiting person's
    place is counted on the way."""
    waiting = 0
    registrations = (
        Registration.objects.filter(workshop=workshop)
        .prefetch_related(_networks())
        .order_by("created_at", "pk")
    )
    for registration in registrations.iterator(chunk_size=chunk_size):
        registration.waiting_position = None
        if registration.status == RegistrationStatus.WAITING:
            waiting += 1
            registration.waiting_position = waiting
        yield [
            registration.name,
            registration.email,
            registration.organisation,
            _label(PersonSector, registration.sector),
            "; ".join(network.name for network in registration.networks.all()),
            registration.access_requirements,
            registration.dietary_needs,
            _label(HowHeard, registration.how_heard),
            _label(RegistrationStatus, registration.status),
            str(registration.waiting_position or ""),
            _moment(registration.created_at),
            _moment(registration.confirmed_at),
            _moment(registration.cancelled_at),
            _moment(registration.attended_at),
            _moment(registration.consented_at),
        ]
