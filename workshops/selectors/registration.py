"""Reads of registrations: the waiting list's order, positions, audiences, a person's own."""

from datetime import datetime

from django.db.models import Q, QuerySet

from ..enums import MessageAudience, RegistrationStatus
from ..models import Registration, Workshop


def waiting_queue(*, workshop_id: int) -> QuerySet[Registration]:
    """A workshop's waiting list in the order places are offered: whoever joined earlier, by
    time then by id. Promotion and every position shown to people follow this order."""
    return Registration.objects.filter(
        workshop_id=workshop_id, status=RegistrationStatus.WAITING
    ).order_by("created_at", "pk")


def waiting_position(registration: Registration) -> int:
    """1 for the first person waiting: how many are at or ahead of them in `waiting_queue`'s
    order (earlier time, then lower id), counted without loading the list."""
    return Registration.objects.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lte=registration.pk),
        workshop_id=registration.workshop_id,
        status=RegistrationStatus.WAITING,
    ).count()


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
        Registration.objects.select_related("workshop")
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
