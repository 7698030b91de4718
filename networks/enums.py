from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonSector(models.TextChoices):
    """Where a person works: the background the seeds name (public service, voluntary, academic)."""

    PUBLIC_SERVICE = "public_service", _("Public service")
    VOLUNTARY = "voluntary", _("Voluntary or community sector")
    ACADEMIC = "academic", _("Academic")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


class OrganisationKind(models.TextChoices):
    PUBLIC_SERVICE = "public_service", _("Public service")
    VOLUNTARY = "voluntary", _("Voluntary or community organisation")
    ACADEMIC = "academic", _("University or research institute")
    POLICY = "policy", _("Policy or government body")
    FUNDER = "funder", _("Funder")
    NETWORK = "network", _("Equality network or forum")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class JoinState(models.TextChoices):
    PENDING = "pending", _("Waiting for the coordinators")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CollaborationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")


class InvitationState(models.TextChoices):
    """Where an organisation on a stakeholder list stands."""

    TO_INVITE = "to_invite", _("Not invited yet")
    INVITED = "invited", _("Invited, no answer yet")
    ACCEPTED = "accepted", _("Taking part")
    DECLINED = "declined", _("Declined")


class GroupKind(models.TextChoices):
    """Equality groups: the Equality Act 2010's protected characteristics, and the others."""

    PROTECTED = "protected", _("Protected characteristic (Equality Act 2010)")
    OTHER = "other", _("Other group")
