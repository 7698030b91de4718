"""Calls for contributions: the public page of a call, and the organisers' list, new call and
edit. Each organiser view checks its permission, reads a form, calls one service."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from networks.signed_in import own_block
from socialjustice.errors import PortalError, add_to_form
from socialjustice.keptpages import kept_content, kept_response
from socialjustice.pagecache import cached
from socialjustice.permissions import is_organiser
from workshops.enums import WorkshopState

from ..forms.calls import CallForm
from ..models import Call
from ..pages import CONTRIBUTION_PAGES
from ..selectors import calls as selectors
from ..selectors.contributions import contributions_of
from ..services.calls import create_call, update_call


def _call_context(call, *, now) -> dict:
    return {
        "call": call,
        "is_open": call.opens_at <= now < call.closes_at,
        "not_yet": now < call.opens_at,
        "new_url": reverse("contributions:new", args=[call.slug]),
    }


def _kept_call(slug: str, *, signed_in: bool) -> dict:
    """A call's page as everyone sees it who does not organise it, signed in or not (their
    way to take part differs), with who organises it. Kept until the call changes, and while
    it is open for a minute at most: it says how long is left."""

    def build():
        try:
            call = selectors.call_for_page(slug=slug)
        except Call.DoesNotExist:
            return {"missing": True}
        rights = selectors.organiser_pks(call)
        if call.workshop_id and call.workshop.state == WorkshopState.DRAFT:
            return {"missing": False, "public": False, "rights": rights}
        now = timezone.now()
        context = _call_context(call, now=now)
        content = kept_content(
            "contributions/includes/call_body.html",
            {**context, "user": {"is_authenticated": signed_in}},
            title=call.title,
            visitors=not signed_in,
        )
        if context["is_open"]:
            content["expires_at"] = min(call.closes_at, now + timedelta(seconds=60))
        elif context["not_yet"]:
            content["expires_at"] = call.opens_at
        return {"missing": False, "public": True, "rights": rights, "pk": call.pk, **content}

    # A visitor's page is all their request looks up: the other pages' tokens are not read.
    return cached(
        (CONTRIBUTION_PAGES, "workshops"),
        "call-page",
        slug,
        signed_in,
        get_language(),
        build=build,
        every_group=signed_in,
    )


def _mine(user, call_pk: int) -> str:
    """The person's own contributions to the call, kept for them (contributions/pages.py)."""

    def build():
        mine = [c for c in contributions_of(user) if c.call_id == call_pk]
        return render_to_string("contributions/includes/call_mine.html", {"mine": mine})

    return own_block(user, f"call-{call_pk}", groups=(CONTRIBUTION_PAGES,), build=build)


def call_page(request, slug):
    """A call: what it asks, its guidance, the time left and how to take part. Signed in,
    the person starts a contribution; otherwise they give their email address and sign in
    with an emailed code (an account is made if they have none) and come back here."""
    user = request.user
    if not (user.is_authenticated and is_organiser(user)):
        page = _kept_call(slug, signed_in=user.is_authenticated)
        if page["missing"]:
            raise Http404
        if page["public"] and user.pk not in page["rights"]:
            mine = _mine(user, page["pk"]) if user.is_authenticated else ""
            return kept_response(request, page, mine)
    try:
        call = selectors.call_for_page(slug=slug)
    except Call.DoesNotExist as missing:
        raise Http404 from missing
    if call.workshop_id and not user.has_perm("workshops.view_workshop", call.workshop):
        raise Http404
    mine = [c for c in contributions_of(user) if c.call_id == call.pk]
    return render(
        request,
        "contributions/call_detail.html",
        {
            **_call_context(call, now=timezone.now()),
            "mine": mine,
            "can_manage": user.has_perm("contributions.change_call", call),
        },
    )


class CallListView(PermissionRequiredMixin, View):
    """The organisers' calls, each with how many contributions wait for a decision."""

    permission_required = "contributions.manage_calls"

    def get(self, request):
        page = Paginator(selectors.calls_managed_by(request.user), 25).get_page(
            request.GET.get("page")
        )
        return render(request, "contributions/organise/call_list.html", {"page": page})


class CallCreateView(PermissionRequiredMixin, View):
    permission_required = "contributions.manage_calls"

    def get(self, request):
        initial = {"workshop": request.GET.get("workshop")} if request.GET.get("workshop") else {}
        return self._render(CallForm(user=request.user, initial=initial))

    def post(self, request):
        form = CallForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                call = create_call(form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The call is saved: it opens when you said."))
                return redirect("contributions:queue", slug=call.slug)
        return self._render(form)

    def _render(self, form):
        return render(
            self.request,
            "contributions/organise/call_form.html",
            {"form": form, "title": _("New call for contributions")},
        )


class CallMixin(PermissionRequiredMixin):
    """Views about one call, named by its slug; managing it is the permission."""

    permission_required = "contributions.change_call"

    @cached_property
    def call(self):
        try:
            return selectors.call_for_page(slug=self.kwargs["slug"])
        except Call.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.call


class CallEditView(CallMixin, View):
    def get(self, request, slug):
        return self._render(CallForm(instance=self.call, user=request.user))

    def post(self, request, slug):
        form = CallForm(request.POST, instance=self.call, user=request.user)
        if form.is_valid():
            try:
                update_call(self.call, form.to_details(), by=request.user)
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect("contributions:queue", slug=slug)
        return self._render(form)

    def _render(self, form):
        return render(
            self.request,
            "contributions/organise/call_form.html",
            {
                "form": form,
                "call": self.call,
                "title": _("Edit %(title)s") % {"title": self.call.title},
            },
        )
