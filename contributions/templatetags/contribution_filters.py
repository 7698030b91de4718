"""Filters for the collection's pages: links that add or remove one choice, and the search
headline's highlighted words."""

from urllib.parse import urlencode

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..selectors.collection import MARK_START, MARK_STOP

register = template.Library()
MANY = ("groups",)


def _changed(query, name, values) -> str:
    """The address's parameters with `name` set to `values`, back on the first page, in the
    order QueryDict keeps them (a new parameter last). Built from the pairs rather than a
    copy of the QueryDict: a facet list makes one of these per choice."""
    pairs, seen = [], False
    for key, current in query.lists():
        if key == "page":
            continue
        if key == name:
            seen, current = True, values
        pairs.extend((key, value) for value in current)
    if not seen:
        pairs.extend((name, value) for value in values)
    return urlencode(pairs)


@register.simple_tag
def adding(query, name, value):
    """The address's parameters with this choice added (a group joins the others; any other
    facet's choice replaces its value), back on the first page."""
    if name in MANY:
        values = query.getlist(name)
        return _changed(query, name, [*values, value] if value not in values else values)
    return _changed(query, name, [value])


@register.simple_tag
def without(query, name, value):
    return _changed(query, name, [v for v in query.getlist(name) if v != value])


@register.filter
def highlighted(headline: str):
    """The search headline, escaped, with the matching words in <mark>."""
    return mark_safe(  # noqa: S308 (escaped first; only our own marks become tags)
        escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
