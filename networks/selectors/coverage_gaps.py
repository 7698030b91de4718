"""Where nobody is: the groups no network in a place covers, the intersections of groups,
and the nearest networks that could cover them. A fixed number of queries each."""

import operator
from functools import reduce

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, Count, F, IntegerField, OuterRef, Value, When, Window

from ..models import EqualityGroup, Network
from .coverage import (
    GroupGap,
    Intersection,
    NearNetwork,
    NetworkOrganisation,
    Place,
    covers,
    networks_in,
    serving_all,
)

NEAR = 3  # the nearest networks named
LISTED_NETWORKS = 10
LISTED_ORGANISATIONS = 20


def _elsewhere(gap_groups) -> dict:
    """For each group, up to three networks covering it anywhere (those with the most member
    organisations serving it first, then those that say they cover it), and whether there
    are more. One query."""
    by_members = (
        NetworkOrganisation.objects.filter(organisation__equality_groups=OuterRef("pk"))
        .values("network__name")
        .annotate(n=Count("organisation_id"))
        .order_by("-n", "network__name")
        .values("network__name")[: NEAR + 1]
    )
    by_declaring = (
        Network.objects.filter(equality_groups=OuterRef("pk")).order_by("name").values("name")
    )[: NEAR + 1]
    rows = (
        EqualityGroup.objects.filter(pk__in=[group.pk for group in gap_groups])
        .annotate(members=ArraySubquery(by_members), declaring=ArraySubquery(by_declaring))
        .values_list("pk", "members", "declaring")
    )
    return {pk: list(dict.fromkeys([*members, *declaring])) for pk, members, declaring in rows}


def group_gaps(place: Place, groups, covered: set, rows) -> list[GroupGap]:
    """The groups no network in the place covers, with how many organisations there serve
    each (they belong to no network, or it would cover the group) and, when a place is
    chosen, the networks covering it in other places."""
    totals = {row.group.pk: row.total for row in rows if row.group is not None}
    missing = [group for group in groups if group.pk not in covered]
    elsewhere = _elsewhere(missing) if place and missing else {}
    return [
        GroupGap(
            group=group,
            organisations=totals.get(group.pk, 0),
            elsewhere=elsewhere.get(group.pk, [])[:NEAR],
            more_elsewhere=len(elsewhere.get(group.pk, [])) > NEAR,
        )
        for group in missing
    ]


def ranked_networks(networks, place: Place, chosen, *, select: bool = False):
    """Networks with which of the chosen groups each covers (`c<pk>` 1 or 0) and how many
    (`covered`). The subqueries are uncorrelated, so the database builds each once; with
    `select` the flags are read back too (else they only filter, and are built once)."""
    flags = {
        f"c{group.pk}": Case(
            When(covers(group.pk, place), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for group in chosen
    }
    networks = networks.annotate(**flags) if select else networks.alias(**flags)
    return networks.alias(covered=reduce(operator.add, (F(name) for name in flags))).only(
        "pk", "name"
    )


def at_once(place: Place, chosen, networks) -> dict:
    """How many member organisations in the place serve all the chosen groups at once, for
    these networks: one grouped query."""
    rows = (
        NetworkOrganisation.objects.filter(
            network_id__in=[network.pk for network in networks],
            organisation_id__in=serving_all(place, chosen).values("pk"),
        )
        .values("network_id")
        .annotate(n=Count("organisation_id"))
    )
    return {row["network_id"]: row["n"] for row in rows}


def intersection(place: Place, chosen) -> Intersection:
    """Who covers all the chosen groups at once in the place: the networks (their own word,
    or their member organisations together), and the organisations serving every one; when
    no network does, the networks covering the most of them, and those covering them all in
    other places."""
    everyone = len(chosen)
    full = list(
        ranked_networks(networks_in(place), place, chosen)
        .filter(covered=everyone)
        .annotate(total=Window(Count("pk")))
        .order_by("name")[:LISTED_NETWORKS]
    )
    full_count = full[0].total if full else 0
    near, elsewhere = [], []
    if not full:
        near = list(
            ranked_networks(networks_in(place), place, chosen, select=True)
            .filter(covered__gt=0)
            .order_by("-covered", "name")[:NEAR]
        )
        if place:
            elsewhere = list(
                ranked_networks(Network.objects.all(), Place(), chosen)
                .filter(covered=everyone)
                .order_by("name")
                .values_list("name", flat=True)[:NEAR]
            )
    together = at_once(place, chosen, full + near)

    def named(network, covers):
        return NearNetwork(name=network.name, covers=covers, at_once=together.get(network.pk, 0))

    near = [
        named(network, [group for group in chosen if getattr(network, f"c{group.pk}")])
        for network in near
    ]
    full = sorted(
        (named(network, list(chosen)) for network in full), key=lambda n: (-n.at_once, n.name)
    )
    organisations = serving_all(place, chosen)
    listed = list(
        organisations.order_by("name").only("pk", "name", "slug", "region", "city", "country")[
            :LISTED_ORGANISATIONS
        ]
    )
    return Intersection(
        groups=list(chosen),
        networks=full,
        network_count=full_count,
        near=near,
        elsewhere=elsewhere,
        organisations=listed,
        organisation_count=(
            len(listed) if len(listed) < LISTED_ORGANISATIONS else organisations.count()
        ),
    )
