import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Level, Organisation, Sector, Theme
from workshops.models import Workshop, WorkshopSeries

from .enums import ContributionState, Decision, Effect, Visibility


class Call(models.Model):
    """A call for contributions, for one workshop or for a whole series."""

    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=200)
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        related_name="calls",
        on_delete=models.CASCADE,
        verbose_name=_("workshop"),
    )
    series = models.ForeignKey(
        WorkshopSeries,
        null=True,
        blank=True,
        related_name="calls",
        on_delete=models.CASCADE,
        verbose_name=_("series"),
    )
    prompt = models.TextField(_("what the call asks for"))
    guidance = models.TextField(_("guidance for contributors"), blank=True)
    what_happens = models.TextField(
        _("what happens to contributions, and who sees them"), blank=True
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    anonymised_review = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_(
            "Reviewers see no name, email address or organisation until they have decided."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-closes_at", "pk"]
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(workshop__isnull=False, series__isnull=True)
                | Q(workshop__isnull=True, series__isnull=False),
                name="call_for_a_workshop_or_a_series",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_open"
            ),
        ]

    def __str__(self):
        return self.title


def attachment_upload_to(contribution, filename):
    # A random folder per file: names never collide and cannot be guessed.
    return f"contributions/{uuid.uuid4().hex}/{filename}"


class Contribution(models.Model):
    """An example of public service policy or practice that created or reduced inequalities,
    sent in answer to a call. Public only when accepted and its author allowed it."""

    call = models.ForeignKey(Call, related_name="contributions", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="contributions", on_delete=models.CASCADE
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ContributionState.choices,
        default=ContributionState.DRAFT,
    )
    visibility = models.CharField(
        _("how it may be shown"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC_NAMED,
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("what happened"), blank=True)
    groups = models.ManyToManyField(
        EqualityGroup, blank=True, related_name="contributions", verbose_name=_("groups affected")
    )
    groups_described = models.CharField(_("who, in your words"), max_length=300, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="contributions", verbose_name=_("public service sectors")
    )
    effect = models.CharField(
        _("effect on inequality"), max_length=10, choices=Effect.choices, blank=True
    )
    covid = models.BooleanField(_("related to COVID-19"), null=True, blank=True)
    levels = models.ManyToManyField(
        Level, blank=True, related_name="contributions", verbose_name=_("levels")
    )
    country = models.CharField(_("country"), max_length=100, blank=True)
    region = models.CharField(_("region or city"), max_length=100, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    ongoing = models.BooleanField(_("still going on"), default=False)
    evidence = models.TextField(_("evidence and sources"), blank=True)
    evidence_links = ArrayField(
        models.URLField(max_length=500), default=list, blank=True, verbose_name=_("links")
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="contributions",
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=attachment_upload_to, max_length=300, blank=True
    )
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_mimetype = models.CharField(max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(null=True, blank=True)
    # Set by organisers, to group accepted contributions in the workshop pack.
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="contributions", verbose_name=_("themes")
    )
    consented_at = models.DateTimeField(null=True, blank=True)
    # The number of the version last sent (0 while it has never been sent).
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            GinIndex(fields=["search_vector"], name="contribution_search_idx"),
            models.Index(fields=["state", "visibility"], name="contribution_public_idx"),
            models.Index(fields=["call", "state"], name="contribution_queue_idx"),
            # The collection's first page: the newest accepted, read from the index in order.
            models.Index(
                fields=["-submitted_at", "-id"],
                name="contribution_newest_idx",
                condition=Q(state="accepted"),
            ),
            # The home page's latest contributions: the last accepted, in order, where
            # sorting every accepted one took 38 ms at 20,000.
            models.Index(
                fields=["-decided_at"],
                name="contribution_decided_idx",
                condition=Q(state="accepted"),
            ),
        ]

    def __str__(self):
        return self.title


class Version(models.Model):
    """What a contribution said each time it was sent: the reviewer sees what changed."""

    contribution = models.ForeignKey(
        Contribution, related_name="versions", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField()
    content = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contribution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "number"], name="version_unique"),
        ]

    def __str__(self):
        return f"{self.contribution} v{self.number}"


class Review(models.Model):
    """A reviewer's decision on one version, with the message the contributor reads."""

    contribution = models.ForeignKey(Contribution, related_name="reviews", on_delete=models.CASCADE)
    version = models.PositiveIntegerField()
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    message = models.TextField(_("message to the contributor"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contribution", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()}: {self.contribution}"


class ReviewerNote(models.Model):
    """A note reviewers keep for each other. Contributors never see it."""

    contribution = models.ForeignKey(Contribution, related_name="notes", on_delete=models.CASCADE)
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contribution", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]
