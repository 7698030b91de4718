"""The public collection: search, facets and their counts, an intersection of groups.

Every read starts from `public_contributions` (selectors/contributions.py), so nothing that is
not public can reach a result, a count or a facet.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    F,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Level, Sector
from workshops.models import Workshop

from ..enums import Effect
from ..models import Call, Contribution
from .contributions import public_contributions

MARK_START, MARK_STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Filters:
    """What a visitor chose: all in the address, checked by forms/search.py."""

    q: str = ""
    groups: tuple[str, ...] = ()  # slugs; two or more is an intersection
    sector: str = ""
    effect: str = ""
    covid: str = ""  # "yes", "no" or ""
    level: str = ""
    workshop: str = ""
    country: str = ""


@dataclass
class Choice:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice] = field(default_factory=list)


@dataclass(frozen=True)
class Chosen:
    """The ids of the groups, sector and level chosen, looked up by their slugs once: the
    planner estimates a filter on an id from its statistics, not on a slug through a join."""

    groups: tuple[int, ...] = ()
    sector: int | None = None
    level: int | None = None
    unknown: bool = False  # a slug that names nothing: no results


def _chosen(filters: Filters) -> Chosen:
    """One query, whatever is chosen (so the page's query count never depends on it). Written
    out: built by the ORM, the union of three took longer to put together than to run."""
    tables = [
        (facet, vocabulary._meta.db_table)
        for facet, vocabulary in (("groups", EqualityGroup), ("sector", Sector), ("level", Level))
    ]
    sql = " UNION ALL ".join(
        # Only the portal's own table names go in; the slugs are parameters.
        f"SELECT '{facet}', slug, id FROM {table} WHERE slug = ANY(%s)"  # noqa: S608
        for facet, table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(filters.groups), [filters.sector], [filters.level]])
        found = {(kind, slug): pk for kind, slug, pk in cursor.fetchall()}
    groups = tuple(found.get(("groups", slug)) for slug in filters.groups)
    sector = found.get(("sector", filters.sector)) if filters.sector else None
    level = found.get(("level", filters.level)) if filters.level else None
    unknown = (
        None in groups or (filters.sector and sector is None) or (filters.level and level is None)
    )
    return Chosen(groups=groups, sector=sector, level=level, unknown=bool(unknown))


def _ids(column: str) -> RawSQL:
    """One of the arrays of ids each contribution keeps of its groups, sectors and levels
    (kept by the database: migration 0003), which no model field names."""
    table = Contribution._meta.db_table
    # Only the portal's own table and column names go in.
    return RawSQL(f'"{table}"."{column}"', (), output_field=ArrayField(BigIntegerField()))  # noqa: S611


def _naming(column: str, pks) -> RawSQL:
    """Contributions naming every one of these groups, sectors or levels: answered from the
    arrays' GIN index, without reading the link tables."""
    table = Contribution._meta.db_table
    # The portal's own names; the ids are a parameter.
    return RawSQL(  # noqa: S611
        f'"{table}"."{column}" @> %s::bigint[]', (list(pks),), output_field=BooleanField()
    )


def _shared(filters: Filters, chosen: Chosen) -> QuerySet[Contribution]:
    """What every facet's count shares: public, the words searched for, the groups chosen
    (a contribution must name every one)."""
    contributions = public_contributions()
    if chosen.unknown:
        return contributions.none()
    if chosen.groups:
        contributions = contributions.filter(_naming("group_ids", chosen.groups))
    if filters.q:
        contributions = contributions.filter(search_vector=_queries(filters.q)[1])
    return contributions


def _filtered(filters: Filters, chosen: Chosen) -> QuerySet[Contribution]:
    contributions = _shared(filters, chosen)
    if chosen.sector:
        contributions = contributions.filter(_naming("sector_ids", [chosen.sector]))
    if chosen.level:
        contributions = contributions.filter(_naming("level_ids", [chosen.level]))
    if filters.effect:
        contributions = contributions.filter(effect=filters.effect)
    if filters.covid:
        contributions = contributions.filter(covid=filters.covid == "yes")
    if filters.workshop:
        contributions = contributions.filter(call__workshop__slug=filters.workshop)
    if filters.country:
        contributions = contributions.filter(country__iexact=filters.country)
    return contributions


WORD_OR_PHRASE = re.compile(r'"[^"]*"|\S+')


def _websearch(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def _queries(q: str) -> tuple[SearchQuery, SearchQuery]:
    """Two readings of what a visitor typed, as Postgres' web search reads it ("a phrase"
    kept together, -word left out): `every` word, and `some` of them. A search finds what has
    some of the words, and lists what has every word first: "lockdown older" finds an example
    that mentions only "older" too, after those about both."""
    wanted, unwanted = [], []
    for token in WORD_OR_PHRASE.findall(q):
        if token.startswith("-") and len(token) > 1:
            unwanted.append(token)
        elif token.lower() != "or":
            wanted.append(token)
    every = _websearch(q)
    if not wanted:
        return every, every
    some = _websearch(" or ".join(wanted))
    if unwanted:
        some &= _websearch(" ".join(unwanted))
    return every, some


def _in_order(contributions: QuerySet[Contribution], q: str) -> QuerySet[Contribution]:
    """The collection's order: when searching, those with every word first, then by rank;
    the newest first otherwise, and among equals."""
    if not q:
        return contributions.order_by("-submitted_at", "-pk")
    every, some = _queries(q)
    return contributions.annotate(
        every_word=Case(When(search_vector=every, then=Value(1)), default=Value(0)),
        rank=SearchRank(F("search_vector"), some),
    ).order_by("-every_word", "-rank", "-submitted_at", "-pk")


class Results:
    """The matching contributions, counted once and fetched a page at a time: a page's ids
    in a narrow query (ranked when searching: those with every word first), then those rows
    with what the page shows (the matching words highlighted in `title_headline` and
    `headline`, the groups' names). A Paginator takes it as its list.

    Two statements, not one with the ids as a subquery: the filters name the table itself
    (`_naming`), which inside a subquery would mean the outer query's row."""

    ordered = True  # by rank or by date, always

    def __init__(self, filters: Filters, chosen: Chosen, total: int):
        self.filters, self.total = filters, total
        self.ids = _in_order(_filtered(filters, chosen), filters.q).values_list("pk", flat=True)

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, part):
        ids = list(self.ids[part])
        if not ids:
            return []
        rows = (
            Contribution.objects.filter(pk__in=ids)
            .only("pk", "title", "summary", "effect", "covid")
            .annotate(group_names=_group_names())
        )
        if self.filters.q:
            some = _queries(self.filters.q)[1]
            # Marks no text can contain: the template escapes the rest, then makes these the
            # <mark> tags (templatetags/contribution_filters.py).
            marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "highlight_all": True}
            rows = rows.annotate(
                title_headline=SearchHeadline("title", some, config="english", **marks),
                headline=SearchHeadline("summary", some, config="english", **marks),
            )
        by_id = {row.pk: row for row in rows.order_by()}
        effects = {value: str(label) for value, label in Effect.choices}
        covid = gettext("COVID-19")
        for row in by_id.values():
            # What the result's line of labels shows: its groups, effect and COVID-19.
            row.labels = list(row.group_names)
            if row.effect in effects:
                row.labels.append(effects[row.effect])
            if row.covid:
                row.labels.append(covid)
        return [by_id[pk] for pk in ids]


def _group_names() -> RawSQL:
    """The names of a contribution's groups, in the vocabulary's order, from the ids on its
    row."""
    table, groups = Contribution._meta.db_table, EqualityGroup._meta.db_table
    # Only the portal's own table names go in.
    return RawSQL(  # noqa: S611
        f'ARRAY(SELECT g.name FROM {groups} g WHERE g.id = ANY("{table}"."group_ids") '  # noqa: S608
        "ORDER BY g.position, g.name)",
        (),
        output_field=ArrayField(CharField()),
    )


def browse(filters: Filters) -> tuple[Results, list[Facet]]:
    """The collection: its results and its facets, from two queries before the page's own.

    Each facet's choices carry the number of results each one's link gives. A group's link
    adds it to those chosen (an intersection), so groups are counted within the current
    results; any other facet's link replaces that facet's choice, so its choices are counted
    within the results of every other choice made. The rows they all share are selected once
    (a materialised CTE) and every count is a GROUP BY over them, in one statement.
    """
    chosen = _chosen(filters)
    counts = _counts(filters, chosen)
    total = counts.pop("total", {}).get("", (0, "", 0))[0]
    return Results(filters, chosen, total), _facets(filters, counts)


def search(filters: Filters) -> Results:
    return browse(filters)[0]


def facets(filters: Filters) -> list[Facet]:
    return browse(filters)[1]


def _counts(filters: Filters, chosen: Chosen) -> dict[str, dict[str, tuple]]:
    # The rows every count shares, as narrow as they can be: each is read by every count.
    shared = _shared(filters, chosen).annotate(
        group_ids=_ids("group_ids"),
        sector_ids=_ids("sector_ids"),
        level_ids=_ids("level_ids"),
        in_sector=_naming("sector_ids", [chosen.sector]) if chosen.sector else Value(True),
        in_level=_naming("level_ids", [chosen.level]) if chosen.level else Value(True),
        # Worked out once a row, here, only when a country is chosen.
        in_country=Exact(Lower("country"), filters.country.lower())
        if filters.country
        else Value(True),
    )
    # No ORDER BY: the CTE is counted, never listed.
    base, params = (
        shared.order_by()
        .values(
            "id",
            "effect",
            "covid",
            "country",
            "call_id",
            "group_ids",
            "sector_ids",
            "level_ids",
            "in_sector",
            "in_level",
            "in_country",
        )
        .query.sql_with_params()
    )
    calls, workshops = Call._meta.db_table, Workshop._meta.db_table
    conditions = {
        "sector": ("b.in_sector", []) if chosen.sector else None,
        "level": ("b.in_level", []) if chosen.level else None,
        "effect": ("b.effect = %s", [filters.effect]) if filters.effect else None,
        "covid": ("b.covid = %s", [filters.covid == "yes"]) if filters.covid else None,
        "workshop": (
            f"b.call_id IN (SELECT c.id FROM {calls} c JOIN {workshops} w "  # noqa: S608
            "ON w.id = c.workshop_id WHERE w.slug = %s)",
            [filters.workshop],
        )
        if filters.workshop
        else None,
        "country": ("b.in_country", []) if filters.country else None,
    }

    def where(but: str = "") -> tuple[str, list]:
        parts = [c for name, c in conditions.items() if c is not None and name != but]
        return " AND ".join(["TRUE", *(sql for sql, _p in parts)]), [
            value for _sql, values in parts for value in values
        ]

    vocabularies = [
        ("groups", EqualityGroup, "group_ids"),
        ("sector", Sector, "sector_ids"),
        ("level", Level, "level_ids"),
    ]
    selects, values = [], list(params)

    def add(sql: str, condition: tuple[str, list]):
        selects.append(sql.replace("{where}", condition[0]))
        values.extend(condition[1])

    add("SELECT 'total', '', '', 0::bigint, count(*) FROM b WHERE {where}", where())
    for facet, vocabulary, column in vocabularies:
        term = vocabulary._meta.db_table
        # Only the portal's own table and column names go in; every value is a parameter.
        # Counted by id, then named: the vocabulary joins a row per choice, not per result.
        # unnest() in the select list, not a lateral join: a third less time at 3,000 rows.
        add(
            f"SELECT '{facet}', v.slug, v.name, v.position::bigint, x.n FROM ("  # noqa: S608
            f"SELECT l.id, count(*) AS n FROM (SELECT unnest(b.{column}) AS id FROM b "
            f"WHERE {{where}}) l GROUP BY l.id) x JOIN {term} v ON v.id = x.id",
            where("" if facet == "groups" else facet),
        )
    add(
        "SELECT 'effect', b.effect, '', 0::bigint, count(*) FROM b "
        "WHERE b.effect <> '' AND {where} GROUP BY b.effect",
        where("effect"),
    )
    add(
        "SELECT 'covid', b.covid::text, '', 0::bigint, count(*) FROM b "
        "WHERE b.covid IS NOT NULL AND {where} GROUP BY b.covid",
        where("covid"),
    )
    add(
        "SELECT 'workshop', w.slug, w.title, extract(epoch FROM w.starts_at)::bigint, "  # noqa: S608
        "sum(x.n)::bigint FROM (SELECT b.call_id, count(*) AS n FROM b WHERE {where} "
        f"GROUP BY b.call_id) x JOIN {calls} c ON c.id = x.call_id "
        f"JOIN {workshops} w ON w.id = c.workshop_id GROUP BY w.slug, w.title, w.starts_at",
        where("workshop"),
    )
    add(
        # Lower-cased only for the rows this facet counts, not for every row of b.
        "SELECT 'country', lower(b.country), min(b.country), 0::bigint, count(*) FROM b "
        "WHERE b.country <> '' AND {where} GROUP BY lower(b.country)",
        where("country"),
    )
    sql = f"WITH b AS MATERIALIZED ({base}) " + " UNION ALL ".join(selects)
    counts: dict[str, dict[str, tuple]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        for facet, value, label, order, n in cursor.fetchall():
            counts.setdefault(facet, {})[value] = (n, label, order)
    return counts


def _facets(filters: Filters, counts: dict) -> list[Facet]:
    def terms(facet: str, chosen) -> list[Choice]:
        found = sorted(counts.get(facet, {}).items(), key=lambda item: (item[1][2], item[1][1]))
        return [Choice(slug, label, n, chosen(slug)) for slug, (n, label, _order) in found]

    effects = counts.get("effect", {})
    covid = counts.get("covid", {})
    # The latest workshop first; workshops on the same day by title.
    workshops = sorted(
        counts.get("workshop", {}).items(), key=lambda item: (-item[1][2], item[1][1])
    )
    countries = sorted(counts.get("country", {}).items())
    return [
        Facet("groups", _("Groups affected"), terms("groups", lambda s: s in filters.groups)),
        Facet("sector", _("Public service sector"), terms("sector", lambda s: s == filters.sector)),
        Facet("effect", _("Effect on inequality"), [
            Choice(value, str(label), effects[value][0], value == filters.effect)
            for value, label in Effect.choices
            if value in effects
        ]),
        Facet("covid", _("Related to COVID-19"), [
            Choice(value, label, covid[flag][0], value == filters.covid)
            for value, label, flag in (("yes", _("Yes"), "true"), ("no", _("No"), "false"))
            if flag in covid
        ]),
        Facet("level", _("Level"), terms("level", lambda s: s == filters.level)),
        Facet("workshop", _("Workshop"), [
            Choice(slug, title, n, slug == filters.workshop)
            for slug, (n, title, _starts) in workshops
        ]),
        Facet("country", _("Country"), [
            Choice(label, label, n, key == filters.country.lower())
            for key, (n, label, _order) in countries
        ]),
    ]  # fmt: skip
