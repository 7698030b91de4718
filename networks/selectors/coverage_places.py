"""Where the coverage map looks: a place (a region or nation, a town or city), the places the
directory names, for the place filter and for places as the map's columns.

The directory's organisations and networks name a few dozen places between them, however many
organisations there are: they are read once, as the distinct (country, region, town or city)
of each table in one query, and every list of places is made from those few rows, where each
list took a pass over every organisation of its own.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Q, Value

from ..models import Network, Organisation

MAX_REGIONS = 200
MAX_CITIES = 300


def _same(first: str, second: str) -> bool:
    return first.upper() == second.upper()  # as `iexact` compares them in the database


@dataclass(frozen=True)
class Place:
    """Where to look: a region (or a nation: Scotland, Wales), a town or city, both or
    neither (anywhere)."""

    region: str = ""
    city: str = ""

    def __bool__(self):
        return bool(self.region or self.city)

    @property
    def label(self) -> str:
        return self.city or self.region

    def q(self, prefix: str = "") -> Q:
        """The rows (organisations or networks, through `prefix`) in this place."""
        q = Q()
        if self.region:
            q &= Q(**{f"{prefix}region__iexact": self.region}) | Q(
                **{f"{prefix}country__iexact": self.region}
            )
        if self.city:
            q &= Q(**{f"{prefix}city__iexact": self.city})
        return q

    def has(self, row: tuple) -> bool:
        """Whether a (country, region, town or city, …) row is in this place, as `q` says."""
        country, region, city = row[:3]
        if self.region and not (_same(region, self.region) or _same(country, self.region)):
            return False
        return not self.city or _same(city, self.city)


def place_rows() -> list[tuple[str, str, str, bool]]:
    """Each (country, region, town or city) the directory names, once, and whether an
    organisation names it (or only a network). One query."""

    def named(model, by_organisation: bool):
        return (
            model.objects.order_by()
            .annotate(by_organisation=Value(by_organisation, output_field=BooleanField()))
            .values_list("country", "region", "city", "by_organisation")
            .distinct()
        )

    return list(named(Organisation, True).union(named(Network, False)))


def _sorted(names) -> list[str]:
    return sorted({name for name in names if name}, key=str.casefold)


def known_places(region: str = "", rows=None) -> tuple[list[str], list[str]]:
    """The regions and nations of the directory (organisations' and networks'), and its towns
    and cities (organisations', of the region when one is chosen), for the place filter."""
    rows = place_rows() if rows is None else rows
    regions = _sorted(name for row in rows for name in row[:2])
    wanted = Place(region=region)
    cities = _sorted(row[2] for row in rows if row[3] and wanted.has(row))
    return regions[:MAX_REGIONS], cities[:MAX_CITIES]


def place_field(place: Place) -> str:
    """Places as columns: regions, or the towns and cities of the region chosen."""
    return "city" if place else "region"


def place_columns(place: Place, rows=None) -> list[str]:
    """The places the map's columns are: the regions of the organisations, or, in a place,
    its organisations' towns and cities."""
    rows = place_rows() if rows is None else rows
    index = 2 if place_field(place) == "city" else 1
    return _sorted(row[index] for row in rows if row[3] and place.has(row))


def as_known(name: str, known: list[str]) -> str:
    """A place as the directory spells it ("scotland" is Scotland), to say it back."""
    return next((each for each in known if each.casefold() == name.casefold()), name)
