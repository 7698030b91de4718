"""Public pages kept for the people signed in who have no rights over them.

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

from django.shortcuts import render
from django.utils.safestring import mark_safe

from .pagecache import render_with_forms, with_csrf_token

# Where the person's own part goes in the kept content.
_PERSONAL = "<!-- the part of the person's own -->"
# What Django's {% csrf_token %} renders: a kept part with a form needs this request's token.
_HAS_FORM = 'name="csrfmiddlewaretoken"'


def kept_content(template: str, context: dict, *, title, description="", head="", **facts):
    """A page's content as everyone signed in without rights over it sees it, to be kept
    (`pagecache.cached`): rendered from `template` with the person's part left out, the
    page's title, description and extra head, and `facts` the view decides with."""
    html = render_with_forms(template, {**context, "personal": mark_safe(_PERSONAL)})  # noqa: S308
    before, _, after = html.partition(_PERSONAL)
    return {
        "title": str(title),
        "description": str(description),
        "head": str(head),
        "before": before,
        "after": after,
        **facts,
    }


def _with_token(request, html: str):
    return with_csrf_token(request, html) if _HAS_FORM in html else mark_safe(html)  # noqa: S308


def kept_response(request, page: dict, personal: str = ""):
    """The kept content in the layout, with the person's part (rendered with
    `render_with_forms` if it has a form) in its place."""
    return render(
        request,
        "kept_page.html",
        {
            "page": page,
            "before": _with_token(request, page["before"]),
            "personal": _with_token(request, personal),
            "after": _with_token(request, page["after"]),
        },
    )
