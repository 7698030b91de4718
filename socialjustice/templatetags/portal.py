import re

import markdown
import nh3
from django import template
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import names
from ..keptpages import render_with_forms, with_csrf_token

register = template.Library()

# The layout's parts that are the same for everyone (the links to the style sheets and
# scripts, the footer) or for everyone with the same role (the header), rendered once per
# process for each language and kind of visitor. The header is the same for everyone signed
# in with the same role but for the sign-out form's CSRF token, put in on each request. A
# signed-in page spent about a third of its layout's time on the header (its links reversed,
# its words translated) and a fifth on the other two (six static files' addresses looked up).
_RENDERED: dict[tuple, str] = {}


def _once(template: str, key: tuple, context: dict) -> str:
    rendered = _RENDERED.get((template, *key))
    if rendered is None:
        rendered = _RENDERED[(template, *key)] = render_with_forms(template, context).strip()
    return rendered


@register.simple_tag(takes_context=True)
def portal_header(context):
    signed_in = context["user"].is_authenticated
    can_organise = bool(context.get("can_organise"))
    header = _once(
        "includes/header.html",
        (get_language(), signed_in, can_organise, context["portal_name"]),
        {
            "user": context["user"],
            "can_organise": can_organise,
            "portal_name": context["portal_name"],
        },
    )
    if signed_in:
        return with_csrf_token(context["request"], header)
    return mark_safe(header)  # noqa: S308 (rendered from our template, escaped there)


@register.simple_tag
def portal_assets():
    """The links to the portal's style sheets and scripts."""
    return mark_safe(_once("includes/assets.html", (), {}))  # noqa: S308 (our template)


@register.simple_tag(takes_context=True)
def portal_footer(context):
    name = context["portal_name"]
    footer = _once("includes/footer.html", (get_language(), name), {"portal_name": name})
    return mark_safe(footer)  # noqa: S308 (rendered from our template, escaped there)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with only the page number changed, keeping every filter.

    A cached page passes `query`, the parameters its cache key was built from, so its links
    carry exactly those, never what the first visitor happened to add (`?utm_source=…`).
    A search box's text, also called `query` on some pages, is not such parameters."""
    query = context.get("query")
    query = query.copy() if isinstance(query, QueryDict) else context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter(name="with_organisation")
def with_organisation_filter(name, organisation) -> str:
    """A person and where they work, as everywhere else: "Name (Organisation)". The
    organisation is a name or a row with one (or None: a missing one is no error)."""
    organisation = getattr(organisation, "name", organisation)
    return names.with_organisation(str(name or ""), str(organisation or ""))


# Markdown that people write is turned into HTML, then cleaned: only these tags survive, so a
# description can have headings, lists and links but never a script or a style.
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code",
    "pre", "hr",
}  # fmt: skip


@register.filter(name="markdown")
def markdown_filter(text):
    # People write lists straight under a line ("To discuss:" then "- …"); Markdown wants a
    # blank line first, so give it one rather than run the list into the paragraph.
    text = re.sub(
        r"(?m)^(?![ \t]*(?:[-*+]|\d+\.)[ \t])(.+)\n(?=[ \t]*(?:[-*+]|\d+\.)[ \t])",
        r"\1\n\n",
        text or "",
    )
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    # Authors' headings start at h2: the page's own h1 is its title.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return mark_safe(  # noqa: S308 (cleaned by nh3 just above)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )
