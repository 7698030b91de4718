"""Reads of workshops for their pages and lists, with what each page shows already joined."""

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Extract
from django.utils import timezone

from ..enums import WorkshopState
from ..models import Material, ProgrammeItem, Speaker, Workshop


def _programme():
    return Prefetch(
        "programme",
        queryset=ProgrammeItem.objects.select_related("chair__affiliation").prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("affiliation"))
        ),
    )


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


def workshop_row(*, slug: str) -> Workshop:
    return Workshop.objects.get(slug=slug)


def workshop_with_organisers(*, slug: str) -> Workshop:
    """The workshop row alone, with the organisers the permission checks read."""
    return Workshop.objects.prefetch_related("organisers").get(slug=slug)


def workshop_for_managing(*, slug: str) -> Workshop:
    return (
        Workshop.objects.select_related("series", "partnership")
        .prefetch_related(_programme(), "networks", "organisers")
        .get(slug=slug)
    )


def workshop_for_calendar(*, slug: str) -> Workshop | None:
    return Workshop.objects.select_related("partnership").filter(slug=slug).first()


def workshops_managed_by(user) -> QuerySet[Workshop]:
    """The workshops on someone's organiser list: all of them for site-wide organisers, the
    ones they are named on for everyone else (the two sides of `manages_workshop`)."""
    # A count per row shown, not a join of every workshop with every programme item: the
    # paginator then counts the workshops alone (Django leaves an unused subquery out).
    items = (
        ProgrammeItem.objects.filter(workshop=OuterRef("pk"))
        .order_by()
        .values("workshop")
        .annotate(count=Count("pk"))
        .values("count")
    )
    workshops = Workshop.objects.select_related("series").annotate(
        programme_count=Coalesce(Subquery(items), 0)
    )
    if not user.has_perm("socialjustice.view_organiser_area"):
        workshops = workshops.filter(organisers=user)
    # Latest first, in the order of the index workshop_latest_idx (migration 0008).
    return workshops.order_by(F("starts_at").desc(), "pk")


def open_in_series(workshop: Workshop, *, is_open) -> list[Workshop]:
    """The other published workshops of the workshop's series for which `is_open` holds."""
    if workshop.series_id is None:
        return []
    others = (
        Workshop.objects.filter(series_id=workshop.series_id, state=WorkshopState.PUBLISHED)
        .exclude(pk=workshop.pk)
        .order_by("starts_at")
    )
    return [other for other in others if is_open(other)]
