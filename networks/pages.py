"""Which of networks' models the cached public pages show (socialjustice.pagecache)."""

from socialjustice.pagecache import invalidated_by

from .models import (
    Collaboration,
    EqualityGroup,
    JoinRequest,
    Membership,
    Network,
    Organisation,
    Partnership,
    Sector,
)
from .signed_in import shown_on_own_page

NETWORK_PAGES = "networks"
# The network picture's drawing and links (networks, organisations, collaborations and what
# links them), kept apart: its layout takes seconds with a large directory, and a person
# joining or leaving a network, which the directory's pages show, does not change it.
PICTURE = "network-picture"


def register() -> None:
    # The directory and the home page's partnerships; the workshop pages name organisations
    # and networks too, and workshops registers that itself.
    invalidated_by(Partnership, NETWORK_PAGES, "home")
    invalidated_by(
        Network,
        NETWORK_PAGES,
        "home",
        m2m=("organisations", "equality_groups", "sectors", "coordinators"),
    )
    invalidated_by(Network, PICTURE, m2m=("organisations",))
    # A network's page counts its members and names them.
    invalidated_by(Membership, NETWORK_PAGES)
    # Where a person stands with a network, kept for them on its page: their request to join.
    shown_on_own_page(JoinRequest, "person")
    # The coverage map counts organisations by the groups they serve and their sectors.
    invalidated_by(Organisation, NETWORK_PAGES, m2m=("equality_groups", "sectors"))
    invalidated_by(Organisation, PICTURE)
    invalidated_by(EqualityGroup, NETWORK_PAGES)
    invalidated_by(Sector, NETWORK_PAGES)
    # The collaborations' pages, the network picture and the open data.
    invalidated_by(Collaboration, NETWORK_PAGES, PICTURE, m2m=("networks", "organisations"))
