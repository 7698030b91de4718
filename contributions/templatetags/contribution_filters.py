"""Filters for the collection's pages: links that add or remove one choice, and the search
headline's highlighted words."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..selectors.collection import MARK_START, MARK_STOP

register = template.Library()
MANY = ("groups",)


@register.simple_tag
def adding(query, name, value):
    """The address's parameters with this choice added (a group joins the others; any other
    facet's choice replaces its value), back on the first page."""
    changed = query.copy()
    changed.pop("page", None)
    if name in MANY:
        values = changed.getlist(name)
        changed.setlist(name, [*values, value] if value not in values else values)
    else:
        changed[name] = value
    return changed.urlencode()


@register.simple_tag
def without(query, name, value):
    changed = query.copy()
    changed.pop("page", None)
    changed.setlist(name, [v for v in changed.getlist(name) if v != value])
    return changed.urlencode()


@register.filter
def highlighted(headline: str):
    """The search headline, escaped, with the matching words in <mark>."""
    return mark_safe(  # noqa: S308 (escaped first; only our own marks become tags)
        escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
