"""Reads of calls: the open ones for the pages that show them, and the organisers' lists."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from workshops.models import Workshop

from ..enums import ContributionState
from ..models import Call


def open_calls(*, now=None) -> QuerySet[Call]:
    now = now or timezone.now()
    return (
        Call.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("workshop", "series")
        .order_by("closes_at", "pk")
    )


def open_calls_for(workshop: Workshop, *, now=None) -> list[Call]:
    """The open calls of a workshop and of its series."""
    condition = Q(workshop=workshop)
    if workshop.series_id:
        condition |= Q(series_id=workshop.series_id)
    return list(open_calls(now=now).filter(condition))


def call_for_page(*, slug: str) -> Call:
    return Call.objects.select_related("workshop", "series").get(slug=slug)


def calls_managed_by(user) -> QuerySet[Call]:
    """The calls on an organiser's list, with how many contributions wait for a decision:
    every call for site-wide organisers, those of the workshops they organise otherwise."""
    calls = Call.objects.select_related("workshop", "series").annotate(
        waiting=Count("contributions", filter=Q(contributions__state=ContributionState.SUBMITTED)),
        sent=Count("contributions", filter=~Q(contributions__state=ContributionState.DRAFT)),
    )
    if not user.has_perm("socialjustice.view_organiser_area"):
        calls = calls.filter(Q(workshop__organisers=user) | Q(series__organisers=user)).distinct()
    return calls.order_by("-closes_at", "pk")


def workshops_for_calls(user) -> QuerySet[Workshop]:
    workshops = Workshop.objects.order_by("-starts_at")
    if not user.has_perm("socialjustice.view_organiser_area"):
        workshops = workshops.filter(organisers=user)
    return workshops


def organiser_pks(call: Call) -> tuple[int, ...]:
    """Who organises the call: its workshop's organisers, or its series'."""
    organisers = call.workshop.organisers if call.workshop_id else call.series.organisers
    return tuple(organisers.values_list("pk", flat=True))
