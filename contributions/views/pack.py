"""The workshop pack: every accepted public contribution of a workshop's calls, grouped by
theme, to read before the event, to print, and as an accessible PDF."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from socialjustice.pagecache import cached, public_response
from socialjustice.pdf import html_to_pdf, pdf_language
from socialjustice.tasking import start_task
from workshops.models import Workshop

from ..pages import CONTRIBUTION_PAGES
from ..selectors.contributions import pack

# How long a large pack's PDF may take a worker before another request starts it again
# (the worker died, or the task was lost): the "being prepared" page says a minute.
BUILDING_TIMEOUT = 5 * 60
RETRY_AFTER_SECONDS = 20


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


def _building_key(workshop_id: int) -> str:
    return f"pages:pack_pdf:building:{workshop_id}"


def keep_pack_pdf(workshop_id: int) -> int:
    """The worker's half of a large pack: build its PDF into the page cache; its size."""
    workshop = Workshop.objects.select_related("series").filter(pk=workshop_id).first()
    if workshop is None:
        return 0
    try:
        return len(pack_pdf(workshop))
    finally:
        cache.delete(_building_key(workshop_id))


def _handed_to_a_worker(workshop: Workshop) -> bool:
    """True when a worker is building the PDF (started now, or by an earlier request);
    False when none can: the broker or the cache is unreachable, so the request builds it."""
    key = _building_key(workshop.pk)
    if not cache.add(key, True, timeout=BUILDING_TIMEOUT):
        return True  # an earlier request started it
    if cache.get(key) is None:
        # The cache did not answer (its `add` says yes then): a worker's PDF could not be
        # kept for the next request either.
        return False
    if start_task("contributions.tasks.build_pack_pdf_task", workshop.pk):
        return True
    cache.delete(key)
    return False


def pack_pdf_download(request, slug):
    """The pack as a PDF. A small one is built at once; a large one that is not ready yet is
    built by a worker while the visitor is told to come back (202, Retry-After)."""
    workshop = _workshop(request, slug)
    try:
        pdf = pack_pdf(workshop, in_request=True)
    except PackTooLarge:
        if _handed_to_a_worker(workshop):
            response = render(
                request,
                "contributions/pack_pdf_preparing.html",
                {"workshop": workshop, "retry_after": RETRY_AFTER_SECONDS},
                status=202,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return response
        pdf = pack_pdf(workshop)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{workshop.slug}-contributions.pdf"'
    return response
