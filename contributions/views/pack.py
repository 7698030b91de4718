"""The workshop pack: every accepted public contribution of a workshop's calls, grouped by
theme, to read before the event and to print."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string

from socialjustice.pagecache import cached, public_response
from workshops.models import Workshop

from ..pages import CONTRIBUTION_PAGES
from ..selectors.contributions import pack


def _workshop(request, slug) -> Workshop:
    workshop = Workshop.objects.select_related("series").filter(slug=slug).first()
    if workshop is None or not request.user.has_perm("workshops.view_workshop", workshop):
        raise Http404
    return workshop


@public_response("pack", groups=(CONTRIBUTION_PAGES,))
def pack_page(request, slug):
    workshop = _workshop(request, slug)

    def build():
        return render_to_string(
            "contributions/includes/pack_body.html",
            {"workshop": workshop, "themes": pack(workshop)},
        )

    body = cached((CONTRIBUTION_PAGES,), "pack", workshop.pk, build=build)
    return render(request, "contributions/pack.html", {"workshop": workshop, "body": body})
