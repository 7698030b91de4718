"""The one path every email takes: an outbox row written in the caller's transaction, sent by
Celery after commit, swept again by beat if the task was lost.

Feature code calls `queue_email` and nothing else; it never calls `send_mail` or `.delay()`.
"""

import hashlib
import logging
import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .activity import log_action
from .enums import EmailState
from .errors import PortalError
from .models import EmailAttachment, OutgoingEmail
from .tasking import after_commit, start_task, take_overdue

logger = logging.getLogger(__name__)

SEND_TASK = "socialjustice.tasks.send_email_task"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str

    @property
    def digest(self) -> str:
        hashed = hashlib.sha256()
        for part in (self.filename.encode(), b"\0", self.mimetype.encode(), b"\0", self.content):
            hashed.update(part)
        return hashed.hexdigest()


@dataclass(frozen=True)
class Letter:
    """One email as a feature writes it: who, which kind, its unique key, the template and
    what the template says. `workshops/emails.py` and the like build these; `queue_email`
    and the mailings write them to the outbox, and previews render them."""

    to: str
    kind: str
    key: str
    template: str
    context: dict
    about: models.Model | None = None
    attachments: Sequence[Attachment | EmailAttachment] = field(default_factory=tuple)


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
                "emails/plain_message.html",
                {**context, "subject": subject, "html_text": linked(text, portal_links(context))},
            )
    return subject, text, html


URL = re.compile(r"https?://[^\s<>\"']+")


def portal_links(context: dict) -> set[str]:
    """The addresses the portal itself put in an email, the only ones made into links: those
    the context names `…url` or `…link` (and the `url` of each item of a list of them), and
    any in `links`, which a feature fills with what a trusted author wrote (an organiser's
    message). Nothing a visitor typed (a name, an organisation) is ever made a link."""
    found = set(context.get("links", ()))
    for key, value in context.items():
        if isinstance(value, str) and (key.endswith("url") or key.endswith("link")):
            found.add(value)
        elif isinstance(value, list | tuple):
            found.update(
                item["url"] for item in value if isinstance(item, dict) and item.get("url")
            )
    return {link for link in found if URL.fullmatch(link)}


def links_in(text: str) -> list[str]:
    """The web addresses in a trusted author's text, for `links`."""
    return [match.group(0).rstrip(".,;:)") for match in URL.finditer(text)]


def linked(text: str, links: set[str]) -> SafeString:
    """`text`, escaped for HTML, with the given addresses (and only those) made into links."""
    pieces = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        if url not in links:
            continue
        start, end = match.start(), match.start() + len(url)
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a href="{}">{}</a>', url, url))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped or format_html)


def store_attachment(attachment: Attachment | EmailAttachment) -> EmailAttachment:
    """The stored copy of this file, written once whoever asks (safe in or out of a
    transaction, and before any lock: a file nobody ends up attaching is harmless)."""
    if isinstance(attachment, EmailAttachment):
        return attachment
    digest = attachment.digest
    stored = EmailAttachment.objects.filter(digest=digest).only("pk", "digest").first()
    if stored is None:
        EmailAttachment.objects.bulk_create(
            [
                EmailAttachment(
                    digest=digest,
                    filename=attachment.filename,
                    mimetype=attachment.mimetype,
                    content=attachment.content,
                )
            ],
            ignore_conflicts=True,
        )
        stored = EmailAttachment.objects.only("pk", "digest").get(digest=digest)
    return stored


def _row(letter: Letter) -> OutgoingEmail:
    subject, text, html = render_email(letter.template, letter.context)
    return OutgoingEmail(
        key=letter.key[:255],
        kind=letter.kind,
        to=letter.to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        content_type=ContentType.objects.get_for_model(letter.about) if letter.about else None,
        object_id=str(letter.about.pk) if letter.about else "",
    )


def _attach(pairs: list[tuple[OutgoingEmail, list[EmailAttachment]]]) -> None:
    through = OutgoingEmail.attachments.through
    through.objects.bulk_create(
        through(outgoingemail_id=email.pk, emailattachment_id=stored.pk)
        for email, files in pairs
        for stored in files
    )


def queue_email(
    *,
    to: str,
    kind: str,
    key: str,
    template: str,
    context: dict,
    about: models.Model | None = None,
    attachments: Sequence[Attachment | EmailAttachment] = (),
) -> OutgoingEmail:
    """Write an email to the outbox inside the caller's transaction; send it after commit.

    Queuing the same `key` again returns the row already there and sends nothing more, so a
    retried request or a task run twice never emails anyone twice.
    """
    return _queue_one(Letter(to, kind, key, template, context, about, tuple(attachments)))[0]


def _queue_one(letter: Letter) -> tuple[OutgoingEmail, bool]:
    email = _row(letter)
    files = [store_attachment(a) for a in letter.attachments]
    # Inside the caller's transaction this adds no savepoint of its own; outside one it makes
    # the row and its attachments one unit. The insert comes first and a lookup only on a
    # clash: the common case is a new email, and this runs while places are locked.
    with transaction.atomic(savepoint=False):
        try:
            with transaction.atomic():
                email.save(force_insert=True)
        except IntegrityError:
            return OutgoingEmail.objects.get(key=email.key), False
        _attach([(email, files)])
        email_id = email.pk
        after_commit(lambda: dispatch_email(email_id))
    return email, True


def queue_emails(letters: Sequence[Letter]) -> int:
    """Write many emails at once (a mailing's batch); returns how many were new.

    Keys already in the outbox are left as they are, so a batch written twice (a mailing
    expanded again after its worker died) emails nobody twice. Each file is stored once for
    the whole batch.
    """
    by_key = {letter.key[:255]: letter for letter in letters}
    taken = set(OutgoingEmail.objects.filter(key__in=by_key).values_list("key", flat=True))
    fresh = [letter for key, letter in by_key.items() if key not in taken]
    stored = {}
    for letter in fresh:
        for attachment in letter.attachments:
            if attachment.digest not in stored:
                stored[attachment.digest] = store_attachment(attachment)
    rows = [_row(letter) for letter in fresh]
    try:
        with transaction.atomic():
            OutgoingEmail.objects.bulk_create(rows)
    except IntegrityError:
        # Another worker wrote some of these keys meanwhile: one by one, keeping each clash.
        return sum(created for _email, created in map(_queue_one, fresh))
    _attach(
        [
            (row, [stored[a.digest] for a in letter.attachments])
            for row, letter in zip(rows, fresh, strict=True)
        ]
    )
    ids = [row.pk for row in rows]
    after_commit(lambda: [dispatch_email(email_id) for email_id in ids])
    return len(rows)


def dispatch_email(email_id: int) -> None:
    """Hand the row to Celery. If the broker is down the row stays queued for the sweep."""
    start_task(SEND_TASK, email_id)


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


def _said(text) -> str:
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    return " ".join(text.split())


def describe_failure(exc: Exception) -> tuple[str, bool]:
    """Why an email could not be sent, in words an organiser can act on, and whether the
    refusal is permanent (an SMTP 5xx answer: trying again would only be refused again)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, said = next(iter(exc.recipients.values()), (0, b""))
        if code >= 500:
            return f"the address was refused by the receiving server: {_said(said)}", True
        return f"the receiving server asked to try again later: {_said(said)}", False
    if isinstance(exc, smtplib.SMTPResponseException):
        said = _said(exc.smtp_error)
        if isinstance(exc, smtplib.SMTPSenderRefused) and exc.smtp_code >= 500:
            return f"the sending address was refused by the email server: {said}", True
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"the portal could not sign in to its email server: {said}", True
        if exc.smtp_code >= 500:
            return f"the email was refused by the receiving server: {said}", True
        return f"the email server asked to try again later: {said}", False
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError | OSError):
        return f"the email server could not be reached: {_said(exc) or type(exc).__name__}", False
    return f"sending failed: {type(exc).__name__}: {_said(exc)}"[:2000], False


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
        error, permanent = describe_failure(exc)
        given_up = permanent or email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
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
    """Hand queued emails whose task was lost to Celery again; returns the ids dispatched.

    A row left `sending` is tried again only after `OUTBOX_STUCK_AFTER_SECONDS`, much longer
    than any send takes: its worker died mid-send, and a slow send must not become a double
    one.
    """
    due = take_overdue(
        OutgoingEmail,
        queued=EmailState.QUEUED,
        in_flight=EmailState.SENDING,
        stuck_after=settings.OUTBOX_STUCK_AFTER_SECONDS,
        now=now or timezone.now(),
        limit=limit,
    )
    for email_id in due:
        dispatch_email(email_id)
    return due


def resend_email(email: OutgoingEmail, *, by) -> OutgoingEmail:
    """Put a failed email back in the queue (an organiser's "Send again")."""
    with transaction.atomic(durable=True):
        updated = OutgoingEmail.objects.filter(pk=email.pk, state=EmailState.FAILED).update(
            state=EmailState.QUEUED, next_attempt_at=timezone.now(), attempts=0
        )
        if not updated:
            raise PortalError(translation.gettext("Only a failed email can be sent again."))
        log_action(by, "outbox.resent", email, {"to": email.to})
        after_commit(lambda: dispatch_email(email.pk))
    email.refresh_from_db()
    return email
