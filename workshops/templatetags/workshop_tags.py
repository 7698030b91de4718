"""What workshops add to pages of apps below them (a person's own page), without those apps
importing workshops: their templates load this library."""

from django import template

from ..enums import RegistrationStatus, WorkshopFormat
from ..models import Registration

register = template.Library()


@register.simple_tag
def registrations_of(person):
    """A person's registrations, soonest workshop first, each with its joining link when they
    hold a confirmed place at an online or hybrid workshop."""
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("workshop")
        .order_by("-workshop__starts_at", "pk")[:50]
    )
    for registration in registrations:
        workshop = registration.workshop
        registration.join_link = (
            workshop.join_link
            if registration.status == RegistrationStatus.CONFIRMED
            and workshop.format != WorkshopFormat.IN_PERSON
            else ""
        )
    return registrations
