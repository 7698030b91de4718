"""Who came: marking people at the door one by one, or from a meeting tool's list afterwards.

Only someone with a confirmed place can be marked as attended: a person who turns up from the
waiting list is given a place first, so the counts of places and of people who came agree.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.pagecache import invalidate_on_commit

from ..enums import Action, RegistrationStatus
from ..models import Registration, Workshop
from ..pages import places_group
from ..selectors.attendance import Suggestion, match_attendance_list


def record_arrival(registration: Registration, *, arrived: bool, by, now=None) -> Registration:
    """Mark someone as arrived (or undo it). A second "arrived" keeps the first time, so two
    people at the door tapping the same name leave one arrival."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        current = lock_row(Registration.objects.select_related("workshop"), registration.pk)
        if arrived and current.status != RegistrationStatus.CONFIRMED:
            raise PortalError(_("Only someone with a confirmed place can be marked as attended."))
        if not (arrived and current.attended_at):
            current.attended_at = now if arrived else None
            current.save(update_fields=["attended_at"])
            verb = Action.ARRIVAL_RECORDED if arrived else Action.ARRIVAL_UNDONE
            log_action(by, verb, current, scope=current.workshop)
    registration.attended_at = current.attended_at
    return registration


@dataclass(frozen=True)
class PastedList:
    """What a pasted list did: who is marked now, the likely matches to confirm, and the
    lines that matched nobody with a place."""

    marked: list[Registration]
    suggestions: list[Suggestion]
    unmatched: list[str]


def _mark(workshop: Workshop, pks, *, now: datetime) -> list[Registration]:
    # The status is checked again in the update: someone cancelled meanwhile is left alone,
    # and anyone marked already keeps the earlier time.
    confirmed = Registration.objects.filter(
        workshop=workshop, pk__in=pks, status=RegistrationStatus.CONFIRMED
    )
    confirmed.filter(attended_at__isnull=True).update(attended_at=now)
    # An update sends no signals: the dashboard, kept with the workshop's places, is told here.
    invalidate_on_commit(places_group(workshop.slug))
    return list(confirmed.order_by(Lower("name"), "pk"))


def mark_attended_from_list(
    workshop: Workshop, text: str, *, by, now: datetime | None = None
) -> PastedList:
    """Mark as attended everyone confirmed whom a line of `text` names beyond doubt (see
    `match_attendance_list`); the likely matches are only suggested, for `confirm_attendance`.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        found = match_attendance_list(workshop, text)
        marked = _mark(workshop, found.sure, now=now)
        log_action(
            by,
            Action.ATTENDANCE_PASTED,
            workshop,
            {
                "marked": len(marked),
                "to_confirm": len(found.suggestions),
                "unmatched": len(found.unmatched),
            },
        )
    return PastedList(marked=marked, suggestions=found.suggestions, unmatched=found.unmatched)


def confirm_attendance(
    workshop: Workshop, registration_ids: list[int], *, by, now: datetime | None = None
) -> list[Registration]:
    """Mark as attended the likely matches the organiser ticked (confirmed people of this
    workshop only)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        marked = _mark(workshop, registration_ids, now=now)
        log_action(by, Action.ATTENDANCE_CONFIRMED, workshop, {"marked": len(marked)})
    return marked
