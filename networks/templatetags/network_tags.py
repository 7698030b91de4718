"""What networks adds to pages it does not own (the home page), through their templates."""

from django import template
from django.template.loader import render_to_string

from socialjustice.pagecache import cached

from .. import selectors

register = template.Library()


@register.simple_tag
def partnerships_home_block():
    """The partnerships and what they are for, on the home page."""
    return cached(
        ("networks",),
        "home-partnerships",
        build=lambda: render_to_string(
            "networks/includes/home_block.html",
            {"partnerships": list(selectors.partnerships_with_networks())},
        ),
    )


@register.simple_tag
def network_collaborations(network):
    """On a network's page: the collaborations it takes part in, with the other networks."""
    from ..selectors.collaborations import collaborations_of_network

    return cached(
        ("networks",),
        "network-collaborations",
        network.pk,
        build=lambda: render_to_string(
            "networks/includes/network_collaborations.html",
            {"network": network, "collaborations": collaborations_of_network(network)},
        ),
    )
