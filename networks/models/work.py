"""What networks do together and how the directory grows: join requests, collaborations,
stakeholder lists, and imports of organisations (undone as a whole)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import CollaborationStatus, InvitationState, JoinState
from .core import EqualityGroup, Network, Organisation, User


class JoinRequest(models.Model):
    """Someone asks to join a network; its coordinators (or organisers) decide."""

    person = models.ForeignKey(User, related_name="join_requests", on_delete=models.CASCADE)
    network = models.ForeignKey(Network, related_name="join_requests", on_delete=models.CASCADE)
    message = models.TextField(_("message to the coordinators"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JoinState.choices, default=JoinState.PENDING
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["network", "-created_at", "-pk"]
        constraints = [
            # One open request per person and network: asking twice is one request.
            models.UniqueConstraint(
                fields=["person", "network"],
                condition=models.Q(state="pending"),
                name="join_request_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.person} asks to join {self.network}"


class Collaboration(models.Model):
    """Networks (and organisations) working together: the network of networks."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aims = models.TextField(_("aims"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CollaborationStatus.choices,
        default=CollaborationStatus.PROPOSED,
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="collaborations", verbose_name=_("networks")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="collaborations", verbose_name=_("organisations")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")

    def __str__(self):
        return self.title


class StakeholderList(models.Model):
    """The organisations invited to a workshop or an initiative, compared with the coverage
    map to find which groups it still lacks."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(_("what it is for"), blank=True)
    # The groups the list should reach (an intersection when several).
    equality_groups = models.ManyToManyField(
        EqualityGroup, blank=True, related_name="+", verbose_name=_("groups it should reach")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = _("stakeholder list")
        verbose_name_plural = _("stakeholder lists")

    def __str__(self):
        return self.title


class Stakeholder(models.Model):
    stakeholder_list = models.ForeignKey(
        StakeholderList, related_name="stakeholders", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, related_name="stakeholder_entries", on_delete=models.CASCADE
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InvitationState.choices,
        default=InvitationState.TO_INVITE,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["stakeholder_list", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder_list", "organisation"], name="stakeholder_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.stakeholder_list}"


class ImportBatch(models.Model):
    """One import of organisations from a spreadsheet: undone as a whole."""

    filename = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import {self.pk} ({self.filename})"


class ImportedRow(models.Model):
    """What one import did to one organisation, with what it was before (to undo it)."""

    batch = models.ForeignKey(ImportBatch, related_name="rows", on_delete=models.CASCADE)
    organisation = models.ForeignKey(
        Organisation, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created = models.BooleanField(default=False)
    before = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.batch}: {self.organisation}"
