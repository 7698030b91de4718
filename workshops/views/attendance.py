"""Check-in: a page for a phone at the door, and the meeting tool's list for online workshops."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError

from ..enums import WorkshopFormat
from ..forms.attendance import AttendanceListForm, CheckInForm
from ..models import Registration
from ..selectors.attendance import confirmed_for_check_in
from ..selectors.dashboard import registration_counts
from ..services import attendance
from .base import WorkshopRowMixin

PAGE_SIZE = 50


class CheckInView(WorkshopRowMixin, View):
    """At the door, on a phone: find a name, press Arrived."""

    def get(self, request, slug):
        query = " ".join(request.GET.get("q", "").split())[:200]
        people = confirmed_for_check_in(self.workshop, query=query)
        return self.render(
            "workshops/organise/check_in.html",
            query=query,
            page=Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
            counts=registration_counts(self.workshop),
            can_paste_list=self.workshop.format != WorkshopFormat.IN_PERSON,
        )


class CheckInMarkView(WorkshopRowMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        registration = get_object_or_404(Registration, pk=pk, workshop=self.workshop)
        form = CheckInForm(request.POST)
        query = {}  # the search and page to come back to
        if not form.is_valid():
            messages.error(request, _("Choose Arrived or Undo."))
        else:
            query = {
                name: form.cleaned_data[name] for name in ("q", "page") if form.cleaned_data[name]
            }
            arrived = form.cleaned_data["arrived"]
            try:
                attendance.record_arrival(registration, arrived=arrived, by=request.user)
            except PortalError as error:
                messages.error(request, str(error))
            else:
                text = _("Arrived: %(name)s.") if arrived else _("Not arrived: %(name)s.")
                messages.success(request, text % {"name": registration.name})
        url = reverse("workshops:check_in", args=[slug])
        return redirect(f"{url}?{urlencode(query)}" if query else url)


class CheckInListView(WorkshopRowMixin, View):
    """For an online workshop: the meeting tool's list of who joined marks them attended."""

    template = "workshops/organise/check_in_list.html"

    def get(self, request, slug):
        return self._render(AttendanceListForm())

    def post(self, request, slug):
        form = AttendanceListForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        marked, unmatched = attendance.mark_attended_from_list(
            self.workshop, form.cleaned_data["text"], by=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)s person is marked as attended.",
                "%(count)s people are marked as attended.",
                len(marked),
            )
            % {"count": len(marked)},
        )
        if unmatched:
            messages.warning(
                request,
                ngettext(
                    "This line matched nobody with a place: %(lines)s",
                    "These %(count)s lines matched nobody with a place: %(lines)s",
                    len(unmatched),
                )
                % {"count": len(unmatched), "lines": "; ".join(unmatched)},
            )
        return redirect("workshops:check_in_list", slug=slug)

    def _render(self, form):
        return self.render(self.template, form=form, counts=registration_counts(self.workshop))
