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
    NETWORK = "network", _("Equality network or forum")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class GroupKind(models.TextChoices):
    """Equality groups: the Equality Act 2010's protected characteristics, and the others."""

    PROTECTED = "protected", _("Protected characteristic (Equality Act 2010)")
    OTHER = "other", _("Other group")
