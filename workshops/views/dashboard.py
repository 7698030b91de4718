"""The organisers' registration dashboard, a registration's page and the exports.

Same access rule as every organiser page (WorkshopMixin: a login redirect for anonymous
visitors, 403 for anyone who does not manage the workshop); each view reads a form, calls one
service or selector, and redirects with a message or re-renders with what was typed.
"""

from django.contrib import messages
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError
from socialjustice.exports import csv_response, json_response
from socialjustice.keptpages import render_with_forms, with_csrf_token
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, page_number
from socialjustice.paging import CountedPaginator

from ..enums import RegistrationStatus
from ..forms.dashboard import (
    CapacityForm,
    RegistrationAction,
    RegistrationFilterForm,
    RemoveBurstForm,
)
from ..models import Registration
from ..pages import WORKSHOP_PAGES, places_group
from ..selectors import dashboard
from ..selectors.tallies import tallies_of
from ..services import attendance
from ..services import registration as registration_services
from .base import WorkshopRowMixin

PAGE_SIZE = 50


def _filters(request) -> QueryDict:
    """The dashboard's filters and page from the address, each checked: they key its cache
    and make its links."""
    return kept_params(
        request,
        {
            "q": lambda value: len(value) <= 200,
            "status": lambda value: value in RegistrationStatus.values,
            "source": lambda value: len(value) <= 32,
            "page": page_number,
        },
    )


class RegistrationsMixin(WorkshopRowMixin):
    def dashboard_body(self, capacity_form, query: QueryDict) -> str:
        """The dashboard under the header, with the CSRF placeholder in its forms."""
        filters = RegistrationFilterForm(query)
        values = filters.values()
        tallies = tallies_of(self.workshop.pk, from_one=dashboard.BURST_SIZE)
        registrations = dashboard.registrations_for_list(self.workshop, **values)
        paginator = CountedPaginator(
            registrations, PAGE_SIZE, count=dashboard.list_count(tallies, **values)
        )
        page = paginator.get_page(query.get("page"))
        page.object_list = list(page.object_list)
        dashboard.with_positions(
            page.object_list, dashboard.waiting_positions(self.workshop, page.object_list)
        )
        return render_with_forms(
            "workshops/organise/registrations_body.html",
            {
                "request": self.request,
                "workshop": self.workshop,
                "summary": dashboard.registration_summary(self.workshop, tallies),
                "page": page,
                "query": query,
                "filter_form": filters,
                "filtered": any(values.values()),
                "capacity_form": capacity_form,
                "bursts": dashboard.bursts(self.workshop, tallies),
            },
        )

    def render_dashboard(self, capacity_form=None):
        """The dashboard; kept in the cache, for every organiser of the workshop, until a
        registration or the workshop changes (or for a few minutes), unless a form comes
        back with errors."""
        query = _filters(self.request)
        if capacity_form is None:
            workshop = self.workshop
            body = cached(
                (WORKSHOP_PAGES, places_group(workshop.slug)),
                "dashboard",
                workshop.pk,
                query.urlencode(),
                build=lambda: self.dashboard_body(
                    CapacityForm(initial={"capacity": workshop.capacity}), query
                ),
                timeout=LIST_TIMEOUT,
            )
        else:
            body = self.dashboard_body(capacity_form, query)
        return self.render(
            "workshops/organise/registrations.html", body=with_csrf_token(self.request, body)
        )


class RegistrationDashboardView(RegistrationsMixin, View):
    def get(self, request, slug):
        return self.render_dashboard()


class ChangeCapacityView(RegistrationsMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        form = CapacityForm(request.POST)
        if not form.is_valid():
            return self.render_dashboard(form)
        capacity = form.cleaned_data["capacity"]
        promoted = registration_services.change_capacity(
            self.workshop, capacity=capacity, by=request.user
        )
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


class RemoveBurstView(RegistrationsMixin, View):
    """Cancel, without emailing them, the registrations that came from one connection."""

    http_method_names = ["post"]

    def post(self, request, slug):
        form = RemoveBurstForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose which registrations to remove."))
            return redirect("workshops:registrations", slug=slug)
        removed, promoted = registration_services.remove_burst(
            self.workshop, source=form.cleaned_data["source"], by=request.user
        )
        message = ngettext(
            "%(count)s registration is removed. Nobody was emailed about it.",
            "%(count)s registrations are removed. Nobody was emailed about them.",
            removed,
        ) % {"count": removed}
        if promoted:
            message += " " + _("Given a place from the waiting list: %(names)s.") % {
                "names": ", ".join(person.name for person in promoted)
            }
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
            registration_services.confirm_by_hand(registration, by=self.request.user)
            return _("%(name)s has a place now, and is told by email.") % name
        if action == RegistrationAction.CANCEL:
            promoted = registration_services.cancel_registration(registration, by=self.request.user)
            message = _("The registration of %(name)s is cancelled.") % name
            if promoted:
                message += " " + _("Given the place from the waiting list: %(names)s.") % {
                    "names": ", ".join(person.name for person in promoted)
                }
            return message
        attended = action == RegistrationAction.ATTENDED
        attendance.record_arrival(registration, arrived=attended, by=self.request.user)
        if attended:
            return _("%(name)s is marked as attended.") % name
        return _("%(name)s is marked as not attended.") % name


class RegistrationsExportView(RegistrationsMixin, View):
    """Every registration of the workshop as a file: CSV for spreadsheets, or JSON."""

    format = "csv"

    def get(self, request, slug):
        rows = dashboard.export_rows(self.workshop)
        filename = f"{self.workshop.slug}-registrations.{self.format}"
        respond = csv_response if self.format == "csv" else json_response
        return respond(dashboard.EXPORT_HEADER, rows, filename=filename)
