"""The organisers' speakers, and the suggestions fields offer as people type."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from ..forms.speakers import SpeakerForm
from ..models import Speaker
from ..selectors import speakers as selectors
from ..services import speakers as services


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
            saved = services.update_speaker(
                speaker,
                name=data["name"],
                honorific=data["honorific"],
                role=data["role"],
                bio=data["bio"],
                affiliation_name=data["affiliation_name"],
                by=request.user,
            )
            messages.success(request, _("Saved: %(name)s.") % {"name": saved})
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
