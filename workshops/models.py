import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.enums import PersonSector
from networks.models import Network, Organisation, Partnership
from socialjustice.uploads import KINDS_BY_EXTENSION

from .enums import (
    HowHeard,
    MaterialKind,
    MessageAudience,
    ProgrammeKind,
    RegistrationStatus,
    Visibility,
    WorkshopFormat,
    WorkshopState,
)


class WorkshopSeries(models.Model):
    """Workshops organised together, such as two half-day online workshops on one theme."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        related_name="workshop_series",
        on_delete=models.SET_NULL,
        verbose_name=_("partnership"),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="workshop_series", verbose_name=_("networks involved")
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_series",
        verbose_name=_("organisers"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")

    def __str__(self):
        return self.title


class Speaker(models.Model):
    """A person who chairs or speaks; kept once and reused across workshops."""

    name = models.CharField(_("name"), max_length=150)
    honorific = models.CharField(
        _("title"), max_length=40, blank=True, help_text=_("For example: Professor, Dr.")
    )
    affiliation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        related_name="speakers",
        on_delete=models.SET_NULL,
        verbose_name=_("affiliation"),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("For example: Director, Leeds Social Sciences Institute."),
    )
    bio = models.TextField(_("short biography"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.honorific} {self.name}".strip()


class Workshop(models.Model):
    series = models.ForeignKey(
        WorkshopSeries,
        null=True,
        blank=True,
        related_name="workshops",
        on_delete=models.SET_NULL,
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("You can use Markdown for headings and lists.")
    )
    key_questions = models.TextField(
        _("key questions"), blank=True, help_text=_("One question a line.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(
        _("format"), max_length=20, choices=WorkshopFormat.choices, default=WorkshopFormat.ONLINE
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    access_information = models.TextField(
        _("access information"),
        blank=True,
        help_text=_("Step-free access, hearing loops, quiet rooms, toilets, parking, captions…"),
    )
    join_link = models.URLField(
        _("online joining link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to confirmed participants and organisers, never publicly."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave blank for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    hashtags = models.CharField(_("hashtags"), max_length=300, blank=True)
    social_handles = models.CharField(_("social media accounts"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        related_name="workshops",
        on_delete=models.SET_NULL,
        verbose_name=_("partnership"),
    )
    networks = models.ManyToManyField(
        Network, blank=True, related_name="workshops", verbose_name=_("networks involved")
    )
    collaborations = models.ManyToManyField(
        "networks.Collaboration",
        blank=True,
        related_name="workshops",
        verbose_name=_("collaborations it belongs to"),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_workshops",
        verbose_name=_("organisers responsible"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=WorkshopState.choices, default=WorkshopState.DRAFT
    )
    cancellation_note = models.TextField(_("why it is cancelled"), blank=True)
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder before the workshop (hours)"),
        default=24,
        help_text=_("Confirmed participants get a reminder this many hours before the start."),
    )
    follow_up_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Stable across edits and duplicates, so calendar programs update the event they have.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [
            # The public list's two halves (selectors.workshops.UpcomingThenPast) and its
            # counts, read from the index alone: `ends_at` says which half a row is in. So are
            # the calendar feed's versions (workshops/feeds.py): from the table, 2,000 took 2 ms.
            models.Index(
                fields=["state", "starts_at", "id"],
                include=["ends_at", "updated_at", "slug", "partnership"],
                name="workshop_list_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="workshop_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class PreviousSlug(models.Model):
    """A web address a workshop had before its date moved (its slug carries the date). The
    old address keeps leading to the workshop, so links in emails already sent still work.

    Unique, and never a current workshop's slug: a new workshop's slug avoids these too."""

    workshop = models.ForeignKey(Workshop, related_name="previous_slugs", on_delete=models.CASCADE)
    slug = models.SlugField(_("web address"), max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop", "created_at", "pk"]
        verbose_name = _("previous web address")
        verbose_name_plural = _("previous web addresses")

    def __str__(self):
        return self.slug


class ProgrammeItem(models.Model):
    """One line of a workshop's timetable, in the workshop's local time (Europe/London)."""

    workshop = models.ForeignKey(Workshop, related_name="programme", on_delete=models.CASCADE)
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.TALK
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    chair = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        related_name="chaired_items",
        on_delete=models.SET_NULL,
        verbose_name=_("chair"),
    )
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="programme_items", verbose_name=_("speakers")
    )
    is_parallel = models.BooleanField(
        _("runs in parallel"),
        default=False,
        help_text=_("Tick when this item runs at the same time as another, on purpose."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "position", "starts_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="programme_item_ends_after"
            ),
        ]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


def material_upload_to(material, filename):
    # A random folder per file: names never collide and cannot be guessed from the title.
    return f"materials/{uuid.uuid4().hex}/{filename}"


class Material(models.Model):
    """A presentation, output or recording of a workshop: an uploaded file or a link."""

    workshop = models.ForeignKey(Workshop, related_name="materials", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MaterialKind.choices, default=MaterialKind.PRESENTATION
    )
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    visibility = models.CharField(
        _("who can see it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workshop", "-created_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="material_file_or_link",
            ),
        ]
        indexes = [models.Index(fields=["visibility", "-created_at"], name="material_latest_idx")]

    def __str__(self):
        return self.title

    @property
    def format_label(self) -> str:
        """The file's kind in plain words ("PDF document"), from the name it was stored with."""
        extension = self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
        kind = KINDS_BY_EXTENSION.get(extension)
        return kind.label if kind else ""


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    """A promise of a place (or of the next one free) at a workshop, for one email address."""

    workshop = models.ForeignKey(Workshop, related_name="registrations", on_delete=models.CASCADE)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="registrations",
        on_delete=models.SET_NULL,
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    # Lower-cased and trimmed: one place per address, whatever its capitals.
    email_normalised = models.EmailField(editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=PersonSector.choices, blank=True)
    networks = models.ManyToManyField(
        Network, blank=True, related_name="registrations", verbose_name=_("networks")
    )
    access_requirements = models.TextField(_("access requirements"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    how_heard = models.CharField(
        _("how you heard about the workshop"), max_length=20, choices=HowHeard.choices, blank=True
    )
    consented_at = models.DateTimeField(_("agreed to the privacy notice"))
    # A keyed hash of the connection it came from (socialjustice.ratelimits.connection_key):
    # many registrations from one connection in minutes may be made up, and organisers can
    # see and remove them together. Not the address itself.
    source = models.CharField(max_length=32, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # The private manage link: whoever has it can see, change and cancel this registration.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["workshop", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email_normalised"], name="registration_one_per_email"
            ),
        ]
        indexes = [
            models.Index(
                fields=["workshop", "status", "created_at"], name="registration_queue_idx"
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.status})"


class OrganiserMessage(models.Model):
    """An email an organiser writes to one group of a workshop's participants.

    Sending it writes one mailing (socialjustice.mailings) about this message; the emails
    themselves are outbox rows linked to it (`about=`), so their delivery states are read from
    the outbox and the mailing, never copied here.
    """

    workshop = models.ForeignKey(Workshop, related_name="messages", on_delete=models.CASCADE)
    audience = models.CharField(_("send to"), max_length=20, choices=MessageAudience.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["workshop", "-created_at", "-pk"]
        verbose_name = _("organiser's message")
        verbose_name_plural = _("organisers' messages")

    def __str__(self):
        return self.subject
