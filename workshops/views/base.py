"""What the organisers' views about one workshop share: the workshop named in the address,
and its permission check (rules' PermissionRequiredMixin: a login redirect for anonymous
visitors, 403 for anyone who does not manage the workshop)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError
from socialjustice.permissions import is_organiser

from ..models import Workshop
from ..selectors import workshops as selectors


class WorkshopMixin(PermissionRequiredMixin):
    """Views about one workshop, named by its slug; managing it is the permission."""

    permission_required = "workshops.change_workshop"

    @cached_property
    def workshop(self):
        try:
            return selectors.workshop_for_managing(slug=self.kwargs["slug"])
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.workshop

    def render(self, template, **context):
        return render(self.request, template, {"workshop": self.workshop, **context})


class WorkshopRowMixin(WorkshopMixin):
    """The same check on the workshop row alone, for pages that show no programme. Site-wide
    organisers may manage every workshop: only for anyone else does the check read who is
    named to organise it, so only then are they loaded with the row."""

    @cached_property
    def workshop(self):
        load = (
            selectors.workshop_row
            if is_organiser(self.request.user)
            else selectors.workshop_with_organisers
        )
        try:
            return load(slug=self.kwargs["slug"])
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing


class DeleteFromWorkshopView(WorkshopMixin, View):
    """Delete one thing of the workshop (a programme item, a material) with `delete`, then
    go back to `back`. A second click on Delete says it is gone already; another workshop's
    thing is not found."""

    http_method_names = ["post"]
    model = None
    back = ""

    def delete(self, thing, *, by):
        raise NotImplementedError

    def post(self, request, slug, pk):
        thing = self.model.objects.filter(pk=pk).first()
        if thing is not None and thing.workshop_id != self.workshop.pk:
            raise Http404
        if thing is None:
            messages.info(request, _("That was deleted already."))
        else:
            try:
                self.delete(thing, by=request.user)
            except PortalError as error:
                messages.info(request, str(error))
            else:
                messages.success(request, _("Deleted: %(title)s.") % {"title": thing.title})
        return redirect(self.back, slug=slug)
