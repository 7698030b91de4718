from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EmailState, MailingState


class EmailAttachment(models.Model):
    """A file attached to emails, stored once however many emails carry it.

    `digest` is the SHA-256 of the name, type and content: five hundred people told about the
    same change share one calendar file, not five hundred copies of it.
    """

    digest = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class OutgoingEmail(models.Model):
    """One email the portal means to send: the outbox row written in the caller's transaction.

    The bodies are rendered when the row is written, so the worker needs nothing but this row
    to send it, and a later change to the object it is about cannot change an email already
    promised. An email written while places are locked (outbox `render_when_sent`) keeps
    instead its `template` and `context`, a snapshot of plain values taken then, and the
    worker renders its bodies from them when it sends it: the same promise, without rendering
    while others wait. `key` is unique: the same event queued twice is one email.
    """

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("recipient"))
    from_email = models.CharField(max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    template = models.CharField(max_length=200, blank=True)
    context = models.JSONField(null=True, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    attachments = models.ManyToManyField(EmailAttachment, blank=True, related_name="emails")
    state = models.CharField(
        _("state"), max_length=10, choices=EmailState.choices, default=EmailState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="outbox_about_idx"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to} ({self.state})"


class Mailing(models.Model):
    """One email to many people, as the event that causes it asked for it.

    Written in the event's own transaction (one insert, however many people it reaches); after
    commit a task expands it into outbox rows in batches, outside any lock. `kind` names the
    handler the feature registered (socialjustice.mailings), which knows the audience and
    writes each person's email; `data` holds what the event said (the changes, the message).
    `last_recipient` is how far the expansion got, so an expansion cut short resumes there.
    """

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    about = GenericForeignKey("content_type", "object_id")
    audience = models.CharField(_("audience"), max_length=50, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MailingState.choices, default=MailingState.QUEUED
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When the sweep may hand it to Celery again, as for outbox rows.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Set when a worker takes the mailing, and again after each batch: a mailing whose worker
    # died stops moving it on, and the sweep hands it to another.
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_recipient = models.BigIntegerField(default=0)
    emails_queued = models.PositiveIntegerField(_("emails queued"), default=0)
    expanded_at = models.DateTimeField(_("queued for everyone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="mailing_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="mailing_about_idx"),
        ]

    def __str__(self):
        return f"{self.kind} ({self.state})"


class ActivityLog(models.Model):
    """Who did what, when: one row per organiser, reviewer or facilitator write, written in
    the same transaction as the write (`socialjustice.activity.log_action`).

    `target` is what was changed; `scope` is the page whose history shows it (a workshop's
    overview shows the changes to its programme items and materials too). The target's name
    is kept as it was, so the history still reads after the target is deleted.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("who"),
    )
    verb = models.CharField(_("what"), max_length=100)
    target_type = models.ForeignKey(
        ContentType, null=True, related_name="+", on_delete=models.SET_NULL
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("about"), max_length=300, blank=True)
    scope_type = models.ForeignKey(
        ContentType, null=True, related_name="+", on_delete=models.SET_NULL
    )
    scope_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["scope_type", "scope_id", "-created_at"], name="activity_scope_idx"
            ),
        ]

    def __str__(self):
        return f"{self.actor} {self.verb} {self.target_label}"


class PendingInvalidation(models.Model):
    """A group of cached pages whose invalidation could not reach Redis (it was down).

    Beat tries again every minute (`socialjustice.pagecache.retry_invalidations`), so no page
    older than a change outlives the outage by more than about a minute.
    """

    group = models.CharField(max_length=50, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return self.group
