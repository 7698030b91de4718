"""Celery tasks for workshops: each calls one service. The emails to many people are
mailings, expanded by the shared machinery's own task (socialjustice.tasks)."""

from celery import shared_task

from .services import reminders


@shared_task
def send_reminders_task() -> int:
    return reminders.send_due_reminders()
