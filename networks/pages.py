"""Which of networks' models the cached public pages show (socialjustice.pagecache)."""

from socialjustice.pagecache import invalidated_by

from .models import Network, Organisation, Partnership

NETWORK_PAGES = "networks"


def register() -> None:
    # The directory and the home page's partnerships; the workshop pages name organisations
    # and networks too, and workshops registers that itself.
    invalidated_by(Partnership, NETWORK_PAGES, "home")
    invalidated_by(Network, NETWORK_PAGES, "home", m2m=("organisations", "equality_groups"))
    invalidated_by(Organisation, NETWORK_PAGES)
