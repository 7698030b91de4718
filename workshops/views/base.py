"""What the organisers' views about one workshop share: the workshop named in the address,
and its permission check (rules' PermissionRequiredMixin: a login redirect for anonymous
visitors, 403 for anyone who does not manage the workshop)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from rules.contrib.views import PermissionRequiredMixin

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
    """The same check on the workshop row alone, for pages that show no programme."""

    @cached_property
    def workshop(self):
        try:
            return selectors.workshop_with_organisers(slug=self.kwargs["slug"])
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing
