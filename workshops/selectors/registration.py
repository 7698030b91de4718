"""Reads of registrations: the places left, the waiting list's order, positions, audiences,
a person's own, the networks the form offers."""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet

from networks.models import Membership, Network

from ..enums import MessageAudience, RegistrationStatus
from ..models import Registration, Workshop


def registration_closes_at(workshop: Workshop) -> datetime:
    """When registering stops: the closing time organisers set, and at the latest the start."""
    closes = workshop.registration_closes_at or workshop.starts_at
    return min(closes, workshop.starts_at)


@dataclass(frozen=True)
class Availability:
    """What a workshop's page and its form say about taking part now."""

    state: str  # "not_yet" (registration opens later), "open" or "closed"
    opens_at: datetime | None
    closes_at: datetime
    places: int | None  # None: no limit
    left: int | None  # places not yet taken; None with no limit

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_full(self) -> bool:
        return self.left == 0


def availability(workshop: Workshop, *, now: datetime) -> Availability:
    """Places left and whether registration is open, by the clock only (the workshop's state
    is for the page to say). One query, and none for a workshop without a limit."""
    opens_at, closes_at = workshop.registration_opens_at, registration_closes_at(workshop)
    if opens_at and now < opens_at:
        state = "not_yet"
    elif now >= closes_at:
        state = "closed"
    else:
        state = "open"
    left = None
    if workshop.capacity is not None:
        taken = Registration.objects.filter(
            workshop_id=workshop.pk, status=RegistrationStatus.CONFIRMED
        ).count()
        # An organiser may give places beyond the limit: never fewer than none left.
        left = max(0, workshop.capacity - taken)
    return Availability(state, opens_at, closes_at, workshop.capacity, left)


def waiting_queue(*, workshop_id: int) -> QuerySet[Registration]:
    """A workshop's waiting list in the order places are offered: whoever joined earlier, by
    time then by id. Promotion and every position shown to people follow this order."""
    return Registration.objects.filter(
        workshop_id=workshop_id, status=RegistrationStatus.WAITING
    ).order_by("created_at", "pk")


# Those waiting before a moment, then those of that very moment up to the id: each an
# index range of registration_queue_idx (workshop, status, time), the first read from the
# index alone, as a condition on the id in one count would read every row from the table.
_AHEAD = """
    SELECT (
        SELECT count(*) FROM workshops_registration
        WHERE workshop_id = %(workshop)s AND status = %(waiting)s AND created_at < %(at)s
    ) + (
        SELECT count(*) FROM workshops_registration
        WHERE workshop_id = %(workshop)s AND status = %(waiting)s AND created_at = %(at)s
            AND id <= %(id)s
    )
"""


def waiting_position(registration: Registration) -> int:
    """1 for the first person waiting: how many are at or ahead of them in `waiting_queue`'s
    order (earlier time, then lower id), counted without loading the list, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _AHEAD,
            {
                "workshop": registration.workshop_id,
                "waiting": RegistrationStatus.WAITING,
                "at": registration.created_at,
                "id": registration.pk,
            },
        )
        return cursor.fetchone()[0]


def audience_of(
    workshop: Workshop, *, audience: str, registered_by: datetime | None = None
) -> QuerySet[Registration]:
    """The registrations a message to `audience` goes to, in the order people registered;
    with `registered_by`, only those who had registered by then (a mailing goes to the
    people there when it was sent, not to whoever joins before it is expanded)."""
    registrations = Registration.objects.filter(workshop=workshop)
    if audience == MessageAudience.CONFIRMED:
        registrations = registrations.filter(status=RegistrationStatus.CONFIRMED)
    elif audience == MessageAudience.WAITING:
        registrations = registrations.filter(status=RegistrationStatus.WAITING)
    elif audience == MessageAudience.ATTENDED:
        registrations = registrations.filter(attended_at__isnull=False).exclude(
            status=RegistrationStatus.CANCELLED
        )
    elif audience == MessageAudience.REGISTERED:
        registrations = registrations.filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
        )
    else:
        raise ValueError(f"Unknown audience: {audience}")
    if registered_by is not None:
        registrations = registrations.filter(created_at__lte=registered_by)
    return registrations.order_by("created_at", "pk")


def registration_by_token(token: str) -> Registration:
    return (
        Registration.objects.select_related("workshop__partnership")
        .prefetch_related("networks")
        .get(token=token)
    )


def registrations_of(person) -> list[Registration]:
    """A person's registrations, latest workshop first."""
    return list(
        Registration.objects.filter(person=person)
        .select_related("workshop")
        .order_by("-workshop__starts_at", "pk")[:50]
    )


def offered_networks(workshop, *, person=None, ticked=()) -> list[Network]:
    """The tick boxes: the networks of the workshop, of its series, those the person belongs
    to now, and any ticked (`ticked`, their ids), by name. One query."""
    wanted = Q(pk__in=workshop.networks.values("pk"))
    if workshop.series_id is not None:
        wanted |= Q(pk__in=Network.objects.filter(workshop_series=workshop.series_id).values("pk"))
    if person is not None:
        current = Membership.objects.filter(person=person, left_at=None)
        wanted |= Q(pk__in=current.values("network_id"))
    if ticked:
        wanted |= Q(pk__in=ticked)
    return list(Network.objects.filter(wanted).order_by("name"))
