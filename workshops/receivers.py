"""Registered people hear about a change of date, time or venue, and about a cancellation.

The workshop services send `workshop_rescheduled` and `workshop_cancelled` after commit and
know nothing of registrations; these receivers hand the emails to Celery.
"""

from django.dispatch import receiver

from .services.communications import describe_changes
from .signals import workshop_cancelled, workshop_rescheduled
from .tasks import (
    notify_workshop_cancelled_task,
    notify_workshop_change_task,
    start_on_commit,
)


@receiver(workshop_rescheduled, dispatch_uid="workshops-notify-rescheduled")
def notify_rescheduled(sender, workshop, changes, **kwargs):
    # The text is made now, while the old values are at hand; the time of this change keys
    # the emails, so a task run again sends nothing new and a later change is news again.
    start_on_commit(
        notify_workshop_change_task,
        workshop.pk,
        describe_changes(changes),
        workshop.updated_at.timestamp(),
    )


@receiver(workshop_cancelled, dispatch_uid="workshops-notify-cancelled")
def notify_cancelled(sender, workshop, **kwargs):
    start_on_commit(notify_workshop_cancelled_task, workshop.pk)
