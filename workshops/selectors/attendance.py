"""Reads for check-in at the door."""

from django.db.models import QuerySet
from django.db.models.functions import Lower

from ..enums import RegistrationStatus
from ..models import Registration, Workshop
from .dashboard import matching


def confirmed_for_check_in(workshop: Workshop, *, query: str = "") -> QuerySet[Registration]:
    """People with a place, by name, for the door."""
    registrations = Registration.objects.filter(
        workshop=workshop, status=RegistrationStatus.CONFIRMED
    )
    return matching(registrations, query, "name", "email").order_by(Lower("name"), "pk")
