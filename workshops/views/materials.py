"""Materials: the organisers' page to add and remove them, everyone's downloads, and the one
route every file is downloaded by."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from socialjustice.errors import PortalError, add_to_form
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, page_number, public_response

from ..forms.materials import MaterialForm
from ..models import Material, Registration
from ..pages import WORKSHOP_PAGES
from ..permissions import LinkHolder
from ..selectors import materials as selectors
from ..services import materials as services
from .base import DeleteFromWorkshopView, WorkshopMixin

DOWNLOADS_PARAMS = {"page": page_number}


@public_response("downloads", groups=(WORKSHOP_PAGES,), params=DOWNLOADS_PARAMS)
def downloads(request):
    query = kept_params(request, DOWNLOADS_PARAMS)

    def build():
        paginator = Paginator(selectors.public_materials(), 25)
        paginator.count = selectors.public_material_count()  # not a join of them all
        page = paginator.get_page(query.get("page"))
        return render_to_string(
            "workshops/includes/downloads_body.html",
            {"page": page, "query": query, "request": request},
        )

    body = cached(
        (WORKSHOP_PAGES,), "downloads", query.urlencode(), build=build, timeout=LIST_TIMEOUT
    )
    return render(request, "workshops/downloads.html", {"body": body})


@never_cache
def material_download(request, slug, pk):
    """An uploaded file, always as a download (never shown inline), and only to those who may
    see it (`workshops.view_material`): public materials to everyone, the others to those who
    manage the workshop and to people with a confirmed place, signed in or holding their
    registration's private link (`?registration=<token>`, from their manage page)."""
    try:
        material = selectors.material_for_download(slug=slug, pk=pk)
    except Material.DoesNotExist as missing:
        raise Http404 from missing
    if not request.user.has_perm("workshops.view_workshop", material.workshop):
        raise Http404
    viewer = request.user
    token = request.GET.get("registration", "")
    if token and not viewer.has_perm("workshops.view_material", material):
        registration = Registration.objects.filter(token=token).first()
        if registration is not None:
            viewer = LinkHolder(registration)
    if not viewer.has_perm("workshops.view_material", material):
        if not request.user.is_authenticated and not token:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "403.html",
            {"reason": _("This material is for registered participants only.")},
            status=403,
        )
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


class MaterialsView(WorkshopMixin, View):
    def get(self, request, slug):
        return self._render(MaterialForm())

    def post(self, request, slug):
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_material(
                    self.workshop,
                    title=data["title"],
                    kind=data["kind"],
                    visibility=data["visibility"],
                    description=data["description"],
                    upload=data.get("file"),
                    url=data["url"],
                    by=request.user,
                )
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Added: %(title)s.") % {"title": data["title"]})
                return redirect("workshops:materials", slug=slug)
        return self._render(form)

    def _render(self, form):
        return self.render(
            "workshops/organise/materials.html",
            form=form,
            materials=list(self.workshop.materials.order_by("-created_at", "pk")),
        )


class MaterialDeleteView(DeleteFromWorkshopView):
    model = Material
    back = "workshops:materials"

    def delete(self, material, *, by):
        services.delete_material(material, by=by)
