"""Check-in: a page for a phone at the door, and the meeting tool's list for online workshops."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError

from ..enums import WorkshopFormat
from ..forms.attendance import AttendanceListForm, CheckInForm, ConfirmAttendanceForm
from ..models import Registration
from ..selectors.attendance import confirmed_for_check_in
from ..selectors.dashboard import registration_counts
from ..services import attendance
from .base import WorkshopRowMixin

PAGE_SIZE = 50


def before_the_day(workshop) -> bool:
    """Whether today, in UK time, is before the workshop's day: check-in now is early."""
    return timezone.localdate() < timezone.localdate(workshop.starts_at)


def _day(workshop) -> str:
    return date_format(timezone.localtime(workshop.starts_at), "l j F Y")


def _marked_text(count: int) -> str:
    return ngettext(
        "%(count)s person is marked as attended.",
        "%(count)s people are marked as attended.",
        count,
    ) % {"count": count}


class CheckInView(WorkshopRowMixin, View):
    """At the door, on a phone: find a name, press "Mark as arrived"."""

    def get(self, request, slug):
        query = " ".join(request.GET.get("q", "").split())[:200]
        people = confirmed_for_check_in(self.workshop, query=query)
        return self.render(
            "workshops/organise/check_in.html",
            query=query,
            page=Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
            counts=registration_counts(self.workshop),
            can_paste_list=self.workshop.format != WorkshopFormat.IN_PERSON,
            early=before_the_day(self.workshop),
        )


class CheckInMarkView(WorkshopRowMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        registration = get_object_or_404(Registration, pk=pk, workshop=self.workshop)
        form = CheckInForm(request.POST)
        query = {}  # the search and page to come back to
        if not form.is_valid():
            messages.error(request, _("Choose Mark as arrived or Undo."))
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
                if arrived and before_the_day(self.workshop):
                    messages.warning(
                        request,
                        _("The workshop is not until %(day)s. If this was a mistake, press Undo.")
                        % {"day": _day(self.workshop)},
                    )
        url = reverse("workshops:check_in", args=[slug])
        return redirect(f"{url}?{urlencode(query)}" if query else url)


class CheckInListView(WorkshopRowMixin, View):
    """For an online workshop: the meeting tool's list of who joined marks them attended;
    names that only nearly match are shown for the organiser to confirm."""

    template = "workshops/organise/check_in_list.html"

    def get(self, request, slug):
        return self._render(AttendanceListForm())

    def post(self, request, slug):
        form = AttendanceListForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        pasted = attendance.mark_attended_from_list(
            self.workshop, form.cleaned_data["text"], by=request.user
        )
        if pasted.suggestions:
            # Nothing more is saved until the organiser ticks: the page shows what to confirm.
            return self._render(AttendanceListForm(), pasted=pasted)
        messages.success(request, _marked_text(len(pasted.marked)))
        if pasted.unmatched:
            messages.warning(
                request,
                ngettext(
                    "This line matched nobody with a place: %(lines)s",
                    "These %(count)s lines matched nobody with a place: %(lines)s",
                    len(pasted.unmatched),
                )
                % {"count": len(pasted.unmatched), "lines": "; ".join(pasted.unmatched)},
            )
        return redirect("workshops:check_in_list", slug=slug)

    def _render(self, form, pasted=None):
        return self.render(
            self.template,
            form=form,
            pasted=pasted,
            marked_text=_marked_text(len(pasted.marked)) if pasted else "",
            counts=registration_counts(self.workshop),
            early=before_the_day(self.workshop),
        )


class CheckInConfirmView(WorkshopRowMixin, View):
    """The likely matches of a pasted list the organiser ticked, marked as attended."""

    http_method_names = ["post"]

    def post(self, request, slug):
        form = ConfirmAttendanceForm(request.POST, workshop=self.workshop)
        if not form.is_valid():
            messages.error(
                request,
                _(
                    "Someone you ticked no longer has a place, so nobody was marked. Paste "
                    "the list again to see who is left."
                ),
            )
        elif not form.cleaned_data["registrations"]:
            messages.info(request, _("Nobody was ticked, so nobody more is marked as attended."))
        else:
            marked = attendance.confirm_attendance(
                self.workshop,
                [registration.pk for registration in form.cleaned_data["registrations"]],
                by=request.user,
            )
            messages.success(request, _marked_text(len(marked)))
        return redirect("workshops:check_in_list", slug=slug)
