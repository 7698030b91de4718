from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent, waiting for review")
    CHANGES_REQUESTED = "changes", _("Changes asked for")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Visibility(models.TextChoices):
    PUBLIC_NAMED = "public_named", _("Public, with my name")
    PUBLIC_ANONYMOUS = "public_anonymous", _("Public, without my name or organisation")
    ORGANISERS = "organisers", _("Only the organisers")


class Effect(models.TextChoices):
    CREATED = "created", _("Created inequality")
    REDUCED = "reduced", _("Reduced inequality")
    BOTH = "both", _("Both: created some, reduced some")
    UNCLEAR = "unclear", _("Not clear yet")


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    CHANGES = "changes", _("Ask for changes")


class Action(models.TextChoices):
    """What organisers and contributors do, as the activity log says it."""

    CALL_CREATED = "contributions.call.created", _("opened a call for contributions")
    CALL_CHANGED = "contributions.call.changed", _("changed the call")
    SAVED = "contributions.contribution.saved", _("saved the contribution as a draft")
    SUBMITTED = "contributions.contribution.submitted", _("sent the contribution")
    WITHDRAWN = "contributions.contribution.withdrawn", _("withdrew the contribution")
    ACCEPTED = "contributions.contribution.accepted", _("accepted the contribution")
    DECLINED = "contributions.contribution.declined", _("declined the contribution")
    CHANGES_ASKED = "contributions.contribution.changes", _("asked for changes")
    NOTE_ADDED = "contributions.contribution.note", _("added a reviewer's note")
    THEMES_SET = "contributions.contribution.themes", _("grouped the contribution by theme")
