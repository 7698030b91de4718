from django.db import models
from django.utils.translation import gettext_lazy as _


class SectionKind(models.TextChoices):
    """The parts of a group's record that are one text each."""

    NOTES = "notes", _("Notes")
    CHAT = "chat", _("Chat highlights")
    CHALLENGES = "challenges", _("Challenges and good practice")


class EntryKind(models.TextChoices):
    """The parts of a group's record that are lists of entries."""

    PRIORITY = "priority", _("Priority")
    QUESTION = "question", _("Research question")
    DESIGN = "design", _("Research design")
    SITE = "site", _("Organisation willing to be a research site")
    NEXT_STEP = "next_step", _("Next step")


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CORRECTIONS = "corrections", _("Open to attendees for corrections")
    PUBLISHED = "published", _("Published")


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("Waiting for the organisers")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Action(models.TextChoices):
    """What organisers, facilitators and owners do, as the activity log says it."""

    GROUP_SAVED = "breakouts.group.saved", _("saved a breakout group")
    GROUP_DELETED = "breakouts.group.deleted", _("deleted a breakout group")
    MEMBERS_SET = "breakouts.group.members", _("allocated participants to a group")
    RECORDED = "breakouts.group.recorded", _("recorded the group's outputs")
    RESTORED = "breakouts.group.restored", _("restored an earlier version")
    READY = "breakouts.group.ready", _("marked the group ready for the plenary")
    REPORT_SAVED = "breakouts.report.saved", _("edited the report")
    REPORT_OPENED = "breakouts.report.opened", _("opened the report for corrections")
    REPORT_PUBLISHED = "breakouts.report.published", _("published the report")
    CORRECTION_DECIDED = "breakouts.correction.decided", _("decided on a correction")
    MERGED = "breakouts.recommendation.merged", _("merged two recommendations")
    STATUS_CHANGED = "breakouts.recommendation.status", _("updated a recommendation")
    IMPORTED = "breakouts.recommendation.imported", _("updated recommendations from a file")
