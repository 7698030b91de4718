"""Who came: marking people at the door one by one, or from a meeting tool's list afterwards.

Only someone with a confirmed place can be marked as attended: a person who turns up from the
waiting list is given a place first, so the counts of places and of people who came agree.
"""

from datetime import datetime

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from ..enums import Action, RegistrationStatus
from ..models import Registration, Workshop


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


def _key(text: str) -> str:
    """Compared without regard to capitals or extra spaces: "  jane   SMITH " is Jane Smith."""
    return " ".join(text.split()).casefold()


def mark_attended_from_list(
    workshop: Workshop, text: str, *, by, now: datetime | None = None
) -> tuple[list[Registration], list[str]]:
    """Mark as attended everyone confirmed whose name or email address is a line of `text`.

    Returns the registrations marked (by name; anyone already marked keeps the earlier time)
    and the lines that matched nobody confirmed, each once, as typed but with spaces tidied.
    A name shared by two confirmed people marks both: the list cannot tell them apart.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        by_key: dict[str, set[int]] = {}
        for pk, name, email in Registration.objects.filter(
            workshop=workshop, status=RegistrationStatus.CONFIRMED
        ).values_list("pk", "name", "email_normalised"):
            by_key.setdefault(_key(name), set()).add(pk)
            by_key.setdefault(_key(email), set()).add(pk)
        matched: set[int] = set()
        unmatched: dict[str, str] = {}
        for line in text.splitlines():
            key = _key(line)
            if not key:
                continue
            if key in by_key:
                matched |= by_key[key]
            else:
                unmatched.setdefault(key, " ".join(line.split()))
        # The status is checked again in the update: someone cancelled meanwhile is left alone.
        Registration.objects.filter(
            pk__in=matched, status=RegistrationStatus.CONFIRMED, attended_at__isnull=True
        ).update(attended_at=now)
        marked = list(
            Registration.objects.filter(
                pk__in=matched, status=RegistrationStatus.CONFIRMED
            ).order_by(Lower("name"), "pk")
        )
        log_action(
            by,
            Action.ATTENDANCE_PASTED,
            workshop,
            {"marked": len(marked), "unmatched": len(unmatched)},
        )
    return marked, list(unmatched.values())
