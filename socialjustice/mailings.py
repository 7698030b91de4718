"""Emails to many people: one mailing row in the event's transaction, expanded after commit.

An event that emails a group (a workshop moved or cancelled, a follow-up, an organiser's
message, later the contributions' decisions) calls `queue_mailing`: one insert, however many
people it reaches, so nothing slow happens while the event holds its locks. After commit
`expand_mailing_task` writes the outbox rows in batches, each batch its own short
transaction, with no lock held; each email has its own unique key, so an expansion run twice
writes nothing twice. The beat sweep (`sweep_mailings`) expands mailings whose task was lost
(the broker was down) and takes over those whose worker died half way.

The shared machinery knows no feature: each feature registers a `MailingKind` under the name
its mailings carry, which says who the audience is and writes one person's email.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .enums import MailingState
from .models import Mailing
from .outbox import Letter, queue_emails
from .tasking import start_task, start_task_on_commit, take_overdue

logger = logging.getLogger(__name__)

EXPAND_TASK = "socialjustice.tasks.expand_mailing_task"
BATCH_SIZE = 200


class MailingKind:
    """What a feature says about one kind of mailing. Subclass, then `register()` it."""

    name: str = ""

    def prepare(self, mailing: Mailing) -> dict | None:
        """What every email of this mailing shares (built once), or None when there is
        nothing to send any more (the workshop was cancelled since it was moved)."""
        return {}

    def recipients(self, mailing: Mailing, shared: dict) -> models.QuerySet:
        """The people it goes to; expanded in pk order, in batches."""
        raise NotImplementedError

    def letter(self, mailing: Mailing, recipient, shared: dict) -> Letter:
        raise NotImplementedError


KINDS: dict[str, MailingKind] = {}


def register(kind: type[MailingKind]) -> type[MailingKind]:
    """Class decorator: make mailings of `kind.name` expandable."""
    KINDS[kind.name] = kind()
    return kind


def queue_mailing(
    *,
    kind: str,
    key: str,
    about: models.Model,
    audience: str = "",
    data: dict | None = None,
    created_by=None,
) -> Mailing:
    """Write the mailing in the caller's transaction and expand it after commit.

    The same `key` twice is one mailing: a double click or a retried request adds nothing.
    """
    if kind not in KINDS:
        raise ValueError(f"No mailing kind {kind!r} is registered.")
    mailing = Mailing(
        key=key[:255],
        kind=kind,
        content_type=ContentType.objects.get_for_model(about),
        object_id=str(about.pk),
        audience=audience,
        data=data or {},
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    with transaction.atomic(savepoint=False):
        try:
            with transaction.atomic():
                mailing.save(force_insert=True)
        except IntegrityError:
            return Mailing.objects.get(key=mailing.key)
        start_task_on_commit(EXPAND_TASK, mailing.pk)
    return mailing


def _claim(mailing_id: int, *, now) -> bool:
    return bool(
        Mailing.objects.filter(pk=mailing_id, state=MailingState.QUEUED).update(
            state=MailingState.EXPANDING, claimed_at=now
        )
    )


def expand_mailing(mailing_id: int, *, batch_size: int = BATCH_SIZE) -> int:
    """Write the outbox rows of a queued mailing; returns how many emails this run queued.

    Only the worker that claims the mailing (queued to expanding, a conditional update)
    expands it. Each batch and the note of how far it got commit together, so a worker that
    dies half way leaves a mailing the sweep can resume where it stopped.
    """
    if not _claim(mailing_id, now=timezone.now()):
        return 0
    mailing = Mailing.objects.select_related("content_type").get(pk=mailing_id)
    kind = KINDS[mailing.kind]
    shared = kind.prepare(mailing)
    queued = 0
    if shared is not None:
        recipients = kind.recipients(mailing, shared).order_by("pk")
        while True:
            batch = list(recipients.filter(pk__gt=mailing.last_recipient)[:batch_size])
            if not batch:
                break
            letters = [kind.letter(mailing, recipient, shared) for recipient in batch]
            with transaction.atomic():
                written = queue_emails(letters)
                mailing.last_recipient = batch[-1].pk
                Mailing.objects.filter(pk=mailing.pk).update(
                    last_recipient=mailing.last_recipient,
                    emails_queued=F("emails_queued") + written,
                    claimed_at=timezone.now(),
                )
            queued += written
    Mailing.objects.filter(pk=mailing.pk, state=MailingState.EXPANDING).update(
        state=MailingState.DONE, expanded_at=timezone.now()
    )
    return queued


def sweep_mailings(*, now=None) -> list[int]:
    """Expand mailings whose task was lost, and take over those whose worker died; returns
    the ids handed to Celery. A mailing taken over resumes after its last recipient, and the
    keys keep a slow worker and its successor from doubling anything."""
    due = take_overdue(
        Mailing,
        queued=MailingState.QUEUED,
        in_flight=MailingState.EXPANDING,
        stuck_after=settings.MAILING_STUCK_AFTER_SECONDS,
        now=now or timezone.now(),
        limit=100,
    )
    for mailing_id in due:
        start_task(EXPAND_TASK, mailing_id)
    return due
