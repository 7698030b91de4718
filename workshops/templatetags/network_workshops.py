"""What workshops adds to the directory's pages (a network's, a partnership's): their
published workshops, latest first, each with its public materials. networks never imports
workshops; its templates load this library."""

from django import template
from django.db.models import Prefetch
from django.template.loader import render_to_string

from socialjustice.pagecache import LIST_TIMEOUT, cached

from ..enums import Visibility
from ..models import Material
from ..pages import WORKSHOP_PAGES
from ..selectors.workshops import listed_workshops

register = template.Library()

# A page shows this many workshops, and this many materials of each; the workshop list
# (filtered by network) and each workshop's page have the rest.
WORKSHOPS_SHOWN = 10
MATERIALS_SHOWN = 8


def _with_materials(workshops):
    materials = Material.objects.filter(visibility=Visibility.PUBLIC).order_by(
        "kind", "-created_at", "pk"
    )
    return list(
        workshops.prefetch_related(
            Prefetch("materials", queryset=materials[:MATERIALS_SHOWN], to_attr="public_materials")
        )[: WORKSHOPS_SHOWN + 1]
    )


def _block(name: str, key, workshops, *, more_url: str = "") -> str:
    def build():
        found = _with_materials(workshops)
        return render_to_string(
            "workshops/includes/network_workshops.html",
            {
                "workshops": found[:WORKSHOPS_SHOWN],
                "more": len(found) > WORKSHOPS_SHOWN,
                "more_url": more_url,
            },
        )

    return cached((WORKSHOP_PAGES,), name, key, build=build, timeout=LIST_TIMEOUT)


@register.simple_tag
def network_workshops(network):
    """A network's published workshops (those it is involved in), with their materials."""
    return _block(
        "network-workshops",
        network.pk,
        listed_workshops().filter(networks=network),
        more_url=f"?network={network.slug}",
    )


@register.simple_tag
def partnership_workshops(partnership):
    """A partnership's published workshops, with their materials."""
    return _block(
        "partnership-workshops", partnership.pk, listed_workshops().filter(partnership=partnership)
    )
