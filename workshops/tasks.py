"""Celery tasks for workshop emails: each loads its rows by id and calls one service.

Tasks start after commit (`start_on_commit`), so a worker never looks for a row that is not
there yet, and nothing starts for a change that was rolled back.
"""

import logging

from celery import shared_task
from django.db import transaction

from socialjustice.errors import PortalError

from .models import OrganiserMessage, Workshop
from .services import communications

logger = logging.getLogger(__name__)


def start_on_commit(task, *args) -> None:
    """Start `task` once the current transaction commits (at once outside one)."""

    def start():
        try:
            task.delay(*args)
        except Exception:
            # The change is saved; a broker that is down must not turn it into an error page.
            logger.exception("Could not start %s%r: the broker is unreachable.", task.name, args)

    transaction.on_commit(start)


@shared_task
def send_reminders_task() -> int:
    return communications.send_due_reminders()


@shared_task
def send_follow_up_task(workshop_id: int, audience: str, message: str) -> int:
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    try:
        return communications.send_follow_up(workshop, audience=audience, message=message)
    except PortalError as refused:
        # Sent already (a second click, or this task delivered twice): nothing more to do.
        logger.info("Follow-up for workshop %s not sent: %s", workshop_id, refused)
        return 0


@shared_task
def send_organiser_message_task(message_id: int) -> int:
    message = OrganiserMessage.objects.filter(pk=message_id).first()
    if message is None:
        return 0
    return communications.queue_organiser_message(message)


@shared_task
def queue_waiting_messages_task() -> int:
    return communications.queue_waiting_messages()
