"""Reads of the directory: the lists of networks and organisations (searched and filtered),
and the pages of a partnership, a network and an organisation, each in a fixed number of
queries whatever the data.

Organisations' contacts are for organisers only: every read here leaves them out unless the
caller asks for them (`with_contact`), so no public page or cached fragment can hold them.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import (
    EqualityGroup,
    Membership,
    Network,
    Organisation,
    Partnership,
    Sector,
    User,
)

CONTACT = ("contact_name", "contact_email")
# A network's page names this many of its members; the count says how many there are.
MEMBERS_SHOWN = 60


@dataclass(frozen=True)
class Filters:
    """What a visitor chose, checked by forms/directory.py: words, slugs and a place."""

    q: str = ""
    sector: str = ""
    group: str = ""
    place: str = ""  # a region, or a town or city
    kind: str = ""  # organisations only
    research_site: bool = False  # organisations only
    nothing: bool = False  # a choice not on offer: no results


def _public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.defer(*CONTACT)


def _places(model) -> list[str]:
    """The regions and towns or cities the directory's rows name, once each, in order."""
    # One pass over the table: its few (region, town or city) pairs, once each.
    pairs = model.objects.order_by().values_list("region", "city").distinct()
    found = {place.strip(): None for pair in pairs for place in pair if place.strip()}
    return sorted(found, key=str.casefold)


def filter_choices(model) -> dict:
    """What the filters of `model`'s list offer: three queries, whatever is chosen."""
    return {
        "sectors": list(Sector.objects.order_by("position", "name").values_list("slug", "name")),
        "groups": list(
            EqualityGroup.objects.order_by("position", "name").values_list("slug", "name")
        ),
        "places": _places(model),
    }


def _narrowed(rows: QuerySet, filters: Filters, *, words: tuple[str, ...]) -> QuerySet:
    if filters.nothing:
        return rows.none()
    if filters.q:
        found = Q()
        for field in words:
            found |= Q(**{f"{field}__icontains": filters.q})
        rows = rows.filter(found)
    # A slug names one term, so neither join can repeat a row.
    if filters.sector:
        rows = rows.filter(sectors__slug=filters.sector)
    if filters.group:
        rows = rows.filter(equality_groups__slug=filters.group)
    if filters.place:
        rows = rows.filter(Q(region__iexact=filters.place) | Q(city__iexact=filters.place))
    return rows


def search_networks(filters: Filters) -> QuerySet[Network]:
    """The networks matching the filters, by name, with what each card shows."""
    rows = _narrowed(Network.objects.all(), filters, words=("name", "short_name", "description"))
    return rows.select_related("partnership").prefetch_related("sectors", "equality_groups")


def search_organisations(filters: Filters) -> QuerySet[Organisation]:
    """The organisations matching the filters, by name, never with their contacts."""
    rows = _narrowed(_public_organisations(), filters, words=("name", "description"))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.research_site:
        rows = rows.filter(research_site=True)
    return rows.prefetch_related("sectors", "equality_groups")


def _named_networks():
    return Prefetch(
        "networks", queryset=Network.objects.order_by("name").only("pk", "name", "slug")
    )


def partnership_for_page(*, slug: str) -> Partnership:
    return Partnership.objects.prefetch_related(
        Prefetch(
            "networks",
            queryset=Network.objects.order_by("name").prefetch_related(
                "sectors", "equality_groups"
            ),
        )
    ).get(slug=slug)


def network_for_page(*, slug: str) -> Network:
    """A network with everything its page shows but its members (`members_of`)."""
    return (
        Network.objects.select_related("partnership")
        .annotate(member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .prefetch_related(
            "sectors",
            "equality_groups",
            Prefetch(
                "organisations",
                queryset=_public_organisations().order_by("name").only("pk", "name", "slug"),
            ),
            Prefetch(
                "coordinators",
                queryset=User.objects.order_by("display_name", "pk").only("pk", "display_name"),
            ),
        )
        .get(slug=slug)
    )


def members_of(network: Network, *, limit: int = MEMBERS_SHOWN) -> list[str]:
    """The names the network's current members chose to show (never their email
    addresses), by name; members without a name are counted, not listed."""
    return list(
        Membership.objects.filter(network=network, left_at__isnull=True)
        .exclude(person__display_name="")
        .order_by("person__display_name", "pk")
        .values_list("person__display_name", flat=True)[:limit]
    )


def organisation_for_page(*, slug: str, with_contact: bool = False) -> Organisation:
    rows = Organisation.objects.all() if with_contact else _public_organisations()
    return rows.prefetch_related("sectors", "equality_groups", _named_networks()).get(slug=slug)
