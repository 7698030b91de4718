"""The coverage map: which equality groups each network, sector and place covers, and where
nobody does.

An organisation covers a cell when it serves the row's equality group and belongs to the
column's network (works in its sector, is in its place). A network covers a group when it says
so itself (`Network.equality_groups`) or when one of its member organisations in the chosen
place serves the group. A network counts in a place when it is based there or has member
organisations there.

Everything is counted by grouped queries in the database: the number of queries is the same
for ten organisations or twenty thousand, and the columns come thirty at a time.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ..models import EqualityGroup, Network, Organisation, Sector
from .coverage_places import Place, as_known, known_places, place_columns, place_field, place_rows

COLUMNS_PER_PAGE = 30
MAX_GROUPS = 5
MODES = ("networks", "sectors", "places")

NetworkOrganisation = Network.organisations.through
NetworkGroup = Network.equality_groups.through
OrganisationGroup = Organisation.equality_groups.through


@dataclass(frozen=True)
class CoverageFilters:
    """What a visitor asked to see (checked by forms.coverage.coverage_filters)."""

    columns: str = "networks"
    groups: tuple[str, ...] = ()  # slugs of the groups to see together
    region: str = ""
    city: str = ""
    page: int = 1

    @property
    def place(self) -> Place:
        return Place(region=self.region, city=self.city)


@dataclass(frozen=True)
class Column:
    key: object  # a network's or sector's pk, or a place's name
    label: str
    slug: str = ""  # a network's, for a link to its page


@dataclass
class Cell:
    count: int
    declared: bool = False  # the column's network says it covers the group itself

    @property
    def gap(self) -> bool:
        return not self.count and not self.declared


@dataclass
class Row:
    label: str
    total: int  # organisations in the place serving the group, in any column
    cells: list[Cell]
    group: EqualityGroup | None = None  # None for the intersection's row

    @property
    def is_intersection(self) -> bool:
        return self.group is None


@dataclass
class Matrix:
    mode: str
    columns: list[Column]
    rows: list[Row]
    page: object  # the Paginator page of the columns


@dataclass
class GroupGap:
    """A group no network in the place covers."""

    group: EqualityGroup
    organisations: int  # organisations in the place serving it (in no network, then)
    elsewhere: list[str] = field(default_factory=list)  # networks covering it in other places
    more_elsewhere: bool = False  # and others besides those named


@dataclass
class NearNetwork:
    name: str
    covers: list[EqualityGroup]  # which of the chosen groups it covers
    at_once: int  # member organisations in the place serving all the chosen groups


@dataclass
class Intersection:
    groups: list[EqualityGroup]
    networks: list[NearNetwork]  # covering them all, best first (up to ten)
    network_count: int
    near: list[NearNetwork]  # covering the most of them, when none covers all
    elsewhere: list[str]  # covering them all in other places, when none does here
    organisations: list[Organisation]  # serving all at once (up to twenty)
    organisation_count: int

    @property
    def label(self) -> str:
        return " + ".join(group.name for group in self.groups)


@dataclass
class CoverageMap:
    filters: CoverageFilters
    place: Place
    groups: list[EqualityGroup]
    chosen: list[EqualityGroup]
    matrix: Matrix
    gaps: list[GroupGap]
    covered: set  # the pks of the groups some network in the place covers
    intersection: Intersection | None
    regions: list[str]
    cities: list[str]


# The rows in a place


def networks_in(place: Place) -> QuerySet[Network]:
    """Networks based in the place or with member organisations there (all, with no place)."""
    if not place:
        return Network.objects.all()
    members_here = NetworkOrganisation.objects.filter(place.q("organisation__")).values(
        "network_id"
    )
    return Network.objects.filter(place.q() | Q(pk__in=members_here))


def serving_all(place: Place, groups) -> QuerySet[Organisation]:
    """Organisations in the place serving every one of these groups (an intersection).
    Counted in the table of groups served alone, so the organisations' rows are read only
    for those that serve them all."""
    pks = [group.pk for group in groups]
    serving = (
        OrganisationGroup.objects.filter(equalitygroup_id__in=pks)
        .values("organisation_id")
        .annotate(served=Count("equalitygroup_id"))
        .filter(served=len(pks))
        .values("organisation_id")
    )
    return Organisation.objects.filter(place.q(), pk__in=serving)


def _declares(group_pk) -> QuerySet:
    return NetworkGroup.objects.filter(equalitygroup_id=group_pk).values("network_id")


def _members_serve(group_pk, place: Place) -> QuerySet:
    # The two link tables joined on the organisation, without reading its row (unless the
    # place needs it).
    serving = OrganisationGroup.objects.filter(place.q("organisation__"), equalitygroup_id=group_pk)
    return NetworkOrganisation.objects.filter(
        organisation_id__in=serving.values("organisation_id")
    ).values("network_id")


def covers(group_pk, place: Place) -> Q:
    """Networks covering the group: declared, or through a member organisation in the place.
    Both subqueries are uncorrelated, so the database builds each once."""
    return Q(pk__in=_declares(group_pk)) | Q(pk__in=_members_serve(group_pk, place))


def groups_covered(place: Place, groups) -> set:
    """The groups at least one network in the place covers: one query, each group's two
    tests stopping at the first network found."""
    through_a_member = NetworkOrganisation.objects.filter(
        place.q("organisation__"), organisation__equality_groups=OuterRef("pk")
    )
    declared = NetworkGroup.objects.filter(
        equalitygroup_id=OuterRef("pk"), network__in=networks_in(place)
    )
    return set(
        EqualityGroup.objects.filter(pk__in=[group.pk for group in groups])
        .filter(Exists(through_a_member) | Exists(declared))
        .values_list("pk", flat=True)
    )


# The columns


def column_source(mode: str, place: Place, places=None):
    """What the columns are; `places`, the directory's place rows when they are read already."""
    if mode == "sectors":
        return Sector.objects.order_by("position", "name").only("pk", "name")
    if mode == "places":
        return place_columns(place, places)
    return networks_in(place).order_by("name").only("pk", "name", "slug")


def as_columns(mode: str, items) -> list[Column]:
    if mode == "places":
        return [Column(key=name, label=name) for name in items]
    if mode == "networks":
        return [Column(key=item.pk, label=item.name, slug=item.slug) for item in items]
    return [Column(key=item.pk, label=item.name) for item in items]


def _path(mode: str, place: Place) -> str:
    """From an organisation to the column it is counted in."""
    return {"networks": "networks", "sectors": "sectors"}.get(mode) or place_field(place)


def cells(mode: str, place: Place, columns: list[Column]) -> dict:
    """Organisations serving each group in each column: {(group pk, column key): count}."""
    path = f"organisation__{_path(mode, place)}"
    rows = (
        OrganisationGroup.objects.filter(place.q("organisation__"))
        .filter(**{f"{path}__in": [column.key for column in columns]})
        .values("equalitygroup_id", path)
        .annotate(n=Count("organisation_id"))
    )
    return {(row["equalitygroup_id"], row[path]): row["n"] for row in rows}


def intersection_cells(mode: str, place: Place, chosen, columns: list[Column]) -> dict:
    """Organisations serving all the chosen groups at once, in each column."""
    path = _path(mode, place)
    rows = (
        serving_all(place, chosen)
        .filter(**{f"{path}__in": [column.key for column in columns]})
        .values(path)
        .annotate(n=Count("pk"))
    )
    return {row[path]: row["n"] for row in rows}


def declared(mode: str, columns: list[Column]) -> set:
    """(group pk, network pk) for what the column networks say they cover themselves."""
    if mode != "networks" or not columns:
        return set()
    return set(
        NetworkGroup.objects.filter(network_id__in=[column.key for column in columns]).values_list(
            "equalitygroup_id", "network_id"
        )
    )


def totals(place: Place) -> dict:
    """Organisations in the place serving each group."""
    rows = (
        OrganisationGroup.objects.filter(place.q("organisation__"))
        .values("equalitygroup_id")
        .annotate(n=Count("organisation_id"))
    )
    return {row["equalitygroup_id"]: row["n"] for row in rows}


def build_rows(mode, place, groups, chosen, columns, *, at_once_total=0) -> list[Row]:
    """The matrix's rows: the intersection first (when two or more groups are chosen), then
    each group. Three to five grouped queries, whatever the size of the directory."""
    counts = cells(mode, place, columns)
    marks = declared(mode, columns)
    group_totals = totals(place)
    keys = [column.key for column in columns]
    rows = []
    if len(chosen) > 1:
        together = intersection_cells(mode, place, chosen, columns)
        chosen_pks = {group.pk for group in chosen}
        rows.append(
            Row(
                label=" + ".join(group.name for group in chosen),
                total=at_once_total,
                cells=[
                    Cell(
                        count=together.get(key, 0),
                        declared=all((pk, key) in marks for pk in chosen_pks),
                    )
                    for key in keys
                ],
            )
        )
    for group in groups:
        rows.append(
            Row(
                label=group.name,
                group=group,
                total=group_totals.get(group.pk, 0),
                cells=[
                    Cell(count=counts.get((group.pk, key), 0), declared=(group.pk, key) in marks)
                    for key in keys
                ],
            )
        )
    return rows


def matrix(
    filters: CoverageFilters, place: Place, groups, chosen, *, at_once_total=0, places=None
) -> Matrix:
    source = column_source(filters.columns, place, places)
    page = Paginator(source, COLUMNS_PER_PAGE).get_page(filters.page)
    columns = as_columns(filters.columns, page.object_list)
    rows = build_rows(filters.columns, place, groups, chosen, columns, at_once_total=at_once_total)
    return Matrix(mode=filters.columns, columns=columns, rows=rows, page=page)


def coverage_map(filters: CoverageFilters) -> CoverageMap:
    """Everything the coverage page shows, in a fixed number of queries."""
    from .coverage_gaps import group_gaps, intersection

    places = place_rows()
    regions, cities = known_places(filters.region, places)
    place = Place(region=as_known(filters.region, regions), city=as_known(filters.city, cities))
    groups = list(EqualityGroup.objects.order_by("position", "name"))
    chosen = [group for group in groups if group.slug in filters.groups]
    found = intersection(place, chosen) if len(chosen) > 1 else None
    covered = groups_covered(place, groups)
    at_once_total = found.organisation_count if found else 0
    grid = matrix(filters, place, groups, chosen, at_once_total=at_once_total, places=places)
    return CoverageMap(
        filters=filters,
        place=place,
        groups=groups,
        chosen=chosen,
        matrix=grid,
        gaps=group_gaps(place, groups, covered, grid.rows),
        covered=covered,
        intersection=found,
        regions=regions,
        cities=cities,
    )
