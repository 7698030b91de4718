"""What a visitor chose in the public collection, and the contributions it selects.

Every selection starts from `public_contributions` (selectors/contributions.py), so nothing that
is not public can reach a result, a count or a facet. selectors/collection.py lists and counts
what these select.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from networks.models import EqualityGroup, Level, Sector

from ..models import Contribution
from .contributions import public_contributions


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


@dataclass(frozen=True)
class Chosen:
    """The ids of the groups, sector and level chosen, looked up by their slugs once: the
    planner estimates a filter on an id from its statistics, not on a slug through a join."""

    groups: tuple[int, ...] = ()
    sector: int | None = None
    level: int | None = None
    unknown: bool = False  # a slug that names nothing: no results


def chosen_ids(filters: Filters) -> Chosen:
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


def id_array(column: str) -> RawSQL:
    """One of the arrays of ids each contribution keeps of its groups, sectors and levels
    (kept by the database: migration 0003), which no model field names."""
    table = Contribution._meta.db_table
    # Only the portal's own table and column names go in.
    return RawSQL(f'"{table}"."{column}"', (), output_field=ArrayField(BigIntegerField()))  # noqa: S611


def naming(column: str, pks) -> RawSQL:
    """Contributions naming every one of these groups, sectors or levels: answered from the
    arrays' GIN index, without reading the link tables."""
    table = Contribution._meta.db_table
    # The portal's own names; the ids are a parameter.
    return RawSQL(  # noqa: S611
        f'"{table}"."{column}" @> %s::bigint[]', (list(pks),), output_field=BooleanField()
    )


def shared(filters: Filters, chosen: Chosen) -> QuerySet[Contribution]:
    """What every facet's count shares: public, the words searched for, the groups chosen
    (a contribution must name every one)."""
    contributions = public_contributions()
    if chosen.unknown:
        return contributions.none()
    if chosen.groups:
        contributions = contributions.filter(naming("group_ids", chosen.groups))
    if filters.q:
        contributions = contributions.filter(search_vector=readings(filters.q)[1])
    return contributions


def filtered(filters: Filters, chosen: Chosen) -> QuerySet[Contribution]:
    contributions = shared(filters, chosen)
    if chosen.sector:
        contributions = contributions.filter(naming("sector_ids", [chosen.sector]))
    if chosen.level:
        contributions = contributions.filter(naming("level_ids", [chosen.level]))
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


def readings(q: str) -> tuple[SearchQuery, SearchQuery]:
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
