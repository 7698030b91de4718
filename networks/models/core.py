"""Vocabularies, partnerships, networks, organisations and people."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import addresses
from ..enums import GroupKind, OrganisationKind, PersonSector


class Vocabulary(models.Model):
    """A shared term list organisers can extend in the admin (seeded by a migration)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EqualityGroup(Vocabulary):
    kind = models.CharField(
        _("kind"), max_length=20, choices=GroupKind.choices, default=GroupKind.OTHER
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("equality group")
        verbose_name_plural = _("equality groups")


class Sector(Vocabulary):
    """A public service sector: health, social care, education, housing …"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("public service sector")
        verbose_name_plural = _("public service sectors")


class Theme(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Level(Vocabulary):
    """Where a change happens (the policy briefing's levels): policy, service, individuals and
    communities, research design."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class FourR(Vocabulary):
    """The 4Rs framework: Redistribution, Recognition, Representation, Reconciliation."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("4R")
        verbose_name_plural = _("4Rs")


class ActionCategory(Vocabulary):
    """What a recommendation does: promoting action, increasing resources, supporting
    partnerships (the action-planning groups' headings)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("action category")
        verbose_name_plural = _("action categories")


class Goal(Vocabulary):
    """A Sustainable Development Goal the work serves."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")


class Partnership(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    aims = models.TextField(_("aims"), blank=True)
    impacts = models.TextField(_("impacts"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    # An org-id style identifier (GB-CHC-1234567 for a charity, GB-COH-… for a company):
    # imports match duplicates by it first.
    identifier = models.CharField(_("identifier"), max_length=60, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    research_site = models.BooleanField(_("willing to act as a research site"), default=False)
    open_to_collaboration = models.BooleanField(_("open to collaboration"), default=False)
    # Only organisers see who to contact at an organisation.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    equality_groups = models.ManyToManyField(
        EqualityGroup, blank=True, related_name="organisations", verbose_name=_("groups served")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organisations", verbose_name=_("sectors")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci"),
            models.UniqueConstraint(
                fields=["identifier"],
                condition=~models.Q(identifier=""),
                name="organisation_identifier_unique",
            ),
        ]
        # The place filters of the coverage map and the directory compare places without
        # letter case (`iexact`: UPPER(city) = UPPER(…)); the lists of places read the few
        # distinct places from the last index alone, not from every organisation's row.
        indexes = [
            models.Index(Upper("city"), name="organisation_city_upper_idx"),
            models.Index(Upper("region"), name="organisation_region_upper_idx"),
            models.Index(Upper("country"), name="organisation_country_upper_idx"),
            models.Index(fields=["country", "region", "city"], name="organisation_place_idx"),
        ]

    def __str__(self):
        return self.name


class Network(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        related_name="networks",
        on_delete=models.SET_NULL,
        verbose_name=_("partnership"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    place = models.CharField(_("area covered"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    city = models.CharField(_("town or city"), max_length=100, blank=True)
    coordinators = models.ManyToManyField(
        "User", blank=True, related_name="coordinated_networks", verbose_name=_("coordinators")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="networks", verbose_name=_("member organisations")
    )
    equality_groups = models.ManyToManyField(
        EqualityGroup, blank=True, related_name="networks", verbose_name=_("groups covered")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="networks", verbose_name=_("sectors")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="networks", verbose_name=_("themes")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def clean(self):
        # An address a page of the directory has (/networks/coverage/) would hide this one.
        if self.slug in addresses.NETWORK:
            raise ValidationError(
                {"slug": _("This web address is a page of the directory: choose another.")}
            )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: signs in with their email address, and is their own profile."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_("Your name as you want others to see it."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="people",
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=PersonSector.choices, blank=True)
    networks = models.ManyToManyField(
        Network,
        through="Membership",
        blank=True,
        related_name="members",
        verbose_name=_("networks"),
    )
    access_needs = models.TextField(
        _("access needs"),
        blank=True,
        help_text=_(
            "Anything that would help you take part, such as captions, a hearing loop, step-free "
            "access or breaks. Only you and the organisers of workshops you register for see this."
        ),
    )
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # When the person's roles last changed: a session's copy of their permissions older than
    # this is asked again (networks/middleware.py, networks/roles.py).
    roles_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name", "email"]
        permissions = [
            ("organise", _("Can organise workshops, calls and emails across the portal")),
            ("facilitate", _("Can facilitate breakout groups")),
        ]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class Membership(models.Model):
    person = models.ForeignKey(User, related_name="memberships", on_delete=models.CASCADE)
    network = models.ForeignKey(Network, related_name="memberships", on_delete=models.CASCADE)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One current membership; someone who left and joins again gets a new one.
            models.UniqueConstraint(
                fields=["person", "network"],
                condition=models.Q(left_at__isnull=True),
                name="membership_current_unique",
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.network}"
