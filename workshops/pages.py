"""Which models the cached public workshop pages show (socialjustice.pagecache).

The workshop list, a workshop's page, its calendar file and the downloads are the
"workshops" pages; the home page's upcoming workshops and latest materials are on "home". The
feed of every upcoming workshop is "calendar-feed", rebuilt only when a workshop or a
partnership changes. What a workshop's page says about its places left is in a group of
that workshop's own (`places_group`), so a registration rebuilds that one page, not every
workshop page. The organisers' overview of a workshop shows the latest of its history, with
who did it: any new entry in the activity log, or a person's new name, rebuilds it
("workshop-history").
"""

import hashlib

from django.db.models.signals import post_delete, post_save

from networks.models import Network, Organisation, Partnership, User
from networks.pages import NETWORK_PAGES
from networks.signed_in import shown_on_own_page
from socialjustice.models import ActivityLog
from socialjustice.pagecache import invalidate, invalidate_on_commit, invalidated_by
from socialjustice.tasking import after_commit

from .models import Material, ProgrammeItem, Registration, Speaker, Workshop, WorkshopSeries

WORKSHOP_PAGES = "workshops"
# The calendar feed of every upcoming workshop (workshops/feeds.py) is written from the
# workshops' own fields and their partnership's name alone: an edit of anything else (a
# material, a programme, a network) leaves it as it is.
CALENDAR_FEED = "calendar-feed"
# A workshop's overview for its organisers shows the latest of its history, with who did what.
WORKSHOP_HISTORY = "workshop-history"


def places_group(slug: str) -> str:
    """The page group of one workshop's places. By its address, which is all a request for
    the page knows before it reads anything; hashed, since a group's name is short."""
    return "places:" + hashlib.blake2b(slug.encode(), digest_size=8).hexdigest()


def detail_groups(slug: str) -> tuple[str, str]:
    """What a workshop's page is built from: every workshop's data, and its own places."""
    return (WORKSHOP_PAGES, places_group(slug))


def _places_changed(sender, instance, **kwargs):
    # Any saved registration may move the count of places taken. The services load the
    # workshop with the registration; anything else (the admin) has its slug read after
    # the commit, outside any lock.
    if Registration.workshop.is_cached(instance):
        invalidate_on_commit(places_group(instance.workshop.slug))
        return
    workshop_id = instance.workshop_id

    def later():
        slug = Workshop.objects.filter(pk=workshop_id).values_list("slug", flat=True).first()
        if slug is not None:
            invalidate(places_group(slug))

    after_commit(later)


def register() -> None:
    invalidated_by(
        Workshop, WORKSHOP_PAGES, "home", m2m=("networks", "organisers", "collaborations")
    )
    invalidated_by(Workshop, CALENDAR_FEED)
    # The networks' and collaborations' pages list their workshops (through this app's
    # template tags), so a workshop's change, or a change of its links, renews them too.
    invalidated_by(Workshop, NETWORK_PAGES, m2m=("networks", "collaborations"))
    invalidated_by(Partnership, CALENDAR_FEED)
    invalidated_by(ProgrammeItem, WORKSHOP_PAGES, "home", m2m=("speakers",))
    for model in (WorkshopSeries, Speaker, Material):
        invalidated_by(model, WORKSHOP_PAGES, "home")
    # A series' networks are boxes to tick on its workshops' registration forms.
    invalidated_by(WorkshopSeries, WORKSHOP_PAGES, "home", m2m=("networks",))
    # Named on workshop pages: an organisation's new name shows in every programme.
    for model in (Organisation, Network, Partnership):
        invalidated_by(model, WORKSHOP_PAGES)
    invalidated_by(ActivityLog, WORKSHOP_HISTORY)
    invalidated_by(User, WORKSHOP_HISTORY)
    # A person's own page lists their registrations.
    shown_on_own_page(Registration, "person")
    post_save.connect(_places_changed, sender=Registration, dispatch_uid="pagecache:places:save")
    post_delete.connect(
        _places_changed, sender=Registration, dispatch_uid="pagecache:places:delete"
    )
