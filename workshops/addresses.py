"""The old addresses of workshops whose date moved, so that links already out keep working.

A workshop's slug carries its date; moved to another day, it gets a new slug and keeps the
old one as a `PreviousSlug`. The old address of its page, and of every page under it in any
app (`/workshops/<old>/register/`, `/workshops/<old>/report/`, the organisers' pages), is
looked up here only once it was not found (workshops/middleware.py), so no view needs to
know and a page that is found costs nothing more. The answer is kept in the page cache with
the workshop pages: every save of a workshop, the only way a slug moves, builds it afresh.
"""

from typing import NamedTuple

from django.db.models import Exists

from socialjustice.pagecache import cached

from .enums import WorkshopState
from .models import PreviousSlug, Workshop
from .pages import WORKSHOP_PAGES


class Moved(NamedTuple):
    """Where an old address leads: the workshop's slug now, and whether it is a draft."""

    slug: str
    is_draft: bool


def moved_to(old: str) -> Moved | None:
    """The workshop that had the slug `old` before its date moved; None when none did, or a
    workshop has that slug now."""

    def build():
        found = (
            PreviousSlug.objects.filter(slug=old)
            .exclude(Exists(Workshop.objects.filter(slug=old)))
            .values_list("workshop__slug", "workshop__state")
            .first()
        )
        return found or ""

    found = cached((WORKSHOP_PAGES,), "moved", old, build=build)
    return Moved(found[0], found[1] == WorkshopState.DRAFT) if found else None
