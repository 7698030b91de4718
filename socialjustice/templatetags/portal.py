import re

import markdown
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with only the page number changed, keeping every filter.

    A cached page passes `query`, the parameters its cache key was built from, so its links
    carry exactly those, never what the first visitor happened to add (`?utm_source=…`)."""
    query = context.get("query")
    query = query.copy() if query is not None else context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


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
