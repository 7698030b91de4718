"""Reads of workshops for their pages and lists, with what each page shows already joined."""

from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
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


class UpcomingThenPast:
    """The public list's workshops in its order (upcoming soonest first, then past ones latest
    first), for a paginator, read as two lists in the order of an index (workshop_list_idx)
    rather than all of them sorted on a `CASE` of the time: a page costs the same with 200
    workshops or 2,000.

    Each page's ids come from an index-only scan of its half, which skips the other half in
    the index alone; only the page's rows are then read. `workshops` is the filtered queryset
    (its own order is ignored)."""

    def __init__(self, workshops: QuerySet[Workshop], *, now=None):
        now = now or timezone.now()
        self._workshops = workshops.order_by()
        self._now = now
        self._counts = None

    def _tally(self) -> dict:
        if self._counts is None:
            self._counts = self._workshops.aggregate(
                total=Count("pk"), upcoming=Count("pk", filter=Q(ends_at__gte=self._now))
            )
        return self._counts

    def count(self) -> int:
        return self._tally()["total"]

    def __len__(self) -> int:
        return self.count()

    def _half(self, *, past: bool, start: int, stop: int) -> list[Workshop]:
        if stop <= start:
            return []
        order = ("-starts_at", "pk") if past else ("starts_at", "pk")
        when = Q(ends_at__lt=self._now) if past else Q(ends_at__gte=self._now)
        ids = self._workshops.filter(when).order_by(*order).values("pk")[start:stop]
        rows = Workshop.objects.filter(pk__in=ids).select_related("series").order_by(*order)
        rows = list(rows)
        for workshop in rows:
            workshop.is_past = int(past)
        return rows

    def __getitem__(self, index: slice) -> list[Workshop]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("UpcomingThenPast takes a slice of a page.")
        start, stop = index.start or 0, index.stop
        upcoming = self._tally()["upcoming"]
        stop = self.count() if stop is None else stop
        first = self._half(past=False, start=start, stop=min(stop, upcoming))
        return first + self._half(past=True, start=max(start - upcoming, 0), stop=stop - upcoming)


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
