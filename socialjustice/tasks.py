from celery import shared_task

from . import outbox


@shared_task(bind=True, max_retries=None)
def send_email_task(self, email_id: int) -> None:
    try:
        outbox.send_outgoing_email(email_id)
    except outbox.EmailDeliveryFailed as exc:
        if exc.retry_in is not None:
            raise self.retry(countdown=exc.retry_in.total_seconds(), exc=exc) from exc


@shared_task
def sweep_outbox_task() -> int:
    return len(outbox.sweep_outbox())
