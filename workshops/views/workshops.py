"""Workshops: the public list, a workshop's page and its calendar files; and the organisers'
list, new workshop, overview, edit, copy, publish and cancel.

Public pages are built once and kept in the cache (socialjustice.pagecache) until an
organiser changes something; people who manage a workshop always get its page fresh, with
what only they may see. Each organiser view checks its permission, reads a form, calls one
service, and redirects with a message or re-renders the form with everything typed.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.activity import activity_of, describe
from socialjustice.errors import PortalError, add_to_form
from socialjustice.keptpages import render_with_forms, with_csrf_token
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, page_number, public_response
from socialjustice.permissions import is_organiser

from .. import calendar, feeds
from ..emails import WorkshopChanged, workshop_url
from ..enums import WorkshopFormat, WorkshopState
from ..forms.workshops import CancelForm, DuplicateForm, WorkshopFilter, WorkshopForm
from ..models import Workshop
from ..pages import WORKSHOP_HISTORY, WORKSHOP_PAGES, detail_groups
from ..programme_text import without_bullet
from ..selectors import workshops as selectors
from ..selectors.materials import materials_visible_to
from ..selectors.registration import availability
from ..services import workshops as services
from .base import WorkshopMixin, WorkshopRowMixin

PAGE_SIZE = 20
# What the confirmation's own buttons send, not the form's data it keeps.
CONFIRMATION_FIELDS = {"csrfmiddlewaretoken", "confirm", "back", "version"}
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
ACTIVITY_ON_OVERVIEW = 10


LIST_PARAMS = {
    "format": lambda value: value in WorkshopFormat.values,
    "series": lambda value: bool(SLUG.fullmatch(value)),
    "network": lambda value: bool(SLUG.fullmatch(value)),
    "page": page_number,
}


@public_response("list", groups=(WORKSHOP_PAGES,), params=LIST_PARAMS)
def workshop_list(request):
    query = kept_params(request, LIST_PARAMS)

    def build():
        workshop_filter = WorkshopFilter(query, queryset=selectors.listed_workshops())
        workshops = selectors.UpcomingThenPast(workshop_filter.qs)
        page = Paginator(workshops, PAGE_SIZE).get_page(query.get("page"))
        return render_to_string(
            "workshops/includes/workshop_list_body.html",
            {"filter": workshop_filter, "page": page, "query": query, "request": request},
        )

    body = cached((WORKSHOP_PAGES,), "list", query.urlencode(), build=build, timeout=LIST_TIMEOUT)
    return render(request, "workshops/workshop_list.html", {"body": body})


def _page_context(workshop: Workshop, *, materials) -> dict:
    url = workshop_url(workshop)
    speakers = {}
    for item in workshop.programme.all():
        for speaker in [item.chair, *item.speakers.all()]:
            if speaker is not None:
                speakers[speaker.pk] = speaker
    return {
        "workshop": workshop,
        "programme": list(workshop.programme.all()),
        "speakers": sorted(speakers.values(), key=lambda s: s.name),
        "materials": materials,
        "key_questions": [q for q in map(without_bullet, workshop.key_questions.splitlines()) if q],
        "json_ld": calendar.workshop_json_ld(
            workshop, url=url, organizer_name=_organizer_name(workshop)
        ),
        # Public links, built for everyone: never with the joining link.
        "calendar_links": calendar.add_links(
            workshop, url=url, ics_url=reverse("workshops:workshop_calendar", args=[workshop.slug])
        ),
        "map_url": calendar.map_url(workshop),
        "availability": availability(workshop, now=timezone.now()),
        "is_online": workshop.format != WorkshopFormat.IN_PERSON,
        "is_past": workshop.ends_at < timezone.now(),
        "is_cancelled": workshop.state == WorkshopState.CANCELLED,
        "is_draft": workshop.state == WorkshopState.DRAFT,
    }


def _next_change(workshop: Workshop):
    """When the page would next read differently with no edit: registration opening or
    closing, the workshop starting or ending."""
    now = timezone.now()
    moments = [
        workshop.registration_opens_at,
        workshop.registration_closes_at,
        workshop.starts_at,
        workshop.ends_at,
    ]
    return min((moment for moment in moments if moment and moment > now), default=None)


def _organizer_name(workshop: Workshop) -> str:
    return workshop.partnership.name if workshop.partnership else settings.PORTAL_NAME


@public_response("detail", groups=detail_groups)
def workshop_detail(request, slug):
    """A workshop's page. Anyone may see a published or cancelled one; a draft only those who
    manage it (everyone else gets a 404, as if it did not exist)."""

    def build():
        try:
            workshop = selectors.workshop_for_page(slug=slug)
        except Workshop.DoesNotExist:
            return {"missing": True, "organisers": ()}
        # Who is named to organise it, kept with the page (any change of them rebuilds it):
        # a signed-in visit learns from the page itself whether it is theirs to manage.
        # A tuple, so the page can be kept in the process too (socialjustice.pagecache).
        organisers = tuple(person.pk for person in workshop.organisers.all())
        if workshop.state == WorkshopState.DRAFT:
            return {"missing": True, "organisers": organisers}
        # Built once for everyone, so with what everyone may see.
        context = _page_context(
            workshop, materials=[m for m in workshop.materials.all() if m.visibility == "public"]
        )
        return {
            "missing": False,
            "organisers": organisers,
            "slug": workshop.slug,
            "expires_at": _next_change(workshop),
            "title": (_("Cancelled: %(title)s") % {"title": workshop.title})
            if context["is_cancelled"]
            else workshop.title,
            "json_ld": context["json_ld"],
            "body": render_to_string("workshops/includes/workshop_body.html", context),
        }

    page = cached(detail_groups(slug), "workshop-page", slug, build=build)
    user = request.user
    if user.is_authenticated and (is_organiser(user) or user.pk in page["organisers"]):
        # Most people signed in do not manage it and get the cached page (a draft's is
        # "missing" for them, as for a visitor); only those who might need everything loaded
        # afresh, and the permission asked of the workshop itself. Anyone it refuses (named
        # a moment ago, no longer) gets the cached page too.
        try:
            workshop = selectors.workshop_for_page(slug=slug)
        except Workshop.DoesNotExist as missing:
            raise Http404 from missing
        if user.has_perm("workshops.change_workshop", workshop):
            materials = materials_visible_to(user, workshop, workshop.materials.all())
            context = _page_context(workshop, materials=materials)
            context["can_manage"] = True
            context["show_join_link"] = user.has_perm("workshops.view_join_link", workshop)
            return render(request, "workshops/workshop_detail.html", context)
    if page["missing"]:
        raise Http404
    return render(request, "workshops/workshop_detail_cached.html", page)


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_response("ics", groups=(WORKSHOP_PAGES,))
def workshop_calendar(request, slug):
    def build():
        workshop = selectors.workshop_for_calendar(slug=slug)
        if workshop is None or workshop.state == WorkshopState.DRAFT:
            return b""
        return calendar.calendar_for([workshop], url_for=workshop_url, name=workshop.title)

    content = cached((WORKSHOP_PAGES,), "ics", slug, build=build)
    if not content:
        raise Http404
    return ics_response(content, f"{slug}.ics")


def upcoming_calendar(request):
    # Events kept one per workshop version, the feed rebuilt by one request at a time. Not
    # kept as a whole response too: that would be a second megabyte written after each edit.
    return ics_response(feeds.upcoming_feed(), "workshops.ics")


# Organisers


class WorkshopCreateView(PermissionRequiredMixin, View):
    permission_required = "workshops.add_workshop"

    def get(self, request):
        return self._render(WorkshopForm(initial={"format": "online"}))

    def post(self, request):
        form = WorkshopForm(request.POST)
        if form.is_valid():
            try:
                workshop = services.create_workshop(form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
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


class WorkshopManageView(WorkshopRowMixin, View):
    """A workshop's overview for its organisers, with who changed what, when. The programme
    and the materials are counted, not loaded; the whole is kept in the cache, the same for
    every organiser of the workshop, until the workshop or its history changes."""

    def get(self, request, slug):
        workshop = self.workshop

        def build():
            activity = list(activity_of(workshop)[:ACTIVITY_ON_OVERVIEW])
            return render_with_forms(
                "workshops/organise/workshop_manage_body.html",
                {
                    "request": request,
                    "workshop": workshop,
                    "programme_count": workshop.programme.count(),
                    "material_count": workshop.materials.count(),
                    "activity": [(entry, describe(entry)) for entry in activity],
                },
            )

        body = cached((WORKSHOP_PAGES, WORKSHOP_HISTORY), "overview", workshop.pk, build=build)
        return self.render(
            "workshops/organise/workshop_manage.html", body=with_csrf_token(request, body)
        )


class WorkshopActivityView(WorkshopRowMixin, View):
    """The whole history of a workshop, newest first."""

    def get(self, request, slug):
        page = Paginator(activity_of(self.workshop), 50).get_page(request.GET.get("page"))
        return self.render(
            "workshops/organise/activity.html",
            page=page,
            activity=[(entry, describe(entry)) for entry in page.object_list],
        )


class WorkshopEditView(WorkshopMixin, View):
    """Edit a workshop. A change that would email everyone registered is not saved at once:
    the page shows the email as it will go and to how many people, with the form's data
    kept in it, to save and send, or to go back to the form with everything as typed."""

    def get(self, request, slug):
        return self._render(WorkshopForm(instance=self.workshop))

    def post(self, request, slug):
        form = WorkshopForm(request.POST, instance=self.workshop)
        if "back" in request.POST:
            return self._render(form)
        if form.is_valid():
            try:
                changes = services.update_workshop(
                    self.workshop,
                    form.to_details(),
                    by=request.user,
                    only=form.changed_fields(),
                    ask_first=True,
                    confirmed=request.POST.get("version", "") if "confirm" in request.POST else "",
                    correction=form.is_correction(),
                )
            except services.NeedsConfirmation as ask:
                return self._confirm(ask)
            except PortalError as error:
                add_to_form(form, error)
            else:
                message = _("The workshop is saved.")
                if changes and self.workshop.state == WorkshopState.PUBLISHED:
                    message += " " + (
                        _("Nobody registered is emailed about a correction.")
                        if form.is_correction()
                        else _("Everyone registered will be told about the change.")
                    )
                messages.success(request, message)
                return redirect("workshops:manage", slug=self.workshop.slug)
        return self._render(form)

    def _confirm(self, ask):
        online = ask.workshop.format != WorkshopFormat.IN_PERSON and ask.workshop.join_link
        preview = WorkshopChanged().preview(
            ask.workshop,
            ask.changes,
            recipients=ask.recipients,
            join_link=_("[their joining link]") if online else "",
        )
        kept = [
            (name, value)
            for name, values in self.request.POST.lists()
            if name not in CONFIRMATION_FIELDS
            for value in values
        ]
        return self.render(
            "workshops/organise/workshop_confirm.html",
            preview=preview,
            kept=kept,
            version=ask.version,
            changed_meanwhile=ask.changed_meanwhile,
            title=_("Check the email about the change"),
        )

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
            copy = services.duplicate_workshop(
                self.workshop, by=request.user, on=form.cleaned_data["date"]
            )
            messages.success(request, _("This is the copy, saved as a draft."))
            return redirect("workshops:manage", slug=copy.slug)
        return self.render("workshops/organise/duplicate_form.html", form=form)


class WorkshopPublishView(WorkshopMixin, View):
    http_method_names = ["post"]

    def post(self, request, slug):
        try:
            services.publish_workshop(self.workshop, by=request.user)
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
                services.cancel_workshop(
                    self.workshop, note=form.cleaned_data["note"], by=request.user
                )
            except PortalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The workshop is cancelled."))
            return redirect("workshops:manage", slug=slug)
        return self.render("workshops/organise/cancel_form.html", form=form)
