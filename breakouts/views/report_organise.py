"""The organisers' page of a workshop's report: the summary, which groups are ready, the
attendees' corrections with a decision on each, merging duplicate recommendations, opening
the draft for corrections, and publishing. Each view checks its permission, reads a form and
calls one service; a refusal (published already, decided already) is shown as a message."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form
from workshops.models import Workshop

from ..enums import ReportState
from ..forms.report import DecisionForm, MergeForm, OpenForm, SummaryForm
from ..models import Correction, Recommendation
from ..selectors import groups as group_selectors
from ..selectors import report as selectors
from ..services import report as services


class ReportMixin(PermissionRequiredMixin):
    permission_required = "breakouts.manage_report"

    @cached_property
    def workshop(self):
        return get_object_or_404(Workshop, slug=self.kwargs["slug"])

    @cached_property
    def report(self):
        return services.report_for(self.workshop)

    def get_permission_object(self):
        return self.report

    def done(self):
        return redirect("breakouts:report_edit", self.workshop.slug)


class ReportEditView(ReportMixin, View):
    def get(self, request, slug):
        return self.render(SummaryForm(initial={"summary": self.report.summary}))

    def post(self, request, slug):
        form = SummaryForm(request.POST)
        if form.is_valid():
            services.save_summary(
                self.report, summary=form.cleaned_data["summary"], by=request.user
            )
            messages.success(request, _("The summary is saved."))
            return self.done()
        return self.render(form, status=400)

    def render(self, summary_form, *, open_form=None, merge_form=None, status=200):
        choices = selectors.merge_choices(self.workshop)
        corrections = selectors.corrections_of(self.report)
        return render(
            self.request,
            "breakouts/report/edit.html",
            {
                "workshop": self.workshop,
                "report": self.report,
                "is_published": self.report.state == ReportState.PUBLISHED,
                "items": group_selectors.breakout_items(self.workshop),
                "summary_form": summary_form,
                "open_form": open_form or OpenForm(),
                "merge_form": merge_form or MergeForm(choices=choices),
                "merged": [r for r in choices if r.merged_into_id is not None],
                "recommendation_count": len(choices),
                "corrections": [(c, DecisionForm(prefix=f"c{c.pk}")) for c in corrections],
            },
            status=status,
        )


class ReportOpenView(ReportMixin, View):
    """Open the draft to the attendees for a number of days."""

    def post(self, request, slug):
        form = OpenForm(request.POST)
        if form.is_valid():
            try:
                services.open_for_corrections(
                    self.report, days=form.cleaned_data["days"], by=request.user
                )
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("The draft is open for corrections, and the attendees are being emailed."),
                )
                return self.done()
        summary = SummaryForm(initial={"summary": self.report.summary})
        return ReportEditView(request=request, kwargs=self.kwargs).render(
            summary, open_form=form, status=400
        )


class ReportPublishView(ReportMixin, View):
    def post(self, request, slug):
        try:
            services.publish(self.report, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(
                request,
                _("The report is published, and everyone who took part is being emailed its link."),
            )
        return self.done()


class MergeView(ReportMixin, View):
    def post(self, request, slug):
        choices = selectors.merge_choices(self.workshop)
        form = MergeForm(request.POST, choices=choices)
        if form.is_valid():
            found = form.recommendations
            try:
                services.merge(
                    found[form.cleaned_data["duplicate"]],
                    into=found[form.cleaned_data["into"]],
                    by=request.user,
                )
            except PortalError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The two recommendations are merged."))
                return self.done()
        summary = SummaryForm(initial={"summary": self.report.summary})
        return ReportEditView(request=request, kwargs=self.kwargs).render(
            summary, merge_form=form, status=400
        )


class SeparateView(PermissionRequiredMixin, View):
    """Undo a merge."""

    permission_required = "breakouts.manage_groups"

    @cached_property
    def recommendation(self):
        return get_object_or_404(
            Recommendation.objects.select_related("group__workshop"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.recommendation.group.workshop

    def post(self, request, pk):
        try:
            services.separate(self.recommendation, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("The recommendation is followed up on its own again."))
        return redirect("breakouts:report_edit", self.recommendation.group.workshop.slug)


class DecideView(PermissionRequiredMixin, View):
    """Accept or decline an attendee's correction."""

    permission_required = "breakouts.manage_report"

    @cached_property
    def correction(self):
        try:
            return Correction.objects.select_related("report__workshop").get(pk=self.kwargs["pk"])
        except Correction.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.correction.report

    def post(self, request, pk):
        correction = self.correction
        form = DecisionForm(request.POST, prefix=f"c{correction.pk}")
        slug = correction.report.workshop.slug
        if not form.is_valid():
            messages.error(request, _("Choose whether to accept or decline the suggestion."))
            return redirect(f"{redirect('breakouts:report_edit', slug).url}#correction-{pk}")
        try:
            services.decide_correction(
                correction,
                accept=form.cleaned_data["decision"] == "accept",
                reply=form.cleaned_data["reply"],
                by=request.user,
            )
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Your decision is saved, and its author is told."))
        return redirect("breakouts:report_edit", slug)
