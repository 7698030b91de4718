"""The organisers' side: workshops, series and speakers (the programme and materials are in
programme.py).

Each view checks its permission (rules' PermissionRequiredMixin: a login redirect for
anonymous visitors, 403 for anyone else), reads a form, calls one service, and redirects
with a message or re-renders the form with everything the organiser typed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError

from .. import selectors
from ..forms import (
    CancelForm,
    DuplicateForm,
    SeriesForm,
    SpeakerForm,
    WorkshopForm,
)
from ..models import Speaker, Workshop, WorkshopSeries
from ..services import speakers as speaker_services
from ..services import workshops as workshop_services


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


class OrganiserWorkshopListView(PermissionRequiredMixin, View):
    permission_required = "workshops.view_organiser_workshops"

    def get(self, request):
        page = Paginator(selectors.workshops_managed_by(request.user), 25).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "workshops/organise/workshop_list.html",
            {"page": page, "can_add": request.user.has_perm("workshops.add_workshop")},
        )


class WorkshopCreateView(PermissionRequiredMixin, View):
    permission_required = "workshops.add_workshop"

    def get(self, request):
        return self._render(WorkshopForm(initial={"format": "online"}))

    def post(self, request):
        form = WorkshopForm(request.POST)
        if form.is_valid():
            try:
                workshop = workshop_services.create_workshop(
                    created_by=request.user,
                    fields=form.service_fields(),
                    networks=form.cleaned_data["networks"],
                    organisers=form.cleaned_data["organisers"],
                )
            except PortalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The workshop is saved as a draft. Add its programme next.")
                )
                return redirect("workshops:programme", slug=workshop.slug)
        return self._render(form)

    def _render(self, form):
        return render(
            self.request,
            "workshops/organise/workshop_form.html",
            {"form": form, "title": _("New workshop")},
        )


class WorkshopManageView(WorkshopMixin, View):
    def get(self, request, slug):
        return self.render(
            "workshops/organise/workshop_manage.html",
            programme=list(self.workshop.programme.all()),
            material_count=self.workshop.materials.count(),
        )


class WorkshopEditView(WorkshopMixin, View):
    def get(self, request, slug):
        return self._render(WorkshopForm(instance=self.workshop))

    def post(self, request, slug):
        form = WorkshopForm(request.POST, instance=self.workshop)
        if form.is_valid():
            try:
                changes = workshop_services.update_workshop(
                    self.workshop,
                    fields=form.service_fields(),
                    networks=form.cleaned_data["networks"],
                    # A workshop always keeps someone responsible for it.
                    organisers=form.cleaned_data["organisers"] or None,
                )
            except PortalError as error:
                form.add_error(None, str(error))
            else:
                message = _("The workshop is saved.")
                if changes and self.workshop.state == "published":
                    message += " " + _("Everyone registered will be told about the change.")
                messages.success(request, message)
                return redirect("workshops:manage", slug=self.workshop.slug)
        return self._render(form)

    def _render(self, form):
        return self.render(
            "workshops/organise/workshop_form.html",
            form=form,
            title=_("Edit %(title)s") % {"title": self.workshop.title},
        )


class WorkshopDuplicateView(WorkshopMixin, View):
    def get(self, request, slug):
        return self.render("workshops/organise/duplicate_form.html", form=DuplicateForm())

    def post(self, request, slug):
        form = DuplicateForm(request.POST)
        if form.is_valid():
            copy = workshop_services.duplicate_workshop(
                self.workshop, by=request.user, on=form.cleaned_data["date"]
            )
            messages.success(request, _("This is the copy, saved as a draft."))
            return redirect("workshops:manage", slug=copy.slug)
        return self.render("workshops/organise/duplicate_form.html", form=form)


class WorkshopPublishView(WorkshopMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        try:
            workshop_services.publish_workshop(self.workshop)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The workshop is published: everyone can see it now."))
        return redirect("workshops:manage", slug=slug)


class WorkshopCancelView(WorkshopMixin, View):
    def get(self, request, slug):
        return self.render("workshops/organise/cancel_form.html", form=CancelForm())

    def post(self, request, slug):
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                workshop_services.cancel_workshop(self.workshop, note=form.cleaned_data["note"])
            except PortalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The workshop is cancelled."))
            return redirect("workshops:manage", slug=slug)
        return self.render("workshops/organise/cancel_form.html", form=form)


# Series


class SeriesListView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_series"

    def get(self, request):
        return render(
            request, "workshops/organise/series_list.html", {"series": selectors.series_list()}
        )


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
            workshop_services.save_series(
                self.series,
                fields=form.cleaned_data,
                networks=form.cleaned_data["networks"],
                organisers=form.cleaned_data["organisers"],
            )
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
            workshop_services.duplicate_series(
                series, by=request.user, first_on=form.cleaned_data["date"]
            )
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


# Speakers


class SpeakerListView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_speakers"

    def get(self, request):
        query = request.GET.get("q", "").strip()
        page = Paginator(selectors.speakers_list(query=query), 30).get_page(request.GET.get("page"))
        return render(
            request, "workshops/organise/speaker_list.html", {"page": page, "query": query}
        )


class SpeakerEditView(PermissionRequiredMixin, View):
    permission_required = "workshops.manage_speakers"

    def get(self, request, pk):
        speaker = get_object_or_404(Speaker.objects.select_related("affiliation"), pk=pk)
        return self._render(speaker, SpeakerForm(instance=speaker, **self._kwargs()))

    def post(self, request, pk):
        speaker = get_object_or_404(Speaker.objects.select_related("affiliation"), pk=pk)
        form = SpeakerForm(request.POST, instance=speaker, **self._kwargs())
        if form.is_valid():
            data = form.cleaned_data
            speaker_services.update_speaker(
                speaker,
                name=data["name"],
                honorific=data["honorific"],
                role=data["role"],
                bio=data["bio"],
                affiliation_name=data["affiliation_name"],
            )
            messages.success(request, _("Saved: %(name)s.") % {"name": speaker})
            return redirect("workshops:speaker_list")
        return self._render(speaker, form)

    def _kwargs(self):
        return {"suggest_url": reverse("workshops:organisation_suggestions")}

    def _render(self, speaker, form):
        return render(
            self.request,
            "workshops/organise/speaker_form.html",
            {"form": form, "speaker": speaker},
        )


class SuggestionsView(PermissionRequiredMixin, View):
    """Names matching what is typed, for a field's suggestions (see static/js/suggest.js)."""

    permission_required = "workshops.view_organiser_workshops"
    suggest = None  # a function of the typed text, given in urls.py

    def get(self, request):
        return JsonResponse({"suggestions": self.suggest(request.GET.get("q", ""))})
