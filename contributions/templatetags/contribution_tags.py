"""What contributions adds to pages of apps below it (a workshop's page, the home page, a
person's own page), without those apps importing contributions: their templates load this."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from networks.signed_in import own_block
from socialjustice.pagecache import LIST_TIMEOUT, cached
from workshops.models import Workshop
from workshops.pages import WORKSHOP_PAGES

from ..pages import CONTRIBUTION_PAGES
from ..selectors.calls import open_calls, open_calls_for
from ..selectors.contributions import contributions_of as contributions_of_person
from ..selectors.contributions import pack_exists, public_contributions

register = template.Library()


@register.simple_tag
def workshop_contributions(slug):
    """On a workshop's page: its open calls (its own and its series'), with the time left,
    and a link to its pack of contributions when it has any."""

    def build():
        workshop = Workshop.objects.filter(slug=slug).first()
        if workshop is None:
            return ""
        return render_to_string(
            "contributions/includes/workshop_block.html",
            {
                "workshop": workshop,
                "calls": open_calls_for(workshop),
                "has_pack": pack_exists(workshop),
            },
        )

    return cached((CONTRIBUTION_PAGES,), "workshop-block", slug, build=build, timeout=LIST_TIMEOUT)


@register.simple_tag
def contributions_home_block():
    """The home page's open calls and latest contributions."""
    return cached(
        ("home", CONTRIBUTION_PAGES),
        "contributions-home",
        build=lambda: render_to_string(
            "contributions/includes/home_block.html",
            {
                "calls": list(open_calls()[:3]),
                "latest": list(
                    public_contributions().select_related("call").order_by("-decided_at")[:3]
                ),
            },
        ),
        timeout=LIST_TIMEOUT,
    )


@register.simple_tag
def my_contributions(person):
    """On a person's own page: their contributions, each with its state and what to do next.
    Kept until one of theirs changes, or a call does (the "workshops" pages show calls)."""
    return own_block(
        person,
        "contributions",
        groups=(WORKSHOP_PAGES,),
        build=lambda: render_to_string(
            "contributions/includes/my_contributions.html",
            {"contributions": contributions_of_person(person)},
        ),
    )


@register.simple_tag
def new_call_button(workshop):
    """On a workshop's overview for its organisers: open a call for it."""
    return format_html(
        '<a class="btn btn-outline-primary" href="{}?workshop={}">{}</a>',
        reverse("contributions:call_create"),
        workshop.pk,
        _("Open a call for contributions"),
    )


@register.simple_tag
def contributions_nav():
    """The main navigation's link to the collection."""
    return format_html(
        '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>',
        reverse("contributions:list"),
        _("Examples of practice"),
    )
