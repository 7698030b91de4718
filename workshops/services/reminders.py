"""Reminders before a workshop: one per confirmed person, the workshop's reminder time ahead.

Beat runs `send_due_reminders` every few minutes. Each reminder is decided under the
registration's lock with its own key, so beat firing twice or two workers at once remind
nobody twice, and a cancellation never crosses a reminder.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from socialjustice.locking import lock_rows
from socialjustice.models import OutgoingEmail

from .. import emails
from ..enums import RegistrationStatus, WorkshopState
from ..models import Registration
from ..selectors.reminders import due_reminders


def send_due_reminders(now=None) -> int:
    """Queue a reminder for each confirmed person whose workshop is near; returns how many
    were queued by this run."""
    now = now or timezone.now()
    return sum(_remind(registration.pk, now=now) for registration in list(due_reminders(now=now)))


def _remind(registration_id: int, *, now: datetime) -> bool:
    with transaction.atomic(durable=True):
        # Two runs at once: the lock makes the second wait until the first commits, then it
        # sees the first one's email and leaves it.
        still_due = Registration.objects.select_related("workshop").filter(
            status=RegistrationStatus.CONFIRMED,
            workshop__state=WorkshopState.PUBLISHED,
            workshop__starts_at__gt=now,
        )
        current = lock_rows(still_due, [registration_id]).get(registration_id)
        if (
            current is None
            or OutgoingEmail.objects.filter(key=emails.reminder_key(current)).exists()
        ):
            return False
        emails.reminder(current)
    return True
