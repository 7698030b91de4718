"""The public collection's search and filters, read from the address and checked."""

import re

from django.http import QueryDict

from ..enums import Effect
from ..selectors.filtering import Filters

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,150}")
MAX_GROUPS = 5


def _slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value))


def filters_from(query: QueryDict) -> tuple[Filters, QueryDict]:
    """The filters a visitor chose, and the address's parameters rebuilt from them alone:
    cache keys and links use the second, so an unknown parameter changes neither."""
    groups = tuple(dict.fromkeys(g for g in query.getlist("groups") if _slug(g)))[:MAX_GROUPS]
    filters = Filters(
        q=" ".join(query.get("q", "").split())[:200],
        groups=groups,
        sector=query.get("sector", "") if _slug(query.get("sector", "")) else "",
        effect=query.get("effect", "") if query.get("effect") in Effect.values else "",
        covid=query.get("covid", "") if query.get("covid") in ("yes", "no") else "",
        level=query.get("level", "") if _slug(query.get("level", "")) else "",
        workshop=query.get("workshop", "") if _slug(query.get("workshop", "")) else "",
        country=" ".join(query.get("country", "").split())[:100],
    )
    kept = QueryDict(mutable=True)
    for name in ("q", "sector", "effect", "covid", "level", "workshop", "country"):
        if getattr(filters, name):
            kept[name] = getattr(filters, name)
    kept.setlist("groups", list(filters.groups))
    page = query.get("page", "")
    if page.isdigit() and 1 < int(page) <= 10_000:
        kept["page"] = page
    return filters, kept
