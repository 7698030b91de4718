"""What workshops add to pages of apps below them (a person's own page), without those apps
importing workshops: their templates load this library."""

from django import template

from ..models import Registration
from ..services.registration import join_link_for

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
        registration.join_link = join_link_for(registration, registration.workshop)
    return registrations
