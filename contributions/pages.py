"""Which models the cached public contribution pages show (socialjustice.pagecache).

The collection, one contribution's page and the workshop packs are the "contributions"
pages; the open calls on the home page and on workshop pages are "home" and "workshops".
"""

from networks.models import EqualityGroup, Level, Organisation, Sector, Theme
from networks.signed_in import shown_on_own_page
from socialjustice.pagecache import invalidated_by
from workshops.models import Workshop, WorkshopSeries

from .models import Call, Contribution

CONTRIBUTION_PAGES = "contributions"


def register() -> None:
    # The home page shows the latest accepted examples.
    invalidated_by(
        Contribution,
        CONTRIBUTION_PAGES,
        "home",
        m2m=("groups", "sectors", "levels", "themes"),
    )
    # A person's own page lists their contributions (and their calls, on "workshops").
    shown_on_own_page(Contribution, "author")
    invalidated_by(Call, CONTRIBUTION_PAGES, "home", "workshops")
    for model in (EqualityGroup, Sector, Level, Theme, Organisation):
        invalidated_by(model, CONTRIBUTION_PAGES)
    # A contribution's page kept for people signed in knows who organises its call: they get
    # it built afresh, with what only they may see.
    invalidated_by(Workshop, CONTRIBUTION_PAGES, m2m=("organisers",))
    invalidated_by(WorkshopSeries, CONTRIBUTION_PAGES, m2m=("organisers",))
