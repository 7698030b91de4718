"""Reads for the organisers' registration dashboard, a registration's page and the export.

Every list here costs a fixed number of queries whatever its length: counts are aggregates,
waiting positions a subquery per row of the same query, networks one prefetch.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.enums import PersonSector
from networks.models import Network

from ..enums import HowHeard, RegistrationStatus
from ..models import Registration, Workshop
from .registration import waiting_queue

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


def registration_counts(workshop: Workshop) -> dict[str, int]:
    """Confirmed, waiting, cancelled and attended (of those confirmed), in one query."""
    return Registration.objects.filter(workshop=workshop).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        cancelled=Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
        attended=Count(
            "pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended_at__isnull=False)
        ),
        without_network=Count(
            "pk",
            filter=Q(status__in=ACTIVE)
            & ~Exists(Registration.networks.through.objects.filter(registration=OuterRef("pk"))),
        ),
    )


def registration_summary(workshop: Workshop) -> Summary:
    """The dashboard's figures and breakdowns, in three queries."""
    counts = registration_counts(workshop)
    sectors = dict(
        Registration.objects.filter(workshop=workshop, status__in=ACTIVE)
        .order_by()
        .values_list("sector")
        .annotate(count=Count("pk"))
    )
    not_given = sectors.pop("", 0)
    by_sector = sorted(
        (Bar(PersonSector(value).label, count) for value, count in sectors.items()),
        key=lambda bar: (-bar.count, bar.label),
    )
    if not_given:
        by_sector.append(Bar(_("Not given"), not_given))
    # Filtering and counting through the same relation: each network counts the
    # registrations kept by the filter.
    by_network = [
        Bar(name, count)
        for name, count in Network.objects.filter(
            registrations__workshop=workshop, registrations__status__in=ACTIVE
        )
        .annotate(count=Count("registrations"))
        .order_by("-count", "name")
        .values_list("name", "count")
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


def waiting_positions(workshop: Workshop) -> dict[int, int]:
    """Each waiting registration's place in the queue (1 for the first), by id.

    One query over the waiting list's ids, in `selectors.waiting_queue`'s order. Counting in
    a subquery per row cost the square of the list: 0.4 s for the last page of 1,500 waiting.
    """
    ids = waiting_queue(workshop_id=workshop.pk).values_list("pk", flat=True)
    return {pk: position for position, pk in enumerate(ids, start=1)}


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


# This many registrations (confirmed or waiting) from one connection are shown as a burst.
BURST_SIZE = 5


@dataclass(frozen=True)
class Burst:
    source: str
    count: int
    first: datetime
    last: datetime


def bursts(workshop: Workshop) -> list[Burst]:
    """Connections that several people registered from: made-up registrations, or colleagues
    at one office. Largest first, in one query."""
    return [
        Burst(**row)
        for row in Registration.objects.filter(workshop=workshop, status__in=ACTIVE)
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
        waiting_positions(workshop).get(registration.pk)
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
    never all in memory."""
    positions = waiting_positions(workshop)
    registrations = (
        Registration.objects.filter(workshop=workshop)
        .prefetch_related(_networks())
        .order_by("created_at", "pk")
    )
    for registration in registrations.iterator(chunk_size=chunk_size):
        registration.waiting_position = positions.get(registration.pk)
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
