"""Celery tasks for contributions: each calls one service."""

from celery import shared_task

from .services import digests


@shared_task
def send_digests_task() -> int:
    return digests.send_digests()
