"""What everyone sees: the workshop list, a workshop's page, calendar files, downloads, home.

Public pages are built once and kept in the cache (workshops/cache.py) until an organiser
changes something; people who manage a workshop always get its page fresh, with what only
they may see.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from networks import selectors as network_selectors

from .. import calendar, selectors
from ..cache import LIST_TIMEOUT, cached, public_response
from ..enums import WorkshopFormat, WorkshopState
from ..filters import WorkshopFilter
from ..models import Material, Workshop

PAGE_SIZE = 20


@public_response("home")
def home(request):
    def build():
        return render_to_string(
            "workshops/includes/home_body.html",
            {
                "upcoming": list(selectors.upcoming_workshops()[:4]),
                "materials": list(selectors.latest_public_materials(limit=5)),
                "partnerships": list(network_selectors.partnerships_with_networks()),
            },
        )

    return render(request, "home.html", {"body": cached("home", build=build, timeout=LIST_TIMEOUT)})


@public_response("list")
def workshop_list(request):
    def build():
        workshop_filter = WorkshopFilter(request.GET, queryset=selectors.listed_workshops())
        page = Paginator(workshop_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string(
            "workshops/includes/workshop_list_body.html",
            {"filter": workshop_filter, "page": page, "request": request},
        )

    return render(
        request,
        "workshops/workshop_list.html",
        {"body": cached("list", request.GET.urlencode(), build=build, timeout=LIST_TIMEOUT)},
    )


def _page_context(workshop: Workshop, *, can_manage: bool) -> dict:
    url = settings.PORTAL_URL + reverse("workshops:detail", args=[workshop.slug])
    materials = [
        material
        for material in workshop.materials.all()
        if can_manage or material.visibility == "public"
    ]
    speakers = {}
    for item in workshop.programme.all():
        for speaker in [item.chair, *item.speakers.all()]:
            if speaker is not None:
                speakers[speaker.pk] = speaker
    return {
        "workshop": workshop,
        "programme": list(workshop.programme.all()),
        "speakers": sorted(speakers.values(), key=lambda s: s.name),
        "materials": materials,
        "key_questions": [q.strip() for q in workshop.key_questions.splitlines() if q.strip()],
        "json_ld": calendar.workshop_json_ld(
            workshop, url=url, organizer_name=_organizer_name(workshop)
        ),
        "is_online": workshop.format != WorkshopFormat.IN_PERSON,
        "is_past": workshop.ends_at < timezone.now(),
        "is_cancelled": workshop.state == WorkshopState.CANCELLED,
        "is_draft": workshop.state == WorkshopState.DRAFT,
    }


def _next_change(workshop: Workshop):
    """When the page would next read differently with no edit: registration opening or
    closing, the workshop starting or ending."""
    now = timezone.now()
    moments = [
        workshop.registration_opens_at,
        workshop.registration_closes_at,
        workshop.starts_at,
        workshop.ends_at,
    ]
    return min((moment for moment in moments if moment and moment > now), default=None)


def _organizer_name(workshop: Workshop) -> str:
    return workshop.partnership.name if workshop.partnership else settings.PORTAL_NAME


@public_response("detail")
def workshop_detail(request, slug):
    """A workshop's page. Anyone may see a published or cancelled one; a draft only those who
    manage it (everyone else gets a 404, as if it did not exist)."""
    if request.user.is_authenticated:
        # Decide on the workshop row alone: most people signed in do not manage it and get
        # the cached page below; only those who do need everything loaded afresh.
        try:
            workshop = selectors.workshop_with_organisers(slug=slug)
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing
        if not request.user.has_perm("workshops.view_workshop", workshop):
            raise Http404
        if request.user.has_perm("workshops.change_workshop", workshop):
            workshop = selectors.workshop_for_page(slug=slug)
            context = _page_context(workshop, can_manage=True)
            context["can_manage"] = True
            context["show_join_link"] = request.user.has_perm("workshops.view_join_link", workshop)
            return render(request, "workshops/workshop_detail.html", context)

    def build():
        try:
            workshop = selectors.workshop_for_page(slug=slug)
        except Workshop.DoesNotExist:
            return {"missing": True}
        if workshop.state == WorkshopState.DRAFT:
            return {"missing": True}
        context = _page_context(workshop, can_manage=False)
        return {
            "missing": False,
            "expires_at": _next_change(workshop),
            "title": (_("Cancelled: %(title)s") % {"title": workshop.title})
            if context["is_cancelled"]
            else workshop.title,
            "json_ld": context["json_ld"],
            "body": render_to_string("workshops/includes/workshop_body.html", context),
        }

    page = cached("detail", slug, build=build)
    if page["missing"]:
        raise Http404
    return render(request, "workshops/workshop_detail_cached.html", page)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_response("ics")
def workshop_calendar(request, slug):
    def build():
        workshop = Workshop.objects.select_related("partnership").filter(slug=slug).first()
        if workshop is None or workshop.state == WorkshopState.DRAFT:
            return b""
        return calendar.calendar_for(
            [workshop],
            url_for=lambda w: settings.PORTAL_URL + reverse("workshops:detail", args=[w.slug]),
            name=workshop.title,
        )

    content = cached("ics", slug, build=build)
    if not content:
        raise Http404
    return _ics_response(content, f"{slug}.ics")


@public_response("ics-upcoming")
def upcoming_calendar(request):
    def build():
        return calendar.calendar_for(
            list(selectors.calendar_workshops()),
            url_for=lambda w: settings.PORTAL_URL + reverse("workshops:detail", args=[w.slug]),
            name=_("%(portal)s workshops") % {"portal": settings.PORTAL_NAME},
        )

    return _ics_response(cached("ics-upcoming", build=build, timeout=LIST_TIMEOUT), "workshops.ics")


@public_response("downloads")
def downloads(request):
    def build():
        page = Paginator(selectors.public_materials(), 25).get_page(request.GET.get("page"))
        return render_to_string(
            "workshops/includes/downloads_body.html", {"page": page, "request": request}
        )

    return render(
        request,
        "workshops/downloads.html",
        {
            "body": cached(
                "downloads", request.GET.get("page", "1"), build=build, timeout=LIST_TIMEOUT
            )
        },
    )


def material_download(request, slug, pk):
    """An uploaded file, always as a download (never shown inline), and only to those who may
    see it: public materials to everyone, the others to those who manage the workshop."""
    material = get_object_or_404(
        Material.objects.select_related("workshop"), pk=pk, workshop__slug=slug
    )
    workshop = material.workshop
    if not request.user.has_perm("workshops.view_workshop", workshop):
        raise Http404
    if not request.user.has_perm("workshops.view_material", material):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "403.html",
            {"reason": _("This material is for registered participants only.")},
            status=403,
        )
    return file_response(material)


def file_response(material: Material) -> FileResponse:
    """An uploaded file, always as a download under its checked name and type."""
    if not material.file:
        raise Http404
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.filename or "material",
        content_type=material.mimetype or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
