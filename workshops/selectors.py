from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Extract
from django.utils import timezone

from .enums import RegistrationStatus, Visibility, WorkshopState
from .models import Material, ProgrammeItem, Registration, Speaker, Workshop, WorkshopSeries


def _programme():
    return Prefetch(
        "programme",
        queryset=ProgrammeItem.objects.select_related("chair__affiliation").prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("affiliation"))
        ),
    )


def waiting_queue(*, workshop_id: int) -> QuerySet[Registration]:
    """A workshop's waiting list in the order places are offered: whoever joined earlier, by
    time then by id. Promotion and every position shown to people follow this order."""
    return Registration.objects.filter(
        workshop_id=workshop_id, status=RegistrationStatus.WAITING
    ).order_by("created_at", "pk")


def listed_workshops(*, now=None) -> QuerySet[Workshop]:
    """Published workshops for the public list: upcoming first (soonest first), then past
    ones (latest first). Drafts never; cancelled ones only on their own page and feeds."""
    now = now or timezone.now()
    is_past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0))
    epoch = Extract("starts_at", "epoch")
    return (
        Workshop.objects.filter(state=WorkshopState.PUBLISHED)
        .select_related("series")
        .annotate(is_past=is_past)
        .order_by("is_past", Case(When(is_past=0, then=epoch), default=-epoch), "pk")
    )


def upcoming_workshops(*, now=None) -> QuerySet[Workshop]:
    now = now or timezone.now()
    return (
        Workshop.objects.filter(state=WorkshopState.PUBLISHED, ends_at__gte=now)
        .select_related("series")
        .order_by("starts_at", "pk")
    )


def calendar_workshops(*, now=None) -> QuerySet[Workshop]:
    """Upcoming workshops for the calendar feed, cancelled ones included so that calendar
    programs which already have them mark them cancelled."""
    now = now or timezone.now()
    return (
        Workshop.objects.filter(
            state__in=[WorkshopState.PUBLISHED, WorkshopState.CANCELLED], ends_at__gte=now
        )
        .select_related("partnership")
        .order_by("starts_at", "pk")
    )


def workshop_for_page(*, slug: str) -> Workshop:
    """One workshop with everything its page shows, in a fixed number of queries."""
    return (
        Workshop.objects.select_related("series", "partnership")
        .prefetch_related(
            _programme(),
            "networks",
            "organisers",
            Prefetch("materials", queryset=Material.objects.order_by("kind", "-created_at", "pk")),
        )
        .get(slug=slug)
    )


def workshop_with_organisers(*, slug: str) -> Workshop:
    """The workshop row alone, with the organisers the permission checks read."""
    return Workshop.objects.prefetch_related("organisers").get(slug=slug)


def workshop_for_managing(*, slug: str) -> Workshop:
    return (
        Workshop.objects.select_related("series", "partnership")
        .prefetch_related(_programme(), "networks", "organisers")
        .get(slug=slug)
    )


def workshops_managed_by(user) -> QuerySet[Workshop]:
    workshops = Workshop.objects.select_related("series").annotate(
        programme_count=Count("programme", distinct=True)
    )
    if not user.has_perm("networks.organise"):
        workshops = workshops.filter(organisers=user)
    return workshops.order_by(F("starts_at").desc(), "pk")


def public_materials() -> QuerySet[Material]:
    """Everyone's downloads: public materials of published (or cancelled) workshops."""
    return (
        Material.objects.filter(visibility=Visibility.PUBLIC)
        .exclude(workshop__state=WorkshopState.DRAFT)
        .select_related("workshop")
        # Grouped by workshop on the page: the workshop's id keeps two workshops that start
        # at the same moment from interleaving.
        .order_by("-workshop__starts_at", "workshop_id", "kind", "-created_at", "pk")
    )


def latest_public_materials(*, limit: int = 5) -> QuerySet[Material]:
    return public_materials().order_by("-created_at", "pk")[:limit]


def series_list() -> QuerySet[WorkshopSeries]:
    return WorkshopSeries.objects.annotate(workshop_count=Count("workshops")).order_by("title")


def speakers_list(*, query: str = "") -> QuerySet[Speaker]:
    speakers = Speaker.objects.select_related("affiliation").annotate(
        item_count=Count("programme_items", distinct=True) + Count("chaired_items", distinct=True)
    )
    if query:
        speakers = speakers.filter(Q(name__icontains=query) | Q(affiliation__name__icontains=query))
    return speakers.order_by("name", "pk")
