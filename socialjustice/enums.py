from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MailingState(models.TextChoices):
    QUEUED = "queued", _("Being prepared")
    EXPANDING = "expanding", _("Being prepared")
    DONE = "done", _("Queued for everyone")


class Action(models.TextChoices):
    """What the shared machinery records in the activity log."""

    EMAIL_RESENT = "outbox.resent", _("sent a failed email again")
