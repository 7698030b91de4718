"""The programme editor's rules: items inside the workshop's hours, ending after they start,
and overlaps allowed only when the organiser says so (real programmes have them)."""

from dataclasses import dataclass
from datetime import time

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.pagecache import invalidate_on_commit

from ..calendar import local_times
from ..enums import Action
from ..models import ProgrammeItem, Workshop
from ..pages import WORKSHOP_PAGES
from .speakers import find_or_create_speaker


class ProgrammeError(PortalError):
    """An item that cannot be saved as it is; `field` names the form field to fix."""


class OverlapWarning(PortalError):
    """The item overlaps others; saving needs the organiser's say-so."""

    def __init__(self, message, *, overlapping):
        super().__init__(message)
        self.overlapping = overlapping


@dataclass
class ItemData:
    starts_at: time
    ends_at: time
    kind: str
    title: str
    description: str = ""
    chair: str = ""
    speakers: tuple[str, ...] = ()
    is_parallel: bool = False


def check_item_times(workshop: Workshop, *, starts_at: time, ends_at: time) -> None:
    """Raise ProgrammeError for an item ending before it starts or outside the workshop's hours."""
    if ends_at < starts_at:
        raise ProgrammeError(
            _("The item ends at %(end)s, before it starts at %(start)s.")
            % {"end": f"{ends_at:%H:%M}", "start": f"{starts_at:%H:%M}"},
            field="ends_at",
        )
    opens, closes = local_times(workshop)
    if starts_at < opens:
        raise ProgrammeError(
            _("The item starts at %(start)s, before the workshop starts at %(opens)s.")
            % {"start": f"{starts_at:%H:%M}", "opens": f"{opens:%H:%M}"},
            field="starts_at",
        )
    if ends_at > closes:
        raise ProgrammeError(
            _("The item ends at %(end)s, after the workshop ends at %(closes)s.")
            % {"end": f"{ends_at:%H:%M}", "closes": f"{closes:%H:%M}"},
            field="ends_at",
        )


def overlapping_items(
    items, *, starts_at: time, ends_at: time, is_parallel: bool, exclude_pk=None
) -> list:
    """Items (from an already loaded list) that share time with this one, unless either is
    marked as parallel. Items that only touch (one ends as the next starts) do not overlap."""
    if is_parallel:
        return []
    return [
        item
        for item in items
        if item.pk != exclude_pk
        and not item.is_parallel
        and item.starts_at < ends_at
        and starts_at < item.ends_at
    ]


def overlap_message(overlapping) -> str:
    names = ", ".join(
        f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M} {item.title}" for item in overlapping
    )
    return _(
        "This item overlaps %(items)s. Save it anyway if that is right, or mark it as running "
        "in parallel."
    ) % {"items": names}


def save_programme_item(
    workshop: Workshop,
    *,
    data: ItemData,
    item: ProgrammeItem | None = None,
    accept_overlap: bool = False,
    by,
) -> ProgrammeItem:
    """Add an item, or change one; raise ProgrammeError or OverlapWarning and save nothing."""
    check_item_times(workshop, starts_at=data.starts_at, ends_at=data.ends_at)
    with transaction.atomic(durable=True):
        # Lock the workshop so two organisers editing the programme at once see each other's items.
        lock_row(Workshop.objects.only("pk"), workshop.pk)
        existing = list(workshop.programme.all())
        overlapping = overlapping_items(
            existing,
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            is_parallel=data.is_parallel,
            exclude_pk=item.pk if item else None,
        )
        if item is not None:
            # An overlap the organiser accepted before is not asked about again: only an
            # item that now overlaps something new is.
            before = overlapping_items(
                existing,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                is_parallel=item.is_parallel,
                exclude_pk=item.pk,
            )
            overlapping = [other for other in overlapping if other not in before]
        if overlapping and not accept_overlap:
            raise OverlapWarning(overlap_message(overlapping), overlapping=overlapping)
        if item is None:
            item = ProgrammeItem(workshop=workshop)
        _apply(item, data)
        item.save()
        item.speakers.set([s for s in map(find_or_create_speaker, data.speakers) if s])
        _renumber_by_time(workshop)
        log_action(by, Action.ITEM_SAVED, item, scope=workshop)
    return item


def _apply(item: ProgrammeItem, data: ItemData) -> None:
    item.starts_at = data.starts_at
    item.ends_at = data.ends_at
    item.kind = data.kind
    item.title = data.title
    item.description = data.description
    item.is_parallel = data.is_parallel
    item.chair = find_or_create_speaker(data.chair) if data.chair.strip() else None


def _renumber_by_time(workshop: Workshop) -> None:
    """Keep the timetable in time order; items starting together keep the order they had."""
    items = list(workshop.programme.order_by("starts_at", "position", "pk"))
    for position, programme_item in enumerate(items, start=1):
        programme_item.position = position
    ProgrammeItem.objects.bulk_update(items, ["position"])
    # bulk_update sends no post_save: the public pages are told here.
    invalidate_on_commit(WORKSHOP_PAGES, "home")


def has_programme(workshop: Workshop, items: list[ItemData]) -> bool:
    """Whether the workshop's programme is these items already (times, kinds, titles and
    descriptions; a chair written with their affiliation is kept as the speaker found)."""

    def rows(each):
        return sorted((i.starts_at, i.ends_at, i.kind, i.title, i.description) for i in each)

    return rows(workshop.programme.all()) == rows(items)


def add_programme_items(
    workshop: Workshop, *, items: list[ItemData], replace: bool = False, by
) -> list[ProgrammeItem]:
    """Save a whole pasted programme at once: all items or none. Overlaps were shown in the
    preview, so they are kept as written; times must still be valid."""
    for data in items:
        check_item_times(workshop, starts_at=data.starts_at, ends_at=data.ends_at)
    with transaction.atomic(durable=True):
        lock_row(Workshop.objects.only("pk"), workshop.pk)
        if replace:
            workshop.programme.all().delete()
        start = workshop.programme.aggregate(last=Max("position"))["last"] or 0
        created = []
        for offset, data in enumerate(items, start=1):
            item = ProgrammeItem(workshop=workshop, position=start + offset)
            _apply(item, data)
            item.save()
            item.speakers.set([s for s in map(find_or_create_speaker, data.speakers) if s])
            created.append(item)
        _renumber_by_time(workshop)
        log_action(by, Action.ITEMS_PASTED, workshop, {"items": len(created), "replaced": replace})
    return created


def delete_programme_item(item: ProgrammeItem, *, by) -> None:
    """Delete an item; PortalError if it is gone already (a second click on Delete)."""
    with transaction.atomic(durable=True):
        workshop = lock_row(Workshop, item.workshop_id)
        deleted, _counts = ProgrammeItem.objects.filter(pk=item.pk).delete()
        if not deleted:
            raise PortalError(_("“%(title)s” was deleted already.") % {"title": item.title})
        log_action(by, Action.ITEM_DELETED, item, scope=workshop)
        _renumber_by_time(workshop)


def move_programme_item(item: ProgrammeItem, *, up: bool, by) -> ProgrammeItem:
    """Swap an item with the one above or below it, keeping both items' times.

    Only items that start at the same time can change places without their times saying
    otherwise, so those are the ones the editor offers to move.
    """
    with transaction.atomic(durable=True):
        # The workshop's lock covers its items: every programme write takes it first.
        workshop = lock_row(Workshop.objects.only("pk"), item.workshop_id)
        siblings = list(
            ProgrammeItem.objects.filter(
                workshop_id=item.workshop_id, starts_at=item.starts_at
            ).order_by("position", "pk")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(siblings):
            raise PortalError(_("This item cannot move further."))
        other = siblings[other_index]
        item.position, other.position = other.position, item.position
        ProgrammeItem.objects.bulk_update([item, other], ["position"])
        # bulk_update sends no post_save: the public pages are told here.
        invalidate_on_commit(WORKSHOP_PAGES, "home")
        log_action(by, Action.ITEM_MOVED, item, {"up": up}, scope=workshop)
    return item


def next_default_start(workshop: Workshop, items) -> time:
    """Where the next item most likely starts: when the last one ends, else when the workshop
    starts."""
    if items:
        return max(item.ends_at for item in items)
    return local_times(workshop)[0]
