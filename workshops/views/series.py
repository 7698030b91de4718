"""The organisers' series: list, new, edit, and copy a whole series to new dates."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from ..forms.series import SeriesForm
from ..forms.workshops import DuplicateForm
from ..models import WorkshopSeries
from ..selectors.series import series_list
from ..services import series as services


class SeriesListView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_series"

    def get(self, request):
        return render(request, "workshops/organise/series_list.html", {"series": series_list()})


class SeriesFormView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_series"

    @cached_property
    def series(self):
        slug = self.kwargs.get("slug")
        return get_object_or_404(WorkshopSeries, slug=slug) if slug else None

    def get(self, request, slug=None):
        initial = {} if self.series else {"organisers": [request.user]}
        return self._render(SeriesForm(instance=self.series, initial=initial))

    def post(self, request, slug=None):
        form = SeriesForm(request.POST, instance=self.series)
        if form.is_valid():
            services.save_series(self.series, form.to_details(), by=request.user)
            messages.success(request, _("The series is saved."))
            return redirect("workshops:series_list")
        return self._render(form)

    def _render(self, form):
        title = (
            _("Edit %(title)s") % {"title": self.series.title} if self.series else _("New series")
        )
        return render(
            self.request,
            "workshops/organise/series_form.html",
            {"form": form, "title": title, "series": self.series},
        )


class SeriesDuplicateView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_series"

    def get(self, request, slug):
        series = get_object_or_404(WorkshopSeries, slug=slug)
        return self._render(series, DuplicateForm())

    def post(self, request, slug):
        series = get_object_or_404(WorkshopSeries, slug=slug)
        form = DuplicateForm(request.POST)
        if form.is_valid():
            services.duplicate_series(series, by=request.user, first_on=form.cleaned_data["date"])
            messages.success(request, _("The series and its workshops are copied, as drafts."))
            return redirect("workshops:organise_list")
        return self._render(series, form)

    def _render(self, series, form):
        form.fields["date"].label = _("Date of the first workshop in the copy")
        return render(
            self.request,
            "workshops/organise/series_duplicate.html",
            {"form": form, "series": series},
        )
