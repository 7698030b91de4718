"""The one path every email takes: an outbox row written in the caller's transaction, sent by
Celery after commit, swept again by beat if the task was lost.

Feature code calls `queue_email` and nothing else; it never calls `send_mail` or `.delay()`.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import EmailState
from .errors import PortalError
from .models import OutgoingEmail, OutgoingEmailAttachment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


class EmailDeliveryFailed(PortalError):
    """Sending failed; `retry_in` is when to try again, or None when the email is given up."""

    def __init__(self, message, *, retry_in: timedelta | None):
        super().__init__(message)
        self.retry_in = retry_in


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html`.

    A template without its own HTML version is wrapped in the portal's plain HTML layout, so
    every email has both parts.
    """
    context = {"portal_name": settings.PORTAL_NAME, "portal_url": settings.PORTAL_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_message.txt", context).strip()
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "emails/plain_message.html", {**context, "subject": subject, "text": text}
            )
    return subject, text, html


def queue_email(
    *,
    to: str,
    kind: str,
    key: str,
    template: str,
    context: dict,
    about: models.Model | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> OutgoingEmail:
    """Write an email to the outbox inside the caller's transaction; send it after commit.

    Queuing the same `key` again returns the row already there and sends nothing more, so a
    retried request or a task run twice never emails anyone twice.
    """
    subject, text, html = render_email(template, context)
    email = OutgoingEmail(
        key=key[:255],
        kind=kind,
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        content_type=ContentType.objects.get_for_model(about) if about else None,
        object_id=str(about.pk) if about else "",
    )
    # Inside the caller's transaction this adds no savepoint of its own; outside one it makes
    # the row and its attachments one unit. The insert comes first and a lookup only on a
    # clash: the common case is a new email, and this runs while places are locked.
    with transaction.atomic(savepoint=False):
        try:
            with transaction.atomic():
                email.save(force_insert=True)
        except IntegrityError:
            return OutgoingEmail.objects.get(key=email.key)
        OutgoingEmailAttachment.objects.bulk_create(
            OutgoingEmailAttachment(
                email=email, filename=a.filename, mimetype=a.mimetype, content=a.content
            )
            for a in attachments
        )
        email_id = email.pk
        transaction.on_commit(lambda: dispatch_email(email_id))
    return email


def dispatch_email(email_id: int) -> None:
    """Hand the row to Celery. If the broker is down the row stays queued for the sweep."""
    from .tasks import send_email_task

    try:
        send_email_task.apply_async((email_id,))
    except Exception:
        logger.warning("Broker unreachable; email %s waits for the outbox sweep.", email_id)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"X-Portal-Email": email.kind},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def send_outgoing_email(email_id: int) -> OutgoingEmail | None:
    """Claim a queued email, send it, and record the outcome.

    The claim is a conditional update from queued to sending: of two workers, or a worker and
    a sweep, only one gets the row, so nobody receives the same email twice. Returns None when
    the row was not there to claim (sent already, or being sent).
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, state=EmailState.QUEUED).update(
        state=EmailState.SENDING, claimed_at=now, attempts=models.F("attempts") + 1
    )
    if not claimed:
        return None
    email = OutgoingEmail.objects.prefetch_related("attachments").get(pk=email_id)
    try:
        build_message(email).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        given_up = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        retry_in = None if given_up else _backoff(email.attempts)
        OutgoingEmail.objects.filter(pk=email_id, state=EmailState.SENDING).update(
            state=EmailState.FAILED if given_up else EmailState.QUEUED,
            last_error=error,
            next_attempt_at=now + (retry_in or timedelta(0)),
        )
        raise EmailDeliveryFailed(error, retry_in=retry_in) from exc
    OutgoingEmail.objects.filter(pk=email_id, state=EmailState.SENDING).update(
        state=EmailState.SENT, sent_at=timezone.now(), last_error=""
    )
    email.refresh_from_db()
    return email


def sweep_outbox(*, now=None, limit: int = 500) -> list[int]:
    """Re-queue what was lost and hand it to Celery again; returns the ids dispatched.

    Rows still queued a while after they were due lost their task (Redis or the worker was
    down). Rows in `sending` for much longer than any send takes belong to a worker that died
    mid-send: only those are tried again, since a slow send must not become a double one.
    """
    now = now or timezone.now()
    requeue_before = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    stuck_before = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    with transaction.atomic():
        OutgoingEmail.objects.filter(state=EmailState.SENDING, claimed_at__lt=stuck_before).update(
            state=EmailState.QUEUED, next_attempt_at=requeue_before
        )
        due = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(state=EmailState.QUEUED, next_attempt_at__lte=requeue_before)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        # Dispatching moves the row's clock on, so the next sweep waits again before it
        # dispatches the same row a second time.
        OutgoingEmail.objects.filter(pk__in=due).update(next_attempt_at=now)
    for email_id in due:
        dispatch_email(email_id)
    return due


def resend_email(email: OutgoingEmail) -> OutgoingEmail:
    """Put a failed email back in the queue (an organiser's "Send again")."""
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(pk=email.pk, state=EmailState.FAILED).update(
            state=EmailState.QUEUED, next_attempt_at=timezone.now(), attempts=0
        )
        if not updated:
            raise PortalError(translation.gettext("Only a failed email can be sent again."))
        transaction.on_commit(lambda: dispatch_email(email.pk))
    email.refresh_from_db()
    return email
