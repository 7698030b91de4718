"""What breakouts adds to pages of apps below it (a workshop's organiser tabs, a person's own
page), without those apps importing breakouts: their templates load this."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from workshops.enums import RegistrationStatus

from ..selectors.groups import groups_for_registration, groups_of_facilitator

register = template.Library()


@register.simple_tag(takes_context=True)
def breakouts_tab(context, workshop):
    """The organisers' tab of a workshop's breakout groups."""
    url = reverse("breakouts:groups", args=[workshop.slug])
    current = context["request"].path == url
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        " active" if current else "",
        url,
        format_html(' aria-current="page"') if current else "",
        _("Breakout groups"),
    )


@register.simple_tag
def facilitated_groups(person, limit=5):
    """The groups a person facilitates, newest workshop first (a few, for their own page)."""
    return list(groups_of_facilitator(person)[:limit])


@register.inclusion_tag("breakouts/includes/registration_groups.html")
def registration_groups(registration):
    """On a registration's own page: the person's breakout groups (with each room link), and
    the groups they may choose while the organisers allow it."""
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "items": groups_for_registration(registration) if confirmed else [],
    }
