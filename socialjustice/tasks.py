"""Celery tasks of the shared machinery: each loads rows by id and calls one service."""

from celery import shared_task

from . import mailings, outbox, pagecache


@shared_task(bind=True, max_retries=None)
def send_email_task(self, email_id: int) -> None:
    try:
        outbox.send_outgoing_email(email_id)
    except outbox.EmailDeliveryFailed as exc:
        if exc.retry_in is not None:
            raise self.retry(countdown=exc.retry_in.total_seconds(), exc=exc) from exc


@shared_task
def send_ready_emails_task() -> int:
    return outbox.send_ready_emails()


@shared_task
def sweep_outbox_task() -> int:
    return len(outbox.sweep_outbox())


@shared_task
def expand_mailing_task(mailing_id: int) -> int:
    return mailings.expand_mailing(mailing_id)


@shared_task
def sweep_mailings_task() -> int:
    return len(mailings.sweep_mailings())


@shared_task
def retry_invalidations_task() -> int:
    return len(pagecache.retry_invalidations())
