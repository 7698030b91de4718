"""The public collection: search, facets and their counts, an intersection of groups.

Every read starts from what selectors/filtering.py selects, itself from `public_contributions`
(selectors/contributions.py), so nothing that is not public can reach a result, a count or a
facet.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import (
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
from . import filtering
from .filtering import Chosen, Filters

MARK_START, MARK_STOP = "\x02", "\x03"
PAGE_SIZE = 20  # results a page


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


def _in_order(contributions: QuerySet[Contribution], q: str) -> QuerySet[Contribution]:
    """The collection's order: when searching, those with every word first, then by rank;
    the newest first otherwise, and among equals."""
    if not q:
        return contributions.order_by("-submitted_at", "-pk")
    every, some = filtering.readings(q)
    return contributions.annotate(
        every_word=Case(When(search_vector=every, then=Value(1)), default=Value(0)),
        rank=SearchRank(F("search_vector"), some),
    ).order_by("-every_word", "-rank", "-submitted_at", "-pk")


class Results:
    """The matching contributions, counted once and fetched a page at a time: a page's ids
    (ranked when searching: those with every word first), then those rows with what the
    page shows (the matching words highlighted in `title_headline` and `headline`, the
    groups' names). A Paginator takes it as its list.

    The ids of the page asked for come with the counts (`offset`, `first_ids`), from the
    rows they share. Any other page (the last, when the number asked for is past it) is
    read with a narrow query of its own, in the same order (`_in_order`). Its rows are a
    second statement, not one with the ids as a subquery: the filters name the table itself
    (`filtering.naming`), which inside a subquery would mean the outer query's row."""

    ordered = True  # by rank or by date, always

    def __init__(
        self, filters: Filters, chosen: Chosen, total: int, offset: int, first_ids: list[int]
    ):
        self.filters, self.chosen, self.total = filters, chosen, total
        self.offset, self.first_ids = offset, first_ids

    @cached_property
    def ids(self):
        return _in_order(filtering.filtered(self.filters, self.chosen), self.filters.q).values_list(
            "pk", flat=True
        )

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, part):
        if part.start == self.offset:
            ids = self.first_ids[: part.stop - part.start]
        else:
            ids = list(self.ids[part])
        if not ids:
            return []
        rows = (
            Contribution.objects.filter(pk__in=ids)
            .only("pk", "title", "summary", "effect", "covid")
            .annotate(group_names=_group_names())
        )
        if self.filters.q:
            some = filtering.readings(self.filters.q)[1]
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


def browse(
    filters: Filters, page: int = 1, per_page: int = PAGE_SIZE
) -> tuple[Results, list[Facet]]:
    """The collection: its results and its facets, from two queries before the page's own.

    Each facet's choices carry the number of results each one's link gives. A group's link
    adds it to those chosen (an intersection), so groups are counted within the current
    results; any other facet's link replaces that facet's choice, so its choices are counted
    within the results of every other choice made. The rows they all share are selected once
    (a materialised CTE) and every count is a GROUP BY over them, in one statement, with the
    ids of the `page` asked for.
    """
    chosen = filtering.chosen_ids(filters)
    offset = (page - 1) * per_page
    counts = _counts(filters, chosen, offset, per_page)
    total = counts.pop("total", {}).get("", (0, "", 0))[0]
    # One row: the ids joined by commas, or none (NULL) on a page without results.
    joined = next(iter(counts.pop("page", {})), None) or ""
    first = [int(pk) for pk in joined.split(",") if pk]
    return Results(filters, chosen, total, offset, first), _facets(filters, counts)


def facets(filters: Filters) -> list[Facet]:
    return browse(filters)[1]


def _counts(
    filters: Filters, chosen: Chosen, offset: int, limit: int
) -> dict[str, dict[str, tuple]]:
    # The rows every count shares, as narrow as they can be: each is read by every count.
    shared = filtering.shared(filters, chosen).annotate(
        group_ids=filtering.id_array("group_ids"),
        sector_ids=filtering.id_array("sector_ids"),
        level_ids=filtering.id_array("level_ids"),
        in_sector=filtering.naming("sector_ids", [chosen.sector]) if chosen.sector else Value(True),
        in_level=filtering.naming("level_ids", [chosen.level]) if chosen.level else Value(True),
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
            "submitted_at",
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
    # The page's ids, in the order of _in_order, as one row: ranked when searching, which
    # reads each result's vector (left out of b, where every count would copy it).
    table = Contribution._meta.db_table
    order = "every_word DESC, rank DESC, submitted_at DESC, id DESC"
    if filters.q:
        compiler = shared.query.get_compiler(connection=connection)
        every, some = (compiler.compile(query) for query in filtering.readings(filters.q))
        rows = (
            f"SELECT b.id, b.submitted_at, CASE WHEN r.search_vector @@ {every[0]} THEN 1 "  # noqa: S608
            f"ELSE 0 END AS every_word, ts_rank(r.search_vector, {some[0]}) AS rank FROM b "
            f"JOIN {table} r ON r.id = b.id"
        )
        values.extend([*every[1], *some[1]])
    else:
        rows = "SELECT b.id, b.submitted_at, 0 AS every_word, 0 AS rank FROM b"
    condition, condition_values = where()
    selects.append(
        f"SELECT 'page', string_agg(p.id::text, ',' ORDER BY {order}), '', 0::bigint, "  # noqa: S608
        f"count(*) FROM ({rows} WHERE {condition} ORDER BY {order} LIMIT %s OFFSET %s) p"
    )
    values.extend([*condition_values, limit, offset])
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
