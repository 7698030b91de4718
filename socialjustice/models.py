from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import EmailState


class OutgoingEmail(models.Model):
    """One email the portal means to send: the outbox row written in the caller's transaction.

    The bodies are rendered when the row is written, so the worker needs nothing but this row
    to send it, and a later change to the object it is about cannot change an email already
    promised. `key` is unique: the same event queued twice is one email.
    """

    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("recipient"))
    from_email = models.CharField(max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
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


class OutgoingEmailAttachment(models.Model):
    email = models.ForeignKey(OutgoingEmail, related_name="attachments", on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.filename
