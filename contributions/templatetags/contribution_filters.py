"""Filters for the collection's pages: links that add or remove one choice, and the search
headline's highlighted words."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def facet_choices(query, facet):
    """A facet's choices as list items: a link that adds each (or, for one chosen, removes
    it) with its count. Built here rather than in a template loop: a page has about fifty.
    Every value is escaped, the links' query strings too (their & as &amp;)."""
    remove = escape(_("chosen: remove"))
    items = []
    for choice in facet.choices:
        label, count = escape(choice.label), int(choice.count)
        if choice.chosen:
            items.append(
                f'<li><a href="?{escape(without(query, facet.name, choice.value))}" '
                f'aria-current="true"><strong>{label}</strong> ({count}) '
                f'<span class="visually-hidden">{remove}</span><span aria-hidden="true">✕</span>'
                "</a>\n      </li>"
            )
        else:
            href = escape(adding(query, facet.name, choice.value))
            items.append(f'<li><a href="?{href}">{label}</a> ({count})</li>')
    return mark_safe("".join(f"\n      {item}\n    " for item in items))  # noqa: S308 (every value escaped)


@register.simple_tag
def results(contributions):
    """The page's results, each an article: its title (a link, the words searched for
    marked), its summary, the line of its groups, effect and COVID-19. Built here rather
    than in a template loop, like the facets: the loop took 6 ms of a 50 ms page."""
    articles = []
    for contribution in contributions:
        pk = int(contribution.pk)
        title = getattr(contribution, "title_headline", "")
        summary = getattr(contribution, "headline", "")
        title = highlighted(title) if title else escape(contribution.title)
        summary = highlighted(summary) if summary else escape(contribution.summary)
        labels = escape(" · ".join(contribution.labels))
        line = f'\n    <p class="small">{labels}</p>' if labels else ""
        articles.append(
            f'<article class="mb-4 result" aria-labelledby="c-{pk}">\n'
            f'    <h3 id="c-{pk}" class="h5"><a href="'
            f'{escape(reverse("contributions:detail", args=[pk]))}">{title}</a></h3>\n'
            f"    <p>{summary}</p>{line}\n  </article>"
        )
    return mark_safe("\n  ".join(articles))  # noqa: S308 (every value escaped)


@register.filter
def highlighted(headline: str):
    """The search headline, escaped, with the matching words in <mark>."""
    return mark_safe(  # noqa: S308 (escaped first; only our own marks become tags)
        escape(headline).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
