"""The recommendation tracker: the public list (filtered, sorted, a page at a time, kept in
the page cache) and its spreadsheet, one recommendation's page with its whole trail, support
from anyone signed in, an owner's or organiser's update, and the import of a spreadsheet
(upload, a preview of every change, then confirm: all or nothing).

A recommendation is public once its workshop's report is published; until then its page is
a 404 for everyone but the workshop's organisers, and a duplicate merged into another sends
its visitors to that one.
"""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from contributions.pages import CONTRIBUTION_PAGES
from networks.roles import coordinates_networks
from networks.signed_in import own_block
from socialjustice.errors import PortalError, add_to_form
from socialjustice.exports import csv_response
from socialjustice.keptpages import kept_content, kept_response, render_with_forms
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, public_response
from socialjustice.permissions import is_organiser

from ..enums import RecommendationStatus
from ..forms.tracker import (
    TRACKER_PARAMS,
    ConfirmImportForm,
    ImportForm,
    TrackerFilterForm,
    UpdateForm,
    signed_import,
)
from ..models import Recommendation, Support
from ..pages import REPORT_PAGES
from ..selectors import tracker as selectors
from ..services import tracker as services

PAGE_SIZE = 25


@public_response("tracker", groups=(REPORT_PAGES,), params=TRACKER_PARAMS)
def tracker(request):
    """Every public recommendation, with its status, owner and due date."""
    query = kept_params(request, TRACKER_PARAMS)

    def build():
        form = TrackerFilterForm(query, lists=selectors.tracker_choices())
        results = selectors.tracked(form.filters())
        page = Paginator(results, PAGE_SIZE).get_page(query.get("page"))
        return render_to_string(
            "breakouts/tracker/list_body.html",
            {"form": form, "page": page, "query": query, "request": request},
        )

    body = cached((REPORT_PAGES,), "tracker", query.urlencode(), build=build, timeout=LIST_TIMEOUT)
    export = query.copy()
    export.pop("page", None)
    return render(
        request,
        "breakouts/tracker/tracker.html",
        {
            "body": body,
            "export_query": export.urlencode(),
            "can_import": request.user.has_perm("breakouts.import_recommendations"),
        },
    )


def tracker_csv(request):
    """The list as the filters choose it, as a spreadsheet: every page, in the same order."""
    query = kept_params(request, TRACKER_PARAMS)
    form = TrackerFilterForm(query, lists=selectors.tracker_choices())
    rows = selectors.export_rows(selectors.tracked(form.filters()))
    return csv_response(selectors.EXPORT_HEADER, rows, filename="recommendations.csv")


class RecommendationMixin:
    """The recommendation the address names, if the person may see it (else 404)."""

    @cached_property
    def recommendation(self) -> Recommendation:
        user = self.request.user
        try:
            recommendation = selectors.recommendation_for_page(self.kwargs["pk"], user=user)
        except Recommendation.DoesNotExist as missing:
            raise Http404 from missing
        self.is_public = selectors.is_public(recommendation)
        if not self.is_public and not user.has_perm(
            "breakouts.manage_groups", recommendation.group.workshop
        ):
            raise Http404
        return recommendation

    def get_permission_object(self):
        return self.recommendation


def _merged_into_public(pk: int) -> int | None:
    main = Recommendation.objects.filter(pk=pk).values_list("merged_into", flat=True).first()
    if main and selectors.public_recommendations().filter(pk=main).exists():
        return main
    return None


def _page_context(recommendation, *, is_public: bool) -> dict:
    open_ = recommendation.status not in selectors.CLOSED
    return {
        "recommendation": recommendation,
        "group": recommendation.group,
        "workshop": recommendation.group.workshop,
        "is_public": is_public,
        "overdue": bool(
            open_ and recommendation.due_on and recommendation.due_on < timezone.localdate()
        ),
        **selectors.trail(recommendation),
    }


def _kept_page(pk) -> dict:
    """A public recommendation's page as everyone signed in sees it who neither organises its
    workshop nor coordinates a network (who might own it), with the workshop's organisers:
    kept until it, its report or its supporters change (breakouts/pages.py). Until the next
    day, too, if it may become overdue."""

    def build():
        try:
            recommendation = selectors.recommendation_for_page(pk, user=AnonymousUser())
        except Recommendation.DoesNotExist:
            return {"missing": True}
        if not selectors.is_public(recommendation):
            return {"missing": True}
        workshop = recommendation.group.workshop
        content = kept_content(
            "breakouts/tracker/recommendation_body.html",
            _page_context(recommendation, is_public=True),
            title=Truncator(recommendation.text).words(12, truncate=" …"),
            organisers=tuple(workshop.organisers.values_list("pk", flat=True)),
        )
        if recommendation.due_on and recommendation.status not in selectors.CLOSED:
            tomorrow = timezone.localdate() + timedelta(days=1)
            content["expires_at"] = timezone.make_aware(datetime.combine(tomorrow, time.min))
        return {"missing": False, **content}

    return cached((REPORT_PAGES,), "recommendation-page", pk, get_language(), build=build)


def _support_part(user, pk) -> str:
    """Whether this person supports it, or the button to: kept for them."""

    def build():
        supported = Support.objects.filter(recommendation_id=pk, person=user).exists()
        return render_with_forms(
            "breakouts/tracker/_support.html",
            {"user": user, "recommendation": {"pk": pk, "supported": supported}},
        )

    return own_block(user, f"support-{pk}", groups=(REPORT_PAGES,), build=build)


class RecommendationView(RecommendationMixin, View):
    """One recommendation and its trail: where it came from, the contributions behind it,
    and every update since."""

    def get(self, request, pk):
        user = request.user
        if user.is_authenticated and not (is_organiser(user) or coordinates_networks(user)):
            page = _kept_page(pk)
            if not page["missing"] and user.pk not in page["organisers"]:
                return kept_response(request, page, _support_part(user, pk))
        try:
            recommendation = self.recommendation
        except Http404:
            main = _merged_into_public(pk)
            if main is None:
                raise
            return redirect("breakouts:recommendation", main)
        return render(
            request,
            "breakouts/tracker/recommendation.html",
            {
                **_page_context(recommendation, is_public=self.is_public),
                "can_update": request.user.has_perm(
                    "breakouts.update_recommendation", recommendation
                ),
            },
        )


# Visitors get the page from the cache, as the list: it has no form for them (signing in to
# support is a link). Built for each visit, it served 0.055 of the bare view's requests.
# The contributions behind it are shown by their titles.
recommendation_page = public_response("recommendation", groups=(REPORT_PAGES, CONTRIBUTION_PAGES))(
    RecommendationView.as_view()
)


class SupportView(RecommendationMixin, PermissionRequiredMixin, View):
    """Support a recommendation: once each, however often the button is pressed."""

    permission_required = "breakouts.support_recommendation"
    http_method_names = ["get", "post"]

    def get(self, request, pk):
        # Where signing in (to support) comes back to: the page with the button.
        return redirect("breakouts:recommendation", pk)

    def post(self, request, pk):
        try:
            added = services.support(self.recommendation, by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you: you support this recommendation.")
                if added
                else _("You support this recommendation already: each person counts once."),
            )
        return redirect("breakouts:recommendation", pk)


class UpdateView(RecommendationMixin, PermissionRequiredMixin, View):
    """An owner network's coordinator, or an organiser, updates a recommendation."""

    permission_required = "breakouts.update_recommendation"

    def get(self, request, pk):
        recommendation = self.recommendation
        form = UpdateForm(
            initial={
                "status": recommendation.status,
                "progress": recommendation.progress,
                "due_on": recommendation.due_on,
                "seen": selectors.last_update_pk(recommendation),
            }
        )
        return self._page(form)

    def post(self, request, pk):
        form = UpdateForm(request.POST)
        if form.is_valid():
            try:
                update = services.update_recommendation(
                    self.recommendation,
                    values=form.values(),
                    note=form.cleaned_data["note"],
                    by=request.user,
                    seen=form.cleaned_data["seen"],
                )
            except services.UpdatedMeanwhile as meanwhile:
                add_to_form(form, meanwhile)
                # Saved again, the form is taken as made after the update it now shows.
                form.data = form.data.copy()
                form.data["seen"] = selectors.last_update_pk(self.recommendation)
            except PortalError as error:
                add_to_form(form, error)
            else:
                if update is None:
                    messages.success(request, _("Nothing changed, so no update was added."))
                else:
                    messages.success(request, _("The update is saved."))
                return redirect("breakouts:recommendation", pk)
        return self._page(form)

    def _page(self, form):
        recommendation = self.recommendation
        return render(
            self.request,
            "breakouts/tracker/update.html",
            {
                "form": form,
                "recommendation": recommendation,
                "statuses": RecommendationStatus.choices,
                **selectors.trail(recommendation),
            },
        )


class ImportView(PermissionRequiredMixin, View):
    """Update many recommendations from the tracker's spreadsheet: upload it, read the
    preview of every change, then confirm. Nothing is saved if any line is wrong."""

    permission_required = "breakouts.import_recommendations"

    def get(self, request):
        return self._upload(ImportForm())

    def post(self, request):
        if "token" in request.POST:
            return self._confirm(ConfirmImportForm(request.POST))
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload(form)
        plan = selectors.plan_import(form.lines, by=request.user)
        return self._preview(plan, form.text)

    def _confirm(self, form):
        if not form.is_valid():
            messages.error(self.request, form.errors["token"][0])
            return self._upload(ImportForm())
        try:
            imported = services.import_updates(form.lines, digest=form.digest, by=self.request.user)
        except services.ImportChanged as changed:
            messages.error(self.request, str(changed))
            return self._preview(changed.plan, form.text)
        messages.success(
            self.request,
            ngettext(
                "%(n)s recommendation is updated from the spreadsheet.",
                "%(n)s recommendations are updated from the spreadsheet.",
                imported.updated,
            )
            % {"n": imported.updated},
        )
        return redirect("breakouts:tracker")

    def _upload(self, form):
        return render(self.request, "breakouts/tracker/import.html", {"form": form})

    def _preview(self, plan, text):
        token = signed_import(text, plan.digest) if plan.ok and plan.updates else ""
        return render(
            self.request,
            "breakouts/tracker/import_preview.html",
            {"plan": plan, "confirm": ConfirmImportForm(initial={"token": token}), "token": token},
        )
