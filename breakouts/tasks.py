"""Celery tasks for breakouts: each calls one service, or builds what a page offers (the
report's PDF, which its page's module builds: views/report.py)."""

from celery import shared_task

from .services import tracker
from .views import report


@shared_task
def build_report_pdf_task(workshop_id: int) -> int:
    return report.keep_report_pdf(workshop_id)


@shared_task
def send_due_reminders_task() -> int:
    return tracker.send_due_reminders()
