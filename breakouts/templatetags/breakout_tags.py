"""What breakouts adds to pages of apps below it (a workshop's organiser tabs and public page,
its follow-up email, a person's own page), without those apps importing breakouts: their
templates load this."""

from django import template
from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from networks.pages import NETWORK_PAGES
from networks.signed_in import own_block
from socialjustice.pagecache import LIST_TIMEOUT, cached
from workshops.enums import RegistrationStatus
from workshops.pages import WORKSHOP_PAGES

from ..pages import FACILITATED_PAGES, REPORT_PAGES
from ..selectors.groups import groups_for_registration, groups_of_facilitator
from ..selectors.report import published_report
from ..selectors.tracker import public_recommendations

register = template.Library()


def _tab(path: str, url: str, label: str):
    current = path == url
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        label,
    )


@register.simple_tag(takes_context=True)
def breakouts_tab(context, workshop):
    """The organisers' tabs of a workshop's breakout groups and of its report."""
    path = context["request"].path
    return format_html(
        "{}{}",
        _tab(path, reverse("breakouts:groups", args=[workshop.slug]), _("Breakout groups")),
        _tab(path, reverse("breakouts:report_edit", args=[workshop.slug]), _("Report")),
    )


@register.simple_tag
def workshop_report(slug):
    """On a workshop's page: the link to its report, once published."""

    def build():
        report = published_report(slug)
        if report is None:
            return ""
        return format_html(
            '<section class="mt-4" aria-labelledby="report-heading"><h2 id="report-heading">{}'
            '</h2><p>{}</p><p><a href="{}">{}</a></p></section>',
            _("What the breakout groups said"),
            _("The report gathers each group's findings, recommendations and next steps."),
            reverse("breakouts:report", args=[slug]),
            _("Read the report"),
        )

    return cached((REPORT_PAGES,), "workshop-report", slug, build=build, timeout=LIST_TIMEOUT)


@register.simple_tag
def report_address(workshop):
    """For the follow-up email: the report's whole address once it is published, else "".
    Rendered once per person of a mailing: kept in the page cache, not asked of the database
    each time."""

    def build():
        if published_report(workshop.slug) is None:
            return ""
        return settings.PORTAL_URL + reverse("breakouts:report", args=[workshop.slug])

    return cached((REPORT_PAGES,), "report-address", workshop.slug, build=build)


@register.simple_tag
def my_groups(person, limit=5):
    """On a person's own page: a few of the groups they facilitate, newest workshop first."""
    return own_block(
        person,
        f"groups-{limit}",
        groups=(FACILITATED_PAGES, WORKSHOP_PAGES),
        build=lambda: render_to_string(
            "breakouts/includes/my_groups.html",
            {"groups": list(groups_of_facilitator(person)[:limit])},
        ),
    )


@register.inclusion_tag("breakouts/includes/registration_groups.html")
def registration_groups(registration):
    """On a registration's own page: the person's breakout groups (with each room link), and
    the groups they may choose while the organisers allow it."""
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "items": groups_for_registration(registration) if confirmed else [],
    }


@register.simple_tag
def network_recommendations(network, limit=10):
    """On a network's page: the public recommendations it owns, with their status."""

    def build():
        found = list(
            public_recommendations()
            .filter(owner_network=network)
            .select_related("group__workshop")
            .order_by("-group__workshop__starts_at", "position", "pk")[: limit + 1]
        )
        return render_to_string(
            "breakouts/includes/network_recommendations.html",
            {"recommendations": found[:limit], "more": len(found) > limit, "network": network},
        )

    return cached(
        (REPORT_PAGES,), "network-recommendations", network.pk, build=build, timeout=LIST_TIMEOUT
    )


@register.simple_tag
def collaboration_recommendations(collaboration, limit=10):
    """On a collaboration's page (networks' template): the public recommendations its
    networks own, soonest due first (a few, with links to each network's in the tracker)."""

    def build():
        networks = list(collaboration.networks.order_by("name"))
        rows = (
            public_recommendations()
            .filter(owner_network__in=[network.pk for network in networks])
            .select_related("owner_network", "group__workshop")
            .order_by(F("due_on").asc(nulls_last=True), "pk")[:limit]
        )
        return render_to_string(
            "breakouts/includes/collaboration_recommendations.html",
            {"recommendations": list(rows), "networks": networks},
        )

    return cached(
        (REPORT_PAGES, NETWORK_PAGES),
        "collaboration-recommendations",
        collaboration.pk,
        limit,
        build=build,
        timeout=LIST_TIMEOUT,
    )
