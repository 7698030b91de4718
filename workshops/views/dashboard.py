"""The organisers' registration dashboard, a registration's page, the CSV export and check-in.

Same access rule as every organiser page (WorkshopMixin: a login redirect for anonymous
visitors, 403 for anyone who does not manage the workshop); each view reads a form, calls one
service or selector, and redirects with a message or re-renders with what was typed.
"""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError

from .. import dashboard, selectors
from ..enums import RegistrationStatus, WorkshopFormat
from ..forms_dashboard import (
    AttendanceListForm,
    CapacityForm,
    CheckInForm,
    RegistrationAction,
    RegistrationFilterForm,
)
from ..models import Registration, Workshop
from ..services import attendance
from ..services import registration as registration_services
from .organise import WorkshopMixin

PAGE_SIZE = 50


class RegistrationsMixin(WorkshopMixin):
    """WorkshopMixin's permission check, on the workshop row alone: these pages show no
    programme, so they do not load it."""

    @cached_property
    def workshop(self):
        try:
            return selectors.workshop_with_organisers(slug=self.kwargs["slug"])
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing

    def render_dashboard(self, capacity_form):
        filters = RegistrationFilterForm(self.request.GET)
        values = filters.values()
        registrations = dashboard.registrations_for_list(self.workshop, **values)
        page = Paginator(registrations, PAGE_SIZE).get_page(self.request.GET.get("page"))
        dashboard.with_positions(page.object_list, dashboard.waiting_positions(self.workshop))
        return self.render(
            "workshops/organise/registrations.html",
            summary=dashboard.registration_summary(self.workshop),
            page=page,
            filter_form=filters,
            filtered=any(values.values()),
            capacity_form=capacity_form,
        )


class RegistrationDashboardView(RegistrationsMixin, View):
    def get(self, request, slug):
        return self.render_dashboard(CapacityForm(initial={"capacity": self.workshop.capacity}))


class ChangeCapacityView(RegistrationsMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = CapacityForm(request.POST)
        if not form.is_valid():
            return self.render_dashboard(form)
        capacity = form.cleaned_data["capacity"]
        promoted = registration_services.change_capacity(self.workshop, capacity=capacity)
        if capacity is None:
            message = _("There is no limit on places now.")
        else:
            message = ngettext(
                "There is %(count)s place now.", "There are %(count)s places now.", capacity
            ) % {"count": capacity}
        message += " " + ngettext(
            "%(count)s person got a place from the waiting list.",
            "%(count)s people got a place from the waiting list.",
            len(promoted),
        ) % {"count": len(promoted)}
        messages.success(request, message)
        return redirect("workshops:registrations", slug=slug)


class RegistrationDetailView(RegistrationsMixin, View):
    """Everything a person gave, their needs included (only organisers see this page), and
    what can be done about their place."""

    template = "workshops/organise/registration_detail.html"

    def get(self, request, slug, pk):
        try:
            registration = dashboard.registration_for_detail(self.workshop, pk=pk)
        except Registration.DoesNotExist as missing:
            raise Http404 from missing
        status = registration.status
        return self.render(
            self.template,
            registration=registration,
            can_give_place=status == RegistrationStatus.WAITING,
            can_cancel=status != RegistrationStatus.CANCELLED,
            can_mark_attended=status == RegistrationStatus.CONFIRMED
            and registration.attended_at is None,
            can_unmark_attended=registration.attended_at is not None,
        )

    def post(self, request, slug, pk):
        registration = get_object_or_404(Registration, pk=pk, workshop=self.workshop)
        form = RegistrationAction(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the buttons."))
        else:
            try:
                message = self._act(form.cleaned_data["action"], registration)
            except PortalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, message)
        return redirect("workshops:registration_detail", slug=slug, pk=pk)

    def _act(self, action, registration) -> str:
        name = {"name": registration.name}
        if action == RegistrationAction.GIVE_PLACE:
            registration_services.confirm_by_hand(registration)
            return _("%(name)s has a place now, and is told by email.") % name
        if action == RegistrationAction.CANCEL:
            promoted = registration_services.cancel_registration(registration, by_organiser=True)
            message = _("The registration of %(name)s is cancelled.") % name
            if promoted:
                message += " " + _("Given the place from the waiting list: %(names)s.") % {
                    "names": ", ".join(person.name for person in promoted)
                }
            return message
        attended = action == RegistrationAction.ATTENDED
        attendance.record_arrival(registration, arrived=attended)
        if attended:
            return _("%(name)s is marked as attended.") % name
        return _("%(name)s is marked as not attended.") % name


# Cells a spreadsheet program would read as a formula (or, for tab and carriage return, split
# so that the next character starts one): a leading quote makes them plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class _Echo:
    """csv.writer writes one row into this and hands back the text, for streaming."""

    def write(self, value):
        return value


class RegistrationsCsvView(RegistrationsMixin, View):
    def get(self, request, slug):
        writer = csv.writer(_Echo())
        rows = dashboard.export_rows(self.workshop)

        def lines():
            # The byte order mark makes spreadsheet programs read the file as UTF-8.
            yield "\ufeff"
            for row in rows:
                yield writer.writerow([neutralise_formula(cell) for cell in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.workshop.slug}-registrations.csv"'
        )
        # People's needs and addresses: never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        return response


# Check-in


class CheckInView(RegistrationsMixin, View):
    """At the door, on a phone: find a name, press Arrived."""

    def get(self, request, slug):
        query = " ".join(request.GET.get("q", "").split())[:200]
        people = dashboard.confirmed_for_check_in(self.workshop, query=query)
        return self.render(
            "workshops/organise/check_in.html",
            query=query,
            page=Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
            counts=dashboard.registration_counts(self.workshop),
            can_paste_list=self.workshop.format != WorkshopFormat.IN_PERSON,
        )


class CheckInMarkView(RegistrationsMixin, View):
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
                attendance.record_arrival(registration, arrived=arrived)
            except PortalError as error:
                messages.error(request, str(error))
            else:
                text = _("Arrived: %(name)s.") if arrived else _("Not arrived: %(name)s.")
                messages.success(request, text % {"name": registration.name})
        url = reverse("workshops:check_in", args=[slug])
        return redirect(f"{url}?{urlencode(query)}" if query else url)


class CheckInListView(RegistrationsMixin, View):
    """For an online workshop: the meeting tool's list of who joined marks them attended."""

    template = "workshops/organise/check_in_list.html"

    def get(self, request, slug):
        return self._render(AttendanceListForm())

    def post(self, request, slug):
        form = AttendanceListForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        marked, unmatched = attendance.mark_attended_from_list(
            self.workshop, form.cleaned_data["text"]
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
        return self.render(
            self.template, form=form, counts=dashboard.registration_counts(self.workshop)
        )
