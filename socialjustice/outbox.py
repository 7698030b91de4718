"""The one path every email takes: an outbox row written in the caller's transaction, sent by
Celery after commit, swept again by beat if the task was lost.

Feature code calls `queue_email` and nothing else; it never calls `send_mail` or `.delay()`.
"""

import hashlib
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone, translation

from .activity import log_action
from .emailtext import (  # noqa: F401 (render_email, links_in and linked are used from here)
    from_snapshot,
    linked,
    links_in,
    portal_links,
    render_bodies,
    render_email,
    render_subject,
    snapshot,
)
from .enums import EmailState
from .errors import PortalError
from .handover import hand_over, send_ready, start_later
from .models import EmailAttachment, OutgoingEmail
from .tasking import after_commit, take_overdue

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
    # Keep the template and a snapshot of the context, and render the bodies when sending:
    # for an email written while places are locked (the subject is rendered at once, for the
    # organisers' list of emails). The context must then be plain values (`snapshot`).
    render_when_sent: bool = False


class EmailDeliveryFailed(PortalError):
    """Sending failed; `retry_in` is when to try again, or None when the email is given up."""

    def __init__(self, message, *, retry_in: timedelta | None):
        super().__init__(message)
        self.retry_in = retry_in


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
    if letter.render_when_sent:
        subject = render_subject(letter.template, letter.context)
        text = html = ""
        template, context = letter.template, snapshot(letter.context)
    else:
        subject, text, html = render_email(letter.template, letter.context)
        template, context = "", None
    return OutgoingEmail(
        key=letter.key[:255],
        kind=letter.kind,
        to=letter.to,
        from_email=settings.DEFAULT_FROM_EMAIL,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        template=template,
        context=context,
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
    render_when_sent: bool = False,
) -> OutgoingEmail:
    """Write an email to the outbox inside the caller's transaction; send it after commit.

    Queuing the same `key` again returns the row already there and sends nothing more, so a
    retried request or a task run twice never emails anyone twice.
    """
    letter = Letter(to, kind, key, template, context, about, tuple(attachments), render_when_sent)
    return _queue_one(letter)[0]


def _insert_unless_queued(email: OutgoingEmail) -> bool:
    """Insert the row unless its key is in the outbox already; True when it was inserted.

    One statement, `INSERT … ON CONFLICT DO NOTHING RETURNING id`, through the insert that
    `Model.save()` itself uses: a clash is not an error to catch, so no savepoint is needed
    around it (two more round trips, while places are locked). Nothing listens for an
    outgoing email's save signals.
    """
    meta = OutgoingEmail._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    (returned,) = OutgoingEmail._base_manager._insert(
        [email],
        fields=fields,
        returning_fields=meta.db_returning_fields,
        on_conflict=OnConflict.IGNORE,
    )
    if returned is None:  # the key was taken: nothing inserted, nothing returned
        return False
    for value, returning in zip(returned, meta.db_returning_fields, strict=True):
        setattr(email, returning.attname, value)
    email._state.adding = False
    email._state.db = OutgoingEmail.objects.db
    return True


def _queue_one(letter: Letter) -> tuple[OutgoingEmail, bool]:
    email = _row(letter)
    files = [store_attachment(a) for a in letter.attachments]
    # Inside the caller's transaction this adds no savepoint of its own; outside one it makes
    # the row and its attachments one unit. The insert comes first and a lookup only on a
    # clash: the common case is a new email, and this runs while places are locked.
    with transaction.atomic(savepoint=False):
        if not _insert_unless_queued(email):
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
    after_commit(lambda: hand_over(SEND_TASK, ids))
    return len(rows)


def dispatch_email(email_id: int) -> None:
    """Hand the row to the workers. If the broker is down the row stays queued for the sweep."""
    hand_over(SEND_TASK, [email_id])


def send_ready_emails() -> int:
    """Send the emails handed over to the workers (socialjustice/handover.py)."""
    return send_ready(_send_or_retry)


def _send_or_retry(email_id: int) -> None:
    try:
        send_outgoing_email(email_id)
    except EmailDeliveryFailed as failed:
        if failed.retry_in is not None:  # as `send_email_task` retries
            start_later(SEND_TASK, email_id, countdown=failed.retry_in.total_seconds())


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def rendered_bodies(email: OutgoingEmail) -> tuple[str, str]:
    """The email's text and HTML: as stored, or rendered from its template and snapshot."""
    if email.body_text or not email.template:
        return email.body_text, email.body_html
    return render_bodies(email.template, from_snapshot(email.context), subject=email.subject)


def _render_stored(email: OutgoingEmail) -> None:
    """Render the bodies of an email kept for rendering when sent, and store them: what was
    sent stays readable in the row, like any other email's."""
    if email.body_text or not email.template:
        return
    email.body_text, email.body_html = rendered_bodies(email)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        body_text=email.body_text, body_html=email.body_html
    )


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
        _render_stored(email)
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
    hand_over(SEND_TASK, due)
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
