"""Which models the cached public workshop pages show (socialjustice.pagecache).

The workshop list, a workshop's page, the calendar files and the downloads are the
"workshops" pages; the home page's upcoming workshops and latest materials are on "home".
"""

from networks.models import Network, Organisation, Partnership
from socialjustice.pagecache import invalidated_by

from .models import Material, ProgrammeItem, Speaker, Workshop, WorkshopSeries

WORKSHOP_PAGES = "workshops"


def register() -> None:
    invalidated_by(Workshop, WORKSHOP_PAGES, "home", m2m=("networks", "organisers"))
    invalidated_by(ProgrammeItem, WORKSHOP_PAGES, "home", m2m=("speakers",))
    for model in (WorkshopSeries, Speaker, Material):
        invalidated_by(model, WORKSHOP_PAGES, "home")
    # Named on workshop pages: an organisation's new name shows in every programme.
    for model in (Organisation, Network, Partnership):
        invalidated_by(model, WORKSHOP_PAGES)
