"""The network of networks: collaborations between networks, for everyone to read, set up
and changed by organisers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form
from socialjustice.keptpages import kept_page_of, kept_response
from socialjustice.pagecache import cached, kept_params, page_number, public_response
from socialjustice.permissions import is_organiser

from ..forms.collaborations import CollaborationForm
from ..models import Collaboration
from ..pages import NETWORK_PAGES
from ..selectors import collaborations as selectors
from ..services.collaborations import create_collaboration, update_collaboration

PAGE_SIZE = 25
LIST_PARAMS = {"page": page_number}


@public_response("collaborations", groups=(NETWORK_PAGES,), params=LIST_PARAMS)
def collaboration_list(request):
    """Every collaboration between networks, a page at a time."""
    query = kept_params(request, LIST_PARAMS)

    def build():
        page = Paginator(selectors.collaborations(), PAGE_SIZE).get_page(query.get("page"))
        return render_to_string(
            "networks/collaborations/list_body.html", {"page": page, "query": query}
        )

    body = cached((NETWORK_PAGES,), "collaborations", query.urlencode(), build=build)
    return render(
        request,
        "networks/collaborations/list.html",
        {"body": body, "can_manage": request.user.has_perm("networks.manage_collaborations")},
    )


def _context(collaboration) -> dict:
    return {
        "collaboration": collaboration,
        "networks": list(collaboration.networks.all()),
        "organisations": list(collaboration.organisations.all()),
    }


def _description(collaboration) -> str:
    return _(
        "%(title)s: a collaboration between networks, its aims, networks, organisations, "
        "workshops and recommendations."
    ) % {"title": collaboration.title}


@public_response("collaboration", groups=(NETWORK_PAGES,))
def collaboration_page(request, slug):
    """One collaboration: its aims, status, networks and organisations; the workshops it
    belongs to and its networks' recommendations come from those apps' template tags."""
    if request.user.is_authenticated and not is_organiser(request.user):
        # What a visitor sees, kept for everyone signed in who does not organise, with its
        # workshops and recommendations (so under their groups too).
        page = kept_page_of(
            (NETWORK_PAGES, "workshops", "reports"),
            "collaboration",
            slug,
            find=lambda slug: selectors.collaboration_for_page(slug=slug),
            template="networks/collaborations/detail_body.html",
            context=_context,
            title=lambda row: row.title,
            describe=_description,
        )
        return kept_response(request, page)
    try:
        collaboration = selectors.collaboration_for_page(slug=slug)
    except Collaboration.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "networks/collaborations/detail.html",
        {
            **_context(collaboration),
            "can_manage": request.user.has_perm("networks.manage_collaborations"),
        },
    )


class CollaborationCreateView(PermissionRequiredMixin, View):
    permission_required = "networks.manage_collaborations"

    def get(self, request):
        return self._page(CollaborationForm())

    def post(self, request):
        form = CollaborationForm(request.POST)
        if form.is_valid():
            try:
                collaboration = create_collaboration(form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The collaboration is saved."))
                return redirect("networks:collaboration", slug=collaboration.slug)
        return self._page(form)

    def _page(self, form):
        return render(
            self.request,
            "networks/collaborations/form.html",
            {"form": form, "title": _("New collaboration between networks")},
        )


class CollaborationEditView(PermissionRequiredMixin, View):
    permission_required = "networks.manage_collaborations"

    @cached_property
    def collaboration(self) -> Collaboration:
        try:
            return selectors.collaboration_for_page(slug=self.kwargs["slug"])
        except Collaboration.DoesNotExist as missing:
            raise Http404 from missing

    def get(self, request, slug):
        return self._page(CollaborationForm(collaboration=self.collaboration))

    def post(self, request, slug):
        form = CollaborationForm(request.POST, collaboration=self.collaboration)
        if form.is_valid():
            try:
                update_collaboration(self.collaboration, form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The collaboration is saved."))
                return redirect("networks:collaboration", slug=slug)
        return self._page(form)

    def _page(self, form):
        return render(
            self.request,
            "networks/collaborations/form.html",
            {
                "form": form,
                "collaboration": self.collaboration,
                "title": _("Edit %(title)s") % {"title": self.collaboration.title},
            },
        )
