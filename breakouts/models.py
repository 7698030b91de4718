from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributions.models import Contribution
from networks.models import ActionCategory, FourR, Level, Network, Organisation, Theme
from workshops.models import ProgrammeItem, Registration, Workshop

from .enums import (
    CorrectionState,
    EntryKind,
    Horizon,
    RecommendationStatus,
    ReportState,
    SectionKind,
)


class Group(models.Model):
    """One breakout group of a breakout programme item, and who facilitates it."""

    item = models.ForeignKey(
        ProgrammeItem,
        related_name="breakout_groups",
        on_delete=models.CASCADE,
        verbose_name=_("programme item"),
    )
    workshop = models.ForeignKey(Workshop, related_name="breakout_groups", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    prompts = models.TextField(_("questions for the group"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_groups",
        verbose_name=_("facilitators"),
    )
    room_link = models.URLField(
        _("online room link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to the group's facilitators, its members and organisers."),
    )
    contributions = models.ManyToManyField(
        Contribution,
        blank=True,
        related_name="breakout_groups",
        verbose_name=_("contributions to discuss"),
    )
    open_to_choose = models.BooleanField(
        _("participants may choose this group"),
        default=False,
        help_text=_("People with a confirmed place can join it from their registration's page."),
    )
    position = models.PositiveSmallIntegerField(default=0)
    ready_at = models.DateTimeField(_("ready for the plenary"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "item", "position", "pk"]
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")

    def __str__(self):
        return self.name


class Member(models.Model):
    """A registration allocated to a group: one group per breakout item and person."""

    group = models.ForeignKey(Group, related_name="members", on_delete=models.CASCADE)
    registration = models.ForeignKey(
        Registration, related_name="breakout_memberships", on_delete=models.CASCADE
    )
    item = models.ForeignKey(ProgrammeItem, related_name="+", on_delete=models.CASCADE)
    chosen_by_participant = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "item"], name="member_one_group_an_item"
            ),
        ]

    def __str__(self):
        return f"{self.registration} in {self.group}"


class Versioned(models.Model):
    """A part of a group's record that is saved on its own: its version goes up with each
    save, and a save made from an older version is refused (nobody overwrites anyone)."""

    version = models.PositiveIntegerField(default=1)
    # For a new entry or recommendation, the key the browser gave it: sent again (the answer
    # was lost, the offline queue resent it), it is the same one, not a second.
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Section(Versioned):
    """One text of a group's record: the notes, the chat highlights, challenges and good
    practice."""

    group = models.ForeignKey(Group, related_name="sections", on_delete=models.CASCADE)
    kind = models.CharField(_("part"), max_length=20, choices=SectionKind.choices)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["group", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind"], name="section_one_of_each_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.group}"


class Entry(Versioned):
    """One entry of a list in a group's record: a priority (with its horizon), a research
    question or design, an organisation offering to be a research site (with a contact only
    organisers see), a next step (who, by when)."""

    group = models.ForeignKey(Group, related_name="entries", on_delete=models.CASCADE)
    kind = models.CharField(_("part"), max_length=20, choices=EntryKind.choices)
    text = models.TextField(_("text"))
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="research_site_offers",
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
    )
    contact = models.CharField(_("contact (organisers only)"), max_length=300, blank=True)
    # A research question's or design's place on the research agenda; without a theme it
    # takes its workshop's (breakouts/selectors/agenda.py).
    level = models.ForeignKey(
        Level,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("level"),
    )
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("theme"),
    )
    who = models.CharField(_("who"), max_length=200, blank=True)
    by_when = models.CharField(_("by when"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group", "kind", "position", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self):
        return self.text[:80]


class Recommendation(Versioned):
    """A recommendation from a group, followed up after the day in the tracker."""

    group = models.ForeignKey(Group, related_name="recommendations", on_delete=models.CASCADE)
    text = models.TextField(_("recommendation"))
    level = models.ForeignKey(
        Level, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    four_r = models.ForeignKey(
        FourR, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    category = models.ForeignKey(
        ActionCategory, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    owner_network = models.ForeignKey(
        Network,
        null=True,
        blank=True,
        related_name="recommendations",
        on_delete=models.SET_NULL,
        verbose_name=_("owner (network)"),
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="recommendations",
        on_delete=models.SET_NULL,
        verbose_name=_("owner (organisation)"),
    )
    contributions = models.ManyToManyField(Contribution, blank=True, related_name="recommendations")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.PROPOSED,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    due_on = models.DateField(_("due"), null=True, blank=True)
    # A duplicate merged into another keeps its text and its group: both sources stay.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, related_name="merged", on_delete=models.SET_NULL
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, through="Support", related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="recommendation_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="recommendation_status_idx")]

    def __str__(self):
        return self.text[:80]


class Support(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "person"], name="support_once"),
        ]

    def __str__(self):
        return f"{self.person} supports {self.recommendation}"


class Update(models.Model):
    """A dated entry of a recommendation's trail: who changed what, with their note."""

    recommendation = models.ForeignKey(
        Recommendation, related_name="updates", on_delete=models.CASCADE
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    changes = models.JSONField(default=dict)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recommendation", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.recommendation}: {self.created_at:%Y-%m-%d}"


class Revision(models.Model):
    """Each save of a part of a group's record, as it was saved: any can be viewed and
    restored."""

    group = models.ForeignKey(Group, related_name="revisions", on_delete=models.CASCADE)
    # "section:<kind>", "entry:<pk>" or "recommendation:<pk>"
    part = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    content = models.JSONField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "part", "-version", "-pk"]
        indexes = [models.Index(fields=["group", "part", "-version"], name="revision_part_idx")]

    def __str__(self):
        return f"{self.part} v{self.version}"


class Report(models.Model):
    """A workshop's consolidated report of its breakout groups."""

    workshop = models.OneToOneField(Workshop, related_name="report", on_delete=models.CASCADE)
    summary = models.TextField(_("summary"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    corrections_until = models.DateTimeField(_("corrections until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"Report: {self.workshop}"


class Correction(models.Model):
    """An attendee's suggested correction to a draft report, which organisers accept or
    decline."""

    report = models.ForeignKey(Report, related_name="corrections", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    text = models.TextField(_("your correction"))
    state = models.CharField(
        max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING
    )
    reply = models.TextField(_("reply"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]
