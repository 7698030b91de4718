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


class Action(models.TextChoices):
    """What coordinators and organisers do to the directory, as the activity log says it."""

    NETWORK_SAVED = "networks.network.saved", _("edited a network")
    PARTNERSHIP_SAVED = "networks.partnership.saved", _("edited a partnership")
    ORGANISATION_SAVED = "networks.organisation.saved", _("edited an organisation")
    JOIN_REQUESTED = "networks.join.requested", _("asked to join a network")
    JOIN_APPROVED = "networks.join.approved", _("approved a request to join")
    JOIN_DECLINED = "networks.join.declined", _("declined a request to join")
    MEMBER_LEFT = "networks.member.left", _("ended a membership")
    COORDINATOR_ADDED = "networks.coordinator.added", _("made someone a coordinator")
    COORDINATOR_REMOVED = "networks.coordinator.removed", _("removed a coordinator")
    COLLABORATION_SAVED = "networks.collaboration.saved", _("edited a collaboration")
    IMPORTED = "networks.import.done", _("imported organisations")
    IMPORT_UNDONE = "networks.import.undone", _("undid an import of organisations")
    STAKEHOLDERS_SAVED = "networks.stakeholders.saved", _("edited a stakeholder list")
    STAKEHOLDER_CHANGED = "networks.stakeholder.changed", _("changed an organisation on a list")
