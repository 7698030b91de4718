"""Reviewing a call's contributions: the queue, one contribution with what changed and its
history, the decision, reviewers' notes, themes, and the organisers' full export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.activity import activity_of, describe
from socialjustice.errors import PortalError
from socialjustice.exports import csv_response, json_response

from ..forms.review import DecisionForm, NoteForm, QueueFilterForm, ThemesForm
from ..models import Contribution
from ..selectors import review as selectors
from ..selectors.contributions import ORGANISER_HEADER, export_rows
from ..services import review as services
from .calls import CallMixin

PAGE_SIZE = 30


class QueueView(CallMixin, View):
    """A call's contributions to review, filtered by state, group, sector, effect, COVID-19."""

    def get(self, request, slug):
        filters = QueueFilterForm(request.GET)
        values = filters.values()
        page = Paginator(selectors.queue(self.call, **values), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        for contribution in page.object_list:
            contribution.show_author = request.user.has_perm(
                "contributions.view_author", contribution
            )
        return render(
            request,
            "contributions/organise/queue.html",
            {"call": self.call, "page": page, "filter_form": filters, "filtered": bool(values)},
        )


class CallExportView(CallMixin, View):
    """Every contribution of the call that was sent, public or not, marked as such, with
    where its review stands: for the call's organisers only."""

    format = "csv"

    def get(self, request, slug):
        contributions = Contribution.objects.filter(call=self.call).exclude(state="draft")
        rows = export_rows(contributions, public=False)
        respond = csv_response if self.format == "csv" else json_response
        return respond(
            ORGANISER_HEADER, rows, filename=f"{self.call.slug}-contributions.{self.format}"
        )


class ReviewMixin(PermissionRequiredMixin):
    permission_required = "contributions.review_contribution"

    @cached_property
    def contribution(self):
        try:
            return selectors.contribution_for_review(pk=self.kwargs["pk"])
        except Contribution.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.contribution

    def render_review(self, *, decision_form=None, note_form=None, status=200):
        contribution = self.contribution
        activity = list(activity_of(contribution)[:50])
        return render(
            self.request,
            "contributions/organise/review.html",
            {
                "contribution": contribution,
                "call": contribution.call,
                "show_author": self.request.user.has_perm(
                    "contributions.view_author", contribution
                ),
                "changes": selectors.changes_asked_about(contribution),
                "can_decide": contribution.state == "submitted",
                "decision_form": decision_form
                or DecisionForm(initial={"version": contribution.version}),
                "note_form": note_form or NoteForm(),
                "themes_form": ThemesForm(initial={"themes": list(contribution.themes.all())}),
                "activity": [(entry, describe(entry)) for entry in activity],
            },
            status=status,
        )


class ReviewView(ReviewMixin, View):
    def get(self, request, pk):
        return self.render_review()


class DecideView(ReviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_review(decision_form=form)
        data = form.cleaned_data
        try:
            services.decide(
                self.contribution,
                decision=data["decision"],
                message=data["message"],
                version=data["version"],
                by=request.user,
            )
        except PortalError as error:
            if error.field:
                form.add_error(error.field, str(error))
                return self.render_review(decision_form=form)
            # Decided by someone else, or a new version came: say so, show it as it is now.
            messages.warning(request, str(error))
            return redirect("contributions:review", pk=pk)
        messages.success(request, _("Your decision is saved and the contributor is emailed."))
        return redirect("contributions:queue", slug=self.contribution.call.slug)


class NoteView(ReviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_review(note_form=form)
        services.add_note(self.contribution, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, _("Your note is saved. Only reviewers see it."))
        return redirect("contributions:review", pk=pk)


class ThemesView(ReviewMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ThemesForm(request.POST)
        if form.is_valid():
            try:
                services.set_themes(
                    self.contribution, themes=list(form.cleaned_data["themes"]), by=request.user
                )
            except PortalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The themes are saved."))
        else:
            messages.error(request, _("Choose themes from the list."))
        return redirect("contributions:review", pk=pk)
