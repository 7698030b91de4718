"""Celery tasks for contributions: each calls one service (and the workshop pack's PDF,
which its page's module builds: views/pack.py)."""

from celery import shared_task

from .services import digests
from .views import pack


@shared_task
def send_digests_task() -> int:
    return digests.send_digests()


@shared_task
def build_pack_pdf_task(workshop_id: int) -> int:
    return pack.keep_pack_pdf(workshop_id)
