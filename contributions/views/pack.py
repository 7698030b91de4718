"""The workshop pack: every accepted public contribution of a workshop's calls, grouped by
theme, to read before the event, to print, and as an accessible PDF."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socialjustice import building
from socialjustice.keptpages import kept_content, kept_response, print_stylesheet
from socialjustice.pagecache import cached, public_response
from socialjustice.pdf import html_to_pdf, pdf_language
from workshops.enums import WorkshopState
from workshops.models import Workshop

from ..pages import CONTRIBUTION_PAGES
from ..selectors.contributions import pack

RETRY_AFTER_SECONDS = 20


def _workshop(request, slug) -> Workshop:
    workshop = Workshop.objects.select_related("series").filter(slug=slug).first()
    if workshop is None or not request.user.has_perm("workshops.view_workshop", workshop):
        raise Http404
    return workshop


def _body(workshop) -> str:
    def build():
        return render_to_string(
            "contributions/includes/pack_body.html",
            {"workshop": workshop, "themes": pack(workshop)},
        )

    return cached((CONTRIBUTION_PAGES,), "pack", workshop.pk, build=build)


def _kept_page(slug) -> dict:
    """A published workshop's pack page, the same for everyone signed in: kept whole."""

    def build():
        workshop = Workshop.objects.select_related("series").filter(slug=slug).first()
        if workshop is None or workshop.state == WorkshopState.DRAFT:
            return {"missing": True}
        return {
            "missing": False,
            **kept_content(
                "contributions/includes/pack_page_body.html",
                {"workshop": workshop, "body": _body(workshop)},
                title=_("Contributions to %(title)s") % {"title": workshop.title},
                head=print_stylesheet(),
            ),
        }

    return cached((CONTRIBUTION_PAGES, "workshops"), "pack-page", slug, get_language(), build=build)


@public_response("pack", groups=(CONTRIBUTION_PAGES,))
def pack_page(request, slug):
    if request.user.is_authenticated:
        page = _kept_page(slug)
        if not page["missing"]:
            return kept_response(request, page)
    # A draft's, for those who may see it (its organisers); a 404 for everyone else.
    workshop = _workshop(request, slug)
    return render(
        request, "contributions/pack.html", {"workshop": workshop, "body": _body(workshop)}
    )


class PackTooLarge(Exception):
    """The pack has more contributions than a request should lay out."""


def pack_pdf(workshop: Workshop, *, in_request: bool = False) -> bytes:
    """The pack as a tagged PDF, from the page cache or built now and kept there. Its group
    is the contribution pages', so any contribution change makes the next one afresh.

    In a request (`in_request`), a pack of more than PACK_PDF_INLINE_LIMIT contributions is
    not built: PackTooLarge is raised and a worker is asked for it instead.
    """

    def build():
        themes = pack(workshop)
        size = len({contribution.pk for _theme, items in themes for contribution in items})
        if in_request and size > settings.PACK_PDF_INLINE_LIMIT:
            raise PackTooLarge
        title = _("Contributions to %(title)s") % {"title": workshop.title}
        html = render_to_string(
            "contributions/pack_pdf.html",
            {
                "workshop": workshop,
                "themes": themes,
                "title": title,
                "language": pdf_language(),
                "portal_name": settings.PORTAL_NAME,
                "address": settings.PORTAL_URL
                + reverse("contributions:pack", args=[workshop.slug]),
            },
        )
        return html_to_pdf(html, title=title)

    return cached((CONTRIBUTION_PAGES,), "pack_pdf", workshop.pk, build=build)


def keep_pack_pdf(workshop_id: int) -> int:
    """The worker's half of a large pack: build its PDF into the page cache; its size."""
    workshop = Workshop.objects.select_related("series").filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    try:
        return len(pack_pdf(workshop))
    finally:
        building.finished("pack_pdf", workshop_id)


def pack_pdf_download(request, slug):
    """The pack as a PDF. A small one is built at once; a large one that is not ready yet is
    built by a worker while the visitor is told to come back (202, Retry-After)."""
    workshop = _workshop(request, slug)
    try:
        pdf = pack_pdf(workshop, in_request=True)
    except PackTooLarge:
        if building.hand_to_worker(
            "pack_pdf", workshop.pk, "contributions.tasks.build_pack_pdf_task"
        ):
            return building.waiting_page(
                request,
                "contributions/pack_pdf_preparing.html",
                {"workshop": workshop},
                retry_after=RETRY_AFTER_SECONDS,
            )
        pdf = pack_pdf(workshop)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{workshop.slug}-contributions.pdf"'
    return response
