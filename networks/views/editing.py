"""Editing the directory: a network's coordinators edit its page; organisers edit every
network, partnership and organisation, and add organisations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form

from ..forms.directory import NetworkForm, OrganisationForm, PartnershipForm
from ..models import Network, Organisation, Partnership
from ..services import directory as services


class EditView(PermissionRequiredMixin, View):
    """One row's edit form: the form with its data, saved through the service, back to the
    row's page with a message; a form with mistakes is shown again with them listed."""

    template_name = "networks/edit_form.html"

    def get_permission_object(self):
        return self.row

    def form(self, data=None):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def back_url(self):
        return reverse(self.success_url_name, args=[self.row.slug])

    def get(self, request, **kwargs):
        return self.render(self.form())

    def post(self, request, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                saved = self.save(form)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, self.saved_message)
                return redirect(self.success_url_name, saved.slug)
        return self.render(form)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": self.title(),
                "submit_label": self.submit_label,
                "back_url": self.back_url(),
                "back_label": self.back_label,
            },
        )


class NetworkEditView(EditView):
    permission_required = "networks.edit_network_page"
    success_url_name = "networks:network"
    submit_label = gettext_lazy("Save the network's page")
    saved_message = gettext_lazy("The network's page is saved.")
    back_label = gettext_lazy("Back to the network's page")

    @cached_property
    def row(self):
        return get_object_or_404(Network, slug=self.kwargs["slug"])

    def form(self, data=None):
        full = self.request.user.has_perm("networks.edit_network_details", self.row)
        return NetworkForm(data, instance=self.row, full=full)

    def save(self, form):
        return services.save_network(self.row, form.to_details(), by=self.request.user)

    def title(self):
        return _("Edit %(name)s") % {"name": self.row.name}


class PartnershipEditView(EditView):
    permission_required = "networks.edit_partnership"
    success_url_name = "networks:partnership"
    submit_label = gettext_lazy("Save the partnership")
    saved_message = gettext_lazy("The partnership is saved.")
    back_label = gettext_lazy("Back to the partnership's page")

    @cached_property
    def row(self):
        return get_object_or_404(Partnership, slug=self.kwargs["slug"])

    def form(self, data=None):
        return PartnershipForm(data, instance=self.row)

    def save(self, form):
        return services.save_partnership(self.row, form.to_details(), by=self.request.user)

    def title(self):
        return _("Edit %(name)s") % {"name": self.row.name}


class OrganisationEditView(EditView):
    """An organisation's entry; a new one when the address names none."""

    permission_required = "networks.edit_organisation"
    success_url_name = "networks:organisation"
    submit_label = gettext_lazy("Save the organisation")
    saved_message = gettext_lazy("The organisation is saved.")

    @property
    def back_label(self):
        if self.row is None:
            return _("Back to the organisations")
        return _("Back to the organisation's page")

    @cached_property
    def row(self):
        slug = self.kwargs.get("slug")
        return get_object_or_404(Organisation, slug=slug) if slug else None

    def form(self, data=None):
        return OrganisationForm(data, instance=self.row)

    def save(self, form):
        return services.save_organisation(self.row, form.to_details(), by=self.request.user)

    def back_url(self):
        if self.row is None:
            return reverse("networks:organisations")
        return super().back_url()

    def title(self):
        if self.row is None:
            return _("Add an organisation")
        return _("Edit %(name)s") % {"name": self.row.name}
