"""Stakeholder lists, for organisers only (they are working documents): the lists, a new
list, one list with what it still lacks, its edit form, and adding, removing and updating the
organisations on it. Each view checks the permission, reads a form, calls one service."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form

from ..enums import InvitationState
from ..forms.stakeholders import AddStakeholderForm, StakeholderListForm, StakeholderStateForm
from ..models import Organisation, StakeholderList
from ..selectors import stakeholders as selectors
from ..selectors.coverage import known_places
from ..services import stakeholders as services

LISTS_PER_PAGE = 25
STAKEHOLDERS_PER_PAGE = 50


class ManageMixin(PermissionRequiredMixin):
    permission_required = "networks.manage_stakeholders"


class StakeholderListsView(ManageMixin, View):
    def get(self, request):
        page = Paginator(selectors.stakeholder_lists(), LISTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return render(request, "networks/stakeholders/lists.html", {"page": page})


def _render_form(request, form, *, stakeholder_list=None):
    regions, _cities = known_places()
    title = (
        _("Edit %(title)s") % {"title": stakeholder_list.title}
        if stakeholder_list
        else _("New stakeholder list")
    )
    return render(
        request,
        "networks/stakeholders/form.html",
        {"form": form, "title": title, "stakeholder_list": stakeholder_list, "regions": regions},
    )


class StakeholderListCreateView(ManageMixin, View):
    def get(self, request):
        return _render_form(request, StakeholderListForm())

    def post(self, request):
        form = StakeholderListForm(request.POST)
        if form.is_valid():
            try:
                created = services.create_stakeholder_list(form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The list is saved. Now add organisations to it."))
                return redirect("networks:stakeholder_list", slug=created.slug)
        return _render_form(request, form)


class ListMixin(ManageMixin):
    """Views about one list, named by its slug."""

    @cached_property
    def stakeholder_list(self) -> StakeholderList:
        try:
            return selectors.stakeholder_list_for_page(slug=self.kwargs["slug"])
        except StakeholderList.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.stakeholder_list

    def back(self):
        return redirect("networks:stakeholder_list", slug=self.stakeholder_list.slug)

    def render_page(self, *, add_form=None, similar=(), status=200):
        stakeholder_list = self.stakeholder_list
        page = Paginator(selectors.stakeholders_of(stakeholder_list), STAKEHOLDERS_PER_PAGE)
        page = page.get_page(self.request.GET.get("page"))
        wanted = [group.slug for group in stakeholder_list.equality_groups.all()]
        coverage_query = urlencode(
            [("groups", slug) for slug in wanted]
            + ([("region", stakeholder_list.region)] if stakeholder_list.region else []),
        )
        return render(
            self.request,
            "networks/stakeholders/detail.html",
            {
                "stakeholder_list": stakeholder_list,
                "page": page,
                "gaps": selectors.list_gaps(stakeholder_list),
                "add_form": add_form or AddStakeholderForm(),
                "similar": similar,
                "states": InvitationState.choices,
                "coverage_url": reverse("networks:coverage")
                + (f"?{coverage_query}" if coverage_query else ""),
            },
            status=status,
        )


class StakeholderListView(ListMixin, View):
    def get(self, request, slug):
        return self.render_page()


class StakeholderListEditView(ListMixin, View):
    def get(self, request, slug):
        return _render_form(
            request,
            StakeholderListForm(instance=self.stakeholder_list),
            stakeholder_list=self.stakeholder_list,
        )

    def post(self, request, slug):
        form = StakeholderListForm(request.POST, instance=self.stakeholder_list)
        if form.is_valid():
            try:
                services.update_stakeholder_list(
                    self.stakeholder_list, form.to_details(), by=request.user
                )
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The list is saved."))
                return self.back()
        # The form changed the instance it was given: show the list's saved title.
        self.stakeholder_list.refresh_from_db()
        return _render_form(request, form, stakeholder_list=self.stakeholder_list)


class StakeholderAddView(ListMixin, View):
    """Add an organisation: one of the suggestions (by its number), or one typed by name."""

    http_method_names = ["post"]

    def post(self, request, slug):
        chosen = request.POST.get("organisation", "")
        form = AddStakeholderForm(request.POST)
        similar = []
        if chosen.isdigit():
            organisation = Organisation.objects.filter(pk=int(chosen)).first()
            if organisation is None:
                messages.error(request, _("That organisation is no longer in the directory."))
                return self.back()
        elif form.is_valid():
            organisation, similar = selectors.organisation_by_name(form.cleaned_data["name"])
            if organisation is None:
                form.add_error(
                    "name",
                    _("No organisation in the directory has that name: choose one below.")
                    if similar
                    else _("No organisation in the directory has that name."),
                )
        else:
            organisation = None
        if organisation is not None:
            try:
                services.add_stakeholder(
                    self.stakeholder_list, organisation=organisation, by=request.user
                )
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request, _("%(name)s is on the list.") % {"name": organisation.name}
                )
                return self.back()
        return self.render_page(add_form=form, similar=similar)


class StakeholderRemoveView(ListMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        try:
            services.remove_stakeholder(self.stakeholder_list, stakeholder_pk=pk, by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The organisation is off the list."))
        return self.back()


class StakeholderStateView(ListMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        form = StakeholderStateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose where the organisation stands, then save."))
            return self.back()
        try:
            changed = services.set_stakeholder_state(
                self.stakeholder_list,
                stakeholder_pk=pk,
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s: %(state)s.")
                % {"name": changed.organisation.name, "state": changed.get_state_display()},
            )
        return self.back()
