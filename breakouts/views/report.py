"""A workshop's report: its page, public once published (built once and kept in the page
cache), and its downloads: an accessible PDF, the recommendations as CSV, and Markdown.

While the report is open for corrections, the workshop's attendees read the draft here and
suggest corrections; its organisers always see it, draft or not. Everyone else gets a 404, as
if there were no report.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialjustice import building
from socialjustice.errors import PortalError, add_to_form
from socialjustice.exports import csv_response
from socialjustice.keptpages import kept_content, kept_response, print_stylesheet
from socialjustice.pagecache import cached, public_response
from socialjustice.pdf import html_to_pdf, pdf_language
from socialjustice.permissions import is_organiser
from workshops.models import Workshop

from ..enums import ReportState
from ..forms.report import CorrectionForm
from ..models import Report
from ..pages import REPORT_PAGES
from ..selectors.report import report_contents
from ..services.report import suggest_correction

RETRY_AFTER_SECONDS = 10
PDF = "report_pdf"
# What the worker does, in order, as the person waiting is told.
PDF_STEPS = (
    gettext_lazy("gathering what the groups recorded"),
    gettext_lazy("writing the pages"),
    gettext_lazy("laying out the PDF"),
)


def _report(request, slug) -> Report:
    """The report, if this person may read it; a 404 otherwise. Someone signed out who is
    sent a draft's link (open for corrections) is asked to sign in first."""
    report = Report.objects.select_related("workshop").filter(workshop__slug=slug).first()
    if report is None:
        raise Http404
    if not request.user.has_perm("breakouts.view_report", report):
        if report.state == ReportState.CORRECTIONS and not request.user.is_authenticated:
            raise NeedsSignIn
        raise Http404
    return report


class NeedsSignIn(Exception):
    pass


def _signed_in_first(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NeedsSignIn:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _body(report: Report) -> str:
    """The report's content, the same for everyone who may read it."""

    def build():
        return render_to_string(
            "breakouts/report/body.html",
            {
                "workshop": report.workshop,
                "report": report,
                "contents": report_contents(report.workshop),
            },
        )

    return cached((REPORT_PAGES,), "report", report.workshop_id, build=build)


def _kept_page(slug) -> dict:
    """A published report's page as everyone signed in sees it who does not organise the
    workshop, with who does: kept until the report or its workshop changes."""

    def build():
        report = Report.objects.select_related("workshop").filter(workshop__slug=slug).first()
        if report is None or report.state != ReportState.PUBLISHED:
            return {"missing": True}
        workshop = report.workshop
        content = kept_content(
            "breakouts/report/page_body.html",
            {"report": report, "workshop": workshop, "body": _body(report)},
            title=_("Report of %(title)s") % {"title": workshop.title},
            head=print_stylesheet(),
            organisers=tuple(workshop.organisers.values_list("pk", flat=True)),
        )
        return {"missing": False, **content}

    return cached((REPORT_PAGES,), "report-page", slug, get_language(), build=build)


@public_response("report", groups=(REPORT_PAGES,))
@_signed_in_first
def report_page(request, slug):
    user = request.user
    if user.is_authenticated and not is_organiser(user):
        page = _kept_page(slug)
        if not page["missing"] and user.pk not in page["organisers"]:
            return kept_response(request, page)
    report = _report(request, slug)
    context = {"report": report, "workshop": report.workshop, "body": _body(report)}
    if user.has_perm("breakouts.correct_report", report):
        context["correction_form"] = CorrectionForm()
    context["can_manage"] = user.has_perm("breakouts.manage_report", report)
    return render(request, "breakouts/report/page.html", context)


@require_POST
@_signed_in_first
def correct(request, slug):
    """An attendee's suggested correction, while the report is open for them."""
    report = _report(request, slug)
    if not request.user.has_perm("breakouts.correct_report", report):
        messages.error(request, _("The report is not open for corrections any more."))
        return redirect("breakouts:report", slug)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            suggest_correction(report, author=request.user, text=form.cleaned_data["text"])
        except PortalError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Thank you: the organisers have your suggestion and will reply.")
            )
            return redirect("breakouts:report", slug)
    context = {"report": report, "workshop": report.workshop, "body": _body(report)}
    context["correction_form"] = form
    return render(request, "breakouts/report/page.html", context, status=400)


# Downloads


def recommendation_rows(report: Report):
    contents = report_contents(report.workshop)
    for level, categories in contents.recommendations:
        for category, items in categories:
            for item in items:
                yield [
                    item.group.name,
                    item.text,
                    level,
                    str(item.four_r or ""),
                    category,
                    str(item.owner_network or item.owner_organisation or ""),
                    "; ".join(contribution.title for contribution in item.contributions.all()),
                    "; ".join(f"{source.group.name}: {source.text}" for source in item.sources),
                ]


RECOMMENDATION_HEADER = (
    _("Group"),
    _("Recommendation"),
    _("Level"),
    _("4R"),
    _("Category"),
    _("Proposed owner"),
    _("Contributions behind it"),
    _("Also said by"),
)


@_signed_in_first
def report_csv(request, slug):
    report = _report(request, slug)
    return csv_response(
        RECOMMENDATION_HEADER,
        recommendation_rows(report),
        filename=f"{report.workshop.slug}-recommendations.csv",
    )


@_signed_in_first
def report_markdown(request, slug):
    report = _report(request, slug)
    text = render_to_string(
        "breakouts/report/report.md",
        {
            "workshop": report.workshop,
            "report": report,
            "contents": report_contents(report.workshop),
            "address": settings.PORTAL_URL + reverse("breakouts:report", args=[slug]),
        },
    )
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.workshop.slug}-report.md"'
    response["Cache-Control"] = "private, no-store"
    return response


class ReportTooLarge(Exception):
    """The report has more in it than a request should lay out."""


def report_pdf(report: Report, *, in_request: bool = False, steps=None) -> bytes:
    """The report as a tagged PDF, from the page cache or built now and kept there (any
    change to the report or what the groups recorded makes the next one afresh). In a
    request, a report with more than REPORT_PDF_INLINE_LIMIT outputs raises ReportTooLarge
    so a worker builds it instead."""
    note = steps or (lambda step: None)

    def build():
        note(1)
        contents = report_contents(report.workshop)
        size = contents.recommendation_count + sum(
            len(items) for outputs in contents.groups for items in outputs.entries.values()
        )
        if in_request and size > settings.REPORT_PDF_INLINE_LIMIT:
            raise ReportTooLarge
        note(2)
        title = _("Report of %(title)s") % {"title": report.workshop.title}
        html = render_to_string(
            "breakouts/report/report_pdf.html",
            {
                "workshop": report.workshop,
                "report": report,
                "contents": contents,
                "title": title,
                "language": pdf_language(),
                "portal_name": settings.PORTAL_NAME,
                "portal_url": settings.PORTAL_URL,
                "address": settings.PORTAL_URL
                + reverse("breakouts:report", args=[report.workshop.slug]),
            },
        )
        note(3)
        return html_to_pdf(html, title=title)

    return cached((REPORT_PAGES,), PDF, report.workshop_id, build=build)


def keep_report_pdf(workshop_id: int) -> int:
    """The worker's half of a large report: build its PDF into the page cache, noting each
    step for those waiting; its size."""
    report = Report.objects.select_related("workshop").filter(workshop_id=workshop_id).first()
    try:
        if report is None:
            return 0
        return len(
            report_pdf(report, steps=lambda step: building.record_step(PDF, workshop_id, step))
        )
    finally:
        building.finished(PDF, workshop_id)


def _progress(workshop: Workshop) -> dict:
    step = building.step_of(PDF, workshop.pk)
    if step is None:
        return {"building": False}
    done = max(step - 1, 0)
    return {
        "building": True,
        "step": max(step, 1),
        "steps": len(PDF_STEPS),
        "percent": round(100 * done / len(PDF_STEPS)),
        "doing": str(PDF_STEPS[max(step, 1) - 1]),
    }


@_signed_in_first
def report_pdf_download(request, slug):
    """The report as a PDF. A small one is built at once; a large one not ready yet is built
    by a worker while the person sees how far it has got (202, Retry-After)."""
    report = _report(request, slug)
    try:
        pdf = report_pdf(report, in_request=True)
    except ReportTooLarge:
        if building.hand_to_worker(
            PDF, report.workshop_id, "breakouts.tasks.build_report_pdf_task"
        ):
            return building.waiting_page(
                request,
                "breakouts/report/pdf_preparing.html",
                {"workshop": report.workshop, "progress": _progress(report.workshop)},
                retry_after=RETRY_AFTER_SECONDS,
            )
        pdf = report_pdf(report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.workshop.slug}-report.pdf"'
    return response


@_signed_in_first
def report_pdf_progress(request, slug):
    """How far the worker has got with the PDF, for the page that waits for it."""
    report = _report(request, slug)
    response = JsonResponse(_progress(report.workshop))
    response["Cache-Control"] = "no-store"
    return response
