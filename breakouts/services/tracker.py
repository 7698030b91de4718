"""Following recommendations up after the day: an owner's or organiser's update, support from
anyone signed in, updates in bulk from the tracker's spreadsheet, and the owners' reminders.

Each write locks the recommendations it decides on (socialjustice.locking) and reads them
again under the lock, so two people at once never undo each other: an update made since a
form was opened is refused, two supports at once make one, and an import applies exactly the
changes its preview showed, to every line or to none.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row, lock_rows
from socialjustice.pagecache import invalidate_on_commit

from .. import emails
from ..enums import Action
from ..models import Recommendation, Support, Update
from ..pages import REPORT_PAGES
from ..selectors import tracker as selectors


class UpdatedMeanwhile(PortalError):
    """Someone updated the recommendation after the form was opened: nothing was saved."""


class ImportChanged(PortalError):
    """The recommendations changed between the preview and its confirmation: nothing was
    saved, and `plan` is what importing the file would do now."""

    def __init__(self, message, *, plan):
        super().__init__(message)
        self.plan = plan


@dataclass(frozen=True)
class Imported:
    updated: int  # recommendations changed or given a note
    lines: int


def _by(person):
    return person if getattr(person, "is_authenticated", False) else None


def _apply(recommendation: Recommendation, changes: dict, *, by, now) -> list[str]:
    """Set the changed values on the locked row; returns the fields to save."""
    fields = []
    for name, (_old, new) in changes.items():
        setattr(recommendation, name, date.fromisoformat(new) if name == "due_on" and new else new)
        fields.append(name)
    if "due_on" in changes:
        # The due date is also on the group's recording page: a new version there means a
        # facilitator's page opened before this sees the change instead of undoing it.
        recommendation.version += 1
        recommendation.updated_by, recommendation.updated_at = _by(by), now
        fields += ["version", "updated_by", "updated_at"]
    return fields


def update_recommendation(
    recommendation: Recommendation, *, values: dict, note: str, by, seen: int | None = None
) -> Update | None:
    """Change a recommendation's status, progress or due date (`values`, checked by the
    form) and note why: one Update with what changed, {"status": [old, new], …}. `seen` is
    the newest update the person saw: if there is a newer one, nothing is saved. None when
    nothing changed and there is no note."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = lock_row(
            Recommendation.objects.select_related("group__workshop"), recommendation.pk
        )
        latest = selectors.last_update_pk(locked)
        if seen is not None and seen != latest:
            newest = Update.objects.select_related("by").get(pk=latest)
            raise UpdatedMeanwhile(
                _(
                    "%(who)s updated this recommendation at %(when)s, after you opened this "
                    "page. Nothing was saved: check what they changed below, then save again."
                )
                % {
                    "who": selectors.who(newest.by),
                    "when": timezone.localtime(newest.created_at).strftime("%H:%M"),
                }
            )
        changes = selectors.changes_of(locked, values)
        if not changes and not note.strip():
            return None  # the form saved as it was opened: nothing to add to the trail
        fields = _apply(locked, changes, by=by, now=now)
        if fields:
            locked.save(update_fields=fields)
        else:
            # A note alone: the saved row would have told the page cache (breakouts/pages.py).
            invalidate_on_commit(REPORT_PAGES)
        update = Update.objects.create(
            recommendation=locked, by=_by(by), changes=changes, note=note.strip(), created_at=now
        )
        log_action(
            by,
            Action.STATUS_CHANGED,
            locked,
            {"changes": changes, "note": bool(update.note)},
            scope=locked.group.workshop,
        )
    return update


def support(recommendation: Recommendation, *, by) -> bool:
    """`by` supports a public recommendation; False if they did already (once each)."""
    with transaction.atomic(durable=True):
        try:
            locked = lock_row(selectors.public_recommendations(), recommendation.pk)
        except Recommendation.DoesNotExist as missing:
            raise PortalError(
                _("Only a recommendation in the tracker can be supported.")
            ) from missing
        # Under the lock, a second request at the same moment waits and finds the first one's
        # support; the unique constraint is the safety net for any other path.
        if Support.objects.filter(recommendation=locked, person=by).exists():
            return False
        try:
            with transaction.atomic():
                Support.objects.create(recommendation=locked, person=by)
        except IntegrityError:
            return False
        invalidate_on_commit(REPORT_PAGES)
    return True


def import_updates(lines, *, digest: str, by) -> Imported:
    """Apply a spreadsheet's lines (forms/tracker.py) exactly as their preview showed them
    (`digest`), all or nothing: a line with an error, or a recommendation changed since the
    preview, saves nothing. One Update per recommendation changed, one log entry in all."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        numbers = [int(line.number) for line in lines if line.number.isdigit()]
        lock_rows(Recommendation, numbers)
        # Planned again under the locks: what is saved is what the data is now.
        plan = selectors.plan_import(lines, by=by)
        if not plan.ok:
            raise ImportChanged(
                _("Nothing was saved: some rows have errors. Correct them and import again."),
                plan=plan,
            )
        if plan.digest != digest:
            raise ImportChanged(
                _(
                    "Nothing was saved: some of these recommendations were updated since your "
                    "preview. Here is what importing the file would do now."
                ),
                plan=plan,
            )
        changed, fields, updates = [], {"status", "progress", "due_on"}, []
        for row in plan.updates:
            recommendation = row.recommendation
            fields.update(_apply(recommendation, row.changes, by=by, now=now))
            changed.append(recommendation)
            updates.append(
                Update(
                    recommendation=recommendation,
                    by=_by(by),
                    changes=row.changes,
                    note=row.note,
                    created_at=now,
                )
            )
        # One statement each, not a save per line: the page cache is told once.
        Recommendation.objects.bulk_update(changed, sorted(fields), batch_size=500)
        Update.objects.bulk_create(updates, batch_size=500)
        log_action(
            by,
            Action.IMPORTED,
            None,
            {"lines": len(plan.rows), "recommendations": [r.pk for r in changed]},
        )
        invalidate_on_commit(REPORT_PAGES)
    return Imported(updated=len(changed), lines=len(plan.rows))


def send_due_reminders(today: date | None = None) -> int:
    """Email the coordinators of each owner network a week before a due date, and once when
    it has passed with no update since; returns how many reminders this run queued. Each is
    one mailing keyed by the recommendation, its kind and the due date, so a second run (or
    two at once) sends nothing twice, and a new due date is news again."""
    today = today or timezone.localdate()
    queued = 0
    for kind in ("due_soon", "overdue"):
        due = selectors.due_reminders(kind=kind, today=today).values_list("pk", flat=True)
        queued += sum(_remind(pk, kind=kind, today=today) for pk in list(due))
    return queued


def _remind(pk: int, *, kind: str, today: date) -> bool:
    with transaction.atomic(durable=True):
        # Two runs at once: the second waits for the first to commit, then finds its mailing.
        current = lock_rows(selectors.due_reminders(kind=kind, today=today), [pk]).get(pk)
        if current is None:
            return False
        return emails.recommendation_reminder(current, kind=kind) is not None
