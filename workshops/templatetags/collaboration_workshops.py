"""On a collaboration's page (networks' template): the workshops it belongs to. Networks
does not import workshops, so the page loads this library."""

from django import template
from django.template.loader import render_to_string

from networks.pages import NETWORK_PAGES
from socialjustice.pagecache import LIST_TIMEOUT, cached

from ..pages import WORKSHOP_PAGES
from ..selectors.workshops import listed_workshops

register = template.Library()


@register.simple_tag
def collaboration_workshops(collaboration, limit=10):
    """The collaboration's published workshops, upcoming ones first (a few)."""
    return cached(
        (WORKSHOP_PAGES, NETWORK_PAGES),
        "collaboration-workshops",
        collaboration.pk,
        limit,
        build=lambda: render_to_string(
            "workshops/includes/collaboration_workshops.html",
            {"workshops": list(listed_workshops().filter(collaborations=collaboration)[:limit])},
        ),
        # Upcoming workshops become past ones: built again this often, even with no edits.
        timeout=LIST_TIMEOUT,
    )
