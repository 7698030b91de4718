"""Registered people hear about a change of date, time or venue, and about a cancellation.

The workshop services send `workshop_rescheduled` and `workshop_cancelled` inside the
transaction that makes the change and know nothing of registrations. These receivers queue
one email per person in that same transaction (the outbox sends them after commit), so the
notices exist exactly when the change does.
"""

from django.dispatch import receiver

from .services.communications import (
    describe_changes,
    notify_workshop_cancelled,
    notify_workshop_changed,
)
from .signals import workshop_cancelled, workshop_rescheduled


@receiver(workshop_rescheduled, dispatch_uid="workshops-notify-rescheduled")
def notify_rescheduled(sender, workshop, changes, **kwargs):
    notify_workshop_changed(workshop, changes_text=describe_changes(changes))


@receiver(workshop_cancelled, dispatch_uid="workshops-notify-cancelled")
def notify_cancelled(sender, workshop, **kwargs):
    notify_workshop_cancelled(workshop)
