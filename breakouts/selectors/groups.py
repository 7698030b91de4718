"""What breakout pages read: a workshop's groups with their sizes, one group with all it
recorded, the people who may be allocated. Each page's query count stays the same whatever the
number of groups, members or entries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from contributions.enums import ContributionState
from contributions.models import Contribution
from networks.models import ActionCategory, FourR, Level, Network, Theme, User
from workshops.enums import ProgrammeKind, RegistrationStatus
from workshops.models import ProgrammeItem, Registration, Workshop

from ..models import Entry, Group, Member, Recommendation, Section

FACILITATORS = User.objects.order_by("display_name", "email")
ENTRIES = Entry.objects.select_related("organisation", "updated_by")


def breakout_items(workshop: Workshop) -> list[ProgrammeItem]:
    """The workshop's breakout items, each with its groups (sizes, access needs, facilitators)."""
    groups = (
        Group.objects.annotate(
            size=Count("members", distinct=True),
            access_needs=Count(
                "members",
                filter=~Q(members__registration__access_requirements=""),
                distinct=True,
            ),
        )
        .prefetch_related(Prefetch("facilitators", queryset=FACILITATORS))
        .order_by("position", "pk")
    )
    return list(
        ProgrammeItem.objects.filter(workshop=workshop, kind=ProgrammeKind.BREAKOUTS)
        .prefetch_related(Prefetch("breakout_groups", queryset=groups))
        .order_by("position", "starts_at", "pk")
    )


def group_for_page(pk: int) -> Group:
    """One group with its workshop, item and facilitators (Group.DoesNotExist if none)."""
    return (
        Group.objects.select_related("workshop", "item")
        .prefetch_related(Prefetch("facilitators", queryset=FACILITATORS))
        .get(pk=pk)
    )


def group_for_record(pk: int) -> Group:
    """One group with everything it recorded, for the recording page."""
    return (
        Group.objects.select_related("workshop", "item")
        .prefetch_related(
            Prefetch("facilitators", queryset=FACILITATORS),
            Prefetch("sections", queryset=Section.objects.select_related("updated_by")),
            Prefetch("entries", queryset=ENTRIES),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related(
                    "level",
                    "four_r",
                    "category",
                    "owner_network",
                    "owner_organisation",
                    "updated_by",
                ).prefetch_related("contributions"),
            ),
            Prefetch("contributions", queryset=Contribution.objects.order_by("title")),
        )
        .get(pk=pk)
    )


def contributions_to_discuss(workshop: Workshop) -> QuerySet[Contribution]:
    """The accepted contributions of the workshop's calls (its own and its series')."""
    calls = Q(call__workshop=workshop)
    if workshop.series_id:
        calls |= Q(call__series_id=workshop.series_id)
    return Contribution.objects.filter(calls, state=ContributionState.ACCEPTED).order_by("title")


def allocatable(group: Group) -> list[Registration]:
    """The workshop's confirmed registrations, each with the group of this item it is in."""
    members = Member.objects.filter(item_id=group.item_id).select_related("group")
    return list(
        Registration.objects.filter(
            workshop_id=group.workshop_id, status=RegistrationStatus.CONFIRMED
        )
        .prefetch_related(Prefetch("breakout_memberships", queryset=members))
        .order_by("name", "pk")
    )


def groups_of_facilitator(user) -> QuerySet[Group]:
    return (
        Group.objects.filter(facilitators=user)
        .select_related("workshop", "item")
        .order_by("-workshop__starts_at", "position", "pk")
    )


def plenary_groups(workshop: Workshop) -> list[Group]:
    """The workshop's groups in programme order, each with its recommendations."""
    return list(
        Group.objects.filter(workshop=workshop)
        .select_related("item")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(merged_into=None).select_related(
                    "level", "four_r"
                ),
            )
        )
        .order_by("item__position", "item__starts_at", "position", "pk")
    )


def choices_for_recording() -> dict:
    """The lists a recording page offers: levels, themes, the 4Rs, categories and networks
    (organisations are typed, with suggestions: there are too many to list)."""
    return {
        "levels": list(Level.objects.order_by("position", "name")),
        "themes": list(Theme.objects.order_by("position", "name")),
        "four_rs": list(FourR.objects.order_by("position", "name")),
        "categories": list(ActionCategory.objects.order_by("position", "name")),
        "networks": list(Network.objects.order_by("name").only("pk", "name")),
    }


def groups_for_registration(registration: Registration) -> list[dict]:
    """For a registration's own page: each breakout item of its workshop with the group the
    person is in and the groups they may choose (each with its size)."""
    groups = list(
        Group.objects.filter(workshop_id=registration.workshop_id)
        .select_related("item")
        .annotate(size=Count("members"))
        .order_by("item__starts_at", "item__position", "position", "pk")
    )
    mine = set(Member.objects.filter(registration=registration).values_list("group_id", flat=True))
    items = {}
    for group in groups:
        entry = items.setdefault(group.item_id, {"item": group.item, "mine": None, "open": []})
        if group.pk in mine:
            entry["mine"] = group
        if group.open_to_choose:
            entry["open"].append(group)
    return [entry for entry in items.values() if entry["mine"] or entry["open"]]
