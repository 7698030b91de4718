"""Reads of stakeholder lists: the lists, one list's organisations, and what the list still
lacks compared with the coverage map, with organisations from the directory to fill it."""

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from ..enums import InvitationState
from ..models import EqualityGroup, Organisation, Stakeholder, StakeholderList
from .coverage import Place, serving_all

SUGGESTIONS = 3
SIMILAR_NAMES = 10


def stakeholder_lists() -> QuerySet[StakeholderList]:
    return (
        StakeholderList.objects.annotate(
            organisation_count=Count("stakeholders"),
            taking_part=Count(
                "stakeholders", filter=Q(stakeholders__state=InvitationState.ACCEPTED)
            ),
        )
        .prefetch_related(
            Prefetch("equality_groups", queryset=EqualityGroup.objects.order_by("position", "name"))
        )
        .order_by("title", "pk")
    )


def stakeholder_list_for_page(*, slug: str) -> StakeholderList:
    return (
        StakeholderList.objects.select_related("created_by")
        .prefetch_related(
            Prefetch("equality_groups", queryset=EqualityGroup.objects.order_by("position", "name"))
        )
        .get(slug=slug)
    )


def stakeholders_of(stakeholder_list: StakeholderList) -> QuerySet[Stakeholder]:
    return (
        Stakeholder.objects.filter(stakeholder_list=stakeholder_list)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "organisation__equality_groups",
                queryset=EqualityGroup.objects.order_by("position", "name"),
            )
        )
        .order_by("organisation__name", "pk")
    )


def organisation_by_name(name: str) -> tuple[Organisation | None, list[Organisation]]:
    """The directory's organisation with this name (any letter case), or, when there is none,
    up to ten whose names contain the words typed."""
    name = " ".join(name.split())
    if not name:
        return None, []
    exact = Organisation.objects.filter(name__iexact=name).first()
    if exact is not None:
        return exact, []
    return None, list(
        Organisation.objects.filter(name__icontains=name)
        .order_by("name")
        .only("pk", "name", "region", "city", "country")[:SIMILAR_NAMES]
    )


@dataclass
class Reach:
    """How well the list reaches one group (or several at once)."""

    label: str
    on_list: int  # organisations on the list serving it, leaving out those that declined
    in_region: int  # organisations in the directory serving it, in the list's region
    anywhere: int  # organisations in the directory serving it
    wanted: bool = False  # one of the groups the list should reach
    group: EqualityGroup | None = None
    suggestions: list[Organisation] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.on_list


@dataclass
class ListGaps:
    groups: list[Reach]  # the groups it should reach first, then the others
    intersection: Reach | None  # all the groups it should reach, at once (two or more)

    @property
    def missing(self) -> list[Reach]:
        together = [self.intersection] if self.intersection and self.intersection.missing else []
        return together + [reach for reach in self.groups if reach.missing]


def _listed(stakeholder_list, *, counting=True) -> QuerySet:
    """The list's organisations: those that count towards reaching a group (all but the ones
    that declined), or all of them (not to be suggested again)."""
    entries = Stakeholder.objects.filter(stakeholder_list=stakeholder_list)
    if counting:
        entries = entries.exclude(state=InvitationState.DECLINED)
    return entries.values("organisation_id")


def _nearest_first(organisations: QuerySet, region: str) -> QuerySet:
    """Those in the list's region (or nation) first, then by name."""
    if not region:
        return organisations.order_by("name")
    away = Case(
        When(Place(region=region).q(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return organisations.annotate(away=away).order_by("away", "name")


def list_gaps(stakeholder_list: StakeholderList) -> ListGaps:
    """Which groups (and which intersection of the groups it should reach) the list lacks,
    how the directory covers each, and organisations to add: in the list's region first.
    Five queries, whatever the size of the list or the directory."""
    region = stakeholder_list.region
    wanted = list(stakeholder_list.equality_groups.all())
    wanted_pks = {group.pk for group in wanted}
    on_list = _listed(stakeholder_list)
    groups = EqualityGroup.objects.annotate(
        on_list=Count("organisations", filter=Q(organisations__in=on_list)),
        in_region=Count("organisations", filter=Place(region=region).q("organisations__"))
        if region
        else Count("organisations"),
        anywhere=Count("organisations"),
    ).order_by("position", "name")
    reaches = [
        Reach(
            label=group.name,
            group=group,
            on_list=group.on_list,
            in_region=group.in_region,
            anywhere=group.anywhere,
            wanted=group.pk in wanted_pks,
        )
        for group in groups
    ]
    reaches.sort(key=lambda reach: not reach.wanted)
    intersection = _intersection(stakeholder_list, wanted, region) if len(wanted) > 1 else None
    _suggest(stakeholder_list, [reach for reach in reaches if reach.missing], region)
    return ListGaps(groups=reaches, intersection=intersection)


def _intersection(stakeholder_list, wanted, region) -> Reach:
    everyone = serving_all(Place(), wanted)
    counts = everyone.aggregate(
        on_list=Count("pk", filter=Q(pk__in=_listed(stakeholder_list))),
        in_region=Count("pk", filter=Place(region=region).q()) if region else Count("pk"),
        anywhere=Count("pk"),
    )
    reach = Reach(label=" + ".join(group.name for group in wanted), wanted=True, **counts)
    if reach.missing:
        reach.suggestions = list(
            _nearest_first(
                everyone.exclude(pk__in=_listed(stakeholder_list, counting=False)), region
            ).only("pk", "name", "region", "city", "country")[:SUGGESTIONS]
        )
    return reach


def _suggest(stakeholder_list, missing: list[Reach], region: str) -> None:
    """Up to three organisations for each missing group, none of them on the list yet: two
    queries for all the groups together."""
    if not missing:
        return
    candidates = _nearest_first(
        Organisation.objects.filter(equality_groups=OuterRef("pk")).exclude(
            pk__in=_listed(stakeholder_list, counting=False)
        ),
        region,
    ).values("pk")[:SUGGESTIONS]
    chosen = dict(
        EqualityGroup.objects.filter(pk__in=[reach.group.pk for reach in missing])
        .annotate(suggested=ArraySubquery(candidates))
        .values_list("pk", "suggested")
    )
    wanted = {pk for pks in chosen.values() for pk in pks}
    found = Organisation.objects.filter(pk__in=wanted).only(
        "pk", "name", "region", "city", "country"
    )
    by_pk = {organisation.pk: organisation for organisation in found}
    for reach in missing:
        reach.suggestions = [by_pk[pk] for pk in chosen.get(reach.group.pk, []) if pk in by_pk]
