"""What workshops adds to pages of apps below it (a person's own page, the home page),
without those apps importing workshops: their templates load this library."""

from django import template
from django.template.loader import render_to_string

from networks.signed_in import own_block
from socialjustice.pagecache import LIST_TIMEOUT, cached

from ..emails import join_link_for
from ..pages import WORKSHOP_PAGES
from ..programme_kinds import kind_note
from ..selectors.materials import latest_public_materials
from ..selectors.registration import registrations_of as registrations_of_person
from ..selectors.speakers import speaker_display
from ..selectors.workshops import upcoming_workshops

register = template.Library()


@register.simple_tag
def my_workshops(person):
    """On a person's own page: their registrations, latest workshop first, each with its
    joining link when they may have it."""

    def build():
        registrations = registrations_of_person(person)
        for registration in registrations:
            registration.join_link = join_link_for(registration, registration.workshop)
        return render_to_string(
            "workshops/includes/my_workshops.html", {"registrations": registrations}
        )

    return own_block(person, "workshops", groups=(WORKSHOP_PAGES,), build=build)


@register.simple_tag
def workshops_home_block():
    """The home page's upcoming workshops and latest presentations and outputs."""
    return cached(
        (WORKSHOP_PAGES,),
        "workshops-home",
        build=lambda: render_to_string(
            "workshops/includes/home_block.html",
            {
                "upcoming": list(upcoming_workshops()[:4]),
                "materials": list(latest_public_materials(limit=5)),
            },
        ),
        timeout=LIST_TIMEOUT,
    )


@register.filter
def speaker(person) -> str:
    """A speaker as every page shows one: "Dr Ghazala Mir (Leeds Institute of Health
    Sciences)"."""
    return speaker_display(person)


@register.filter
def programme_kind(item) -> str:
    """An item's kind when its title does not already say it ("Lunch" is not "Lunch (Meal)");
    "" otherwise."""
    return kind_note(item.kind, item.title)
