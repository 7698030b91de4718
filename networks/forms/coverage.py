"""The coverage map's choices, read from the address and checked: what the columns are, the
groups to see together, and the place."""

import re

from django.http import QueryDict

from ..selectors.coverage import MAX_GROUPS, MODES, CoverageFilters

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,150}")


def _text(value: str) -> str:
    return " ".join(value.split())[:100]


def coverage_filters(query: QueryDict) -> tuple[CoverageFilters, QueryDict]:
    """The choices, and the address's parameters rebuilt from them alone: cache keys, the
    page's links and the CSV link use the second, so an unknown parameter changes none."""
    columns = query.get("columns", "")
    groups = tuple(dict.fromkeys(g for g in query.getlist("groups") if SLUG.fullmatch(g)))
    page = query.get("page", "")
    filters = CoverageFilters(
        columns=columns if columns in MODES else MODES[0],
        groups=groups[:MAX_GROUPS],
        region=_text(query.get("region", "")),
        city=_text(query.get("city", "")),
        page=int(page) if page.isdigit() and 1 <= int(page) <= 10_000 else 1,
    )
    kept = QueryDict(mutable=True)
    if filters.columns != MODES[0]:
        kept["columns"] = filters.columns
    kept.setlist("groups", list(filters.groups))
    for name in ("region", "city"):
        if getattr(filters, name):
            kept[name] = getattr(filters, name)
    if filters.page > 1:
        kept["page"] = str(filters.page)
    return filters, kept


def without_page(kept: QueryDict) -> QueryDict:
    query = kept.copy()
    query.pop("page", None)
    return query
