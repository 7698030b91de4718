"""Pages and blocks kept for everyone, with forms in them; and public pages kept for the
people signed in who have no rights over them.

A kept block with a form (`render_with_forms`) has a placeholder where the CSRF token goes,
and each request puts its own in when it serves the block (`with_csrf_token`): one token for
every block of the request, since each new one costs 32 random characters from the system.

A visitor who is not signed in gets a public page's whole response from the page cache
(`pagecache.public_response`). Someone signed in gets the layout with their own header, and
most of them may do no more on a network's, a contribution's or a recommendation's page than
a visitor may. For them the page's content is kept too, built once for everyone signed in,
with at most one part of their own put in where the page's template has `{{ personal }}`
(their place in a network, their support for a recommendation), and the layout rendered
around it. Those with rights over the page (organisers, its author, a network's
coordinators) get it built afresh, as before: each view decides who they are from what it
kept with the content, with no query.

Built this way, a page signed in cost 8 to 18 ms and one to eight queries; kept, it costs
the layout, and no query.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .pagecache import LIST_TIMEOUT, cached, is_anonymous_visit

# What a kept block with a form has in place of the CSRF token.
_CSRF_PLACEHOLDER = "csrf-token-of-this-request"

# Where the person's own part goes in the kept content.
_PERSONAL = "<!-- the part of the person's own -->"


def render_with_forms(template: str, context: dict) -> str:
    """A block with forms rendered to be kept for everyone: its forms carry a placeholder
    where each person's CSRF token goes (`with_csrf_token` puts it in)."""
    return render_to_string(template, {**context, "csrf_token": _CSRF_PLACEHOLDER})


def with_csrf_token(request, html: str):
    """A kept block's HTML (`render_with_forms`) with this request's CSRF token in its forms;
    a block with no form as it is (asking for a token sets the CSRF cookie)."""
    if _CSRF_PLACEHOLDER not in html:
        return mark_safe(html)  # noqa: S308
    token = request.__dict__.get("_kept_csrf_token")
    if token is None:
        token = request._kept_csrf_token = escape(get_token(request))
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, token))  # noqa: S308


def for_visitors(template: str, context: dict) -> str:
    """A whole page (`template` extends the layout) as every visitor with no session and no
    message waiting gets it (`is_anonymous_visit`), to be kept: rendered from nothing of the
    request, with the layout of someone not signed in and the CSRF placeholder in its forms."""
    return render_with_forms(
        template, {**context, "user": AnonymousUser(), "portal_name": settings.PORTAL_NAME}
    )


def print_stylesheet() -> str:
    """The extra head of a kept page meant to be printed (a report, a pack)."""
    return format_html('<link rel="stylesheet" href="{}" media="print">', static("css/print.css"))


def kept_content(
    template: str, context: dict, *, title, description="", head="", visitors=False, **facts
):
    """A page's content as everyone signed in without rights over it sees it, to be kept
    (`pagecache.cached`): rendered from `template` with the person's part left out, the
    page's title, description and extra head, and `facts` the view decides with. With
    `visitors`, for a page with a form that visitors get too (so not a `public_response`),
    the whole page as a visitor with no session gets it, the layout too (`whole`): rendering
    the layout was half of what such a page cost."""
    html = render_with_forms(template, {**context, "personal": mark_safe(_PERSONAL)})  # noqa: S308
    before, _, after = html.partition(_PERSONAL)
    page = {
        "title": str(title),
        "description": str(description),
        "head": str(head),
        "before": before,
        "after": after,
        **facts,
    }
    if visitors:
        parts = {"before": mark_safe(before), "personal": "", "after": mark_safe(after)}  # noqa: S308
        page["whole"] = for_visitors("kept_page.html", {"page": page, **parts})
    return page


def kept_page_of(
    groups, name: str, slug: str, *, find, template, context, title, describe, facts=None
):
    """The kept content of the page of the row `find(slug)` gives (a 404 if none), for
    everyone signed in without rights over it: rendered from `template` with `context(row)`,
    titled `title(row)` and described `describe(row)`, with `facts(row)`; kept under `groups`,
    five minutes at most (the lists on such pages sort by the clock)."""

    def build():
        try:
            row = find(slug)
        except ObjectDoesNotExist:
            return {"missing": True}
        content = kept_content(
            template,
            context(row),
            title=title(row),
            description=describe(row),
            **(facts(row) if facts else {}),
        )
        return {"missing": False, **content}

    page = cached(groups, f"{name}-page", slug, get_language(), build=build, timeout=LIST_TIMEOUT)
    if page["missing"]:
        raise Http404
    return page


def kept_response(request, page: dict, personal: str = ""):
    """The kept content in the layout, with the person's part (rendered with
    `render_with_forms` if it has a form) in its place."""
    if "whole" in page and not personal and is_anonymous_visit(request):
        return HttpResponse(with_csrf_token(request, page["whole"]))
    return render(
        request,
        "kept_page.html",
        {
            "page": page,
            "before": with_csrf_token(request, page["before"]),
            "personal": with_csrf_token(request, personal),
            "after": with_csrf_token(request, page["after"]),
        },
    )
