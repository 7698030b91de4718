"""A workshop's report: the organisers edit its summary, may open it to the attendees for
corrections for a number of days, decide on each suggestion, merge duplicate
recommendations, and publish it.

Each entry point is one durable transaction that locks the report row (or the two
recommendations it merges), so two organisers acting at once are applied one after the other.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row, lock_rows
from workshops.models import Workshop

from .. import emails
from ..enums import Action, CorrectionState, ReportState
from ..models import Correction, Recommendation, Report

MAX_CORRECTION_DAYS = 60


def report_for(workshop: Workshop) -> Report:
    """The workshop's report, made (as a draft) the first time an organiser opens it."""
    report, _created = Report.objects.get_or_create(workshop=workshop)
    return report


def save_summary(report: Report, *, summary: str, by) -> Report:
    with transaction.atomic(durable=True):
        report = lock_row(Report.objects.select_related("workshop"), report.pk)
        if report.summary != summary:
            report.summary = summary
            report.save(update_fields=["summary", "updated_at"])
            log_action(by, Action.REPORT_SAVED, report, scope=report.workshop)
    return report


def open_for_corrections(report: Report, *, days: int, by, now=None) -> Report:
    """Let the workshop's attendees read the draft and suggest corrections until `days` from
    now; they are emailed the link once per opening."""
    now = now or timezone.now()
    if not 1 <= days <= MAX_CORRECTION_DAYS:
        raise PortalError(
            _("Choose between 1 and %(most)s days.") % {"most": MAX_CORRECTION_DAYS},
            field="days",
        )
    with transaction.atomic(durable=True):
        report = lock_row(Report.objects.select_related("workshop"), report.pk)
        if report.state == ReportState.PUBLISHED:
            raise PortalError(_("The report is published already: it is open to everyone."))
        report.state = ReportState.CORRECTIONS
        report.corrections_until = now + timedelta(days=days)
        report.save(update_fields=["state", "corrections_until", "updated_at"])
        emails.report_open_for_corrections(report, by=by)
        log_action(by, Action.REPORT_OPENED, report, {"days": days}, scope=report.workshop)
    return report


def suggest_correction(report: Report, *, author, text: str) -> Correction:
    text = text.strip()
    if not text:
        raise PortalError(_("Write the correction you suggest."), field="text")
    with transaction.atomic(durable=True):
        report = lock_row(Report.objects.select_related("workshop"), report.pk)
        if report.state != ReportState.CORRECTIONS or (
            report.corrections_until and report.corrections_until <= timezone.now()
        ):
            raise PortalError(_("The report is not open for corrections any more."))
        correction = Correction.objects.create(report=report, author=author, text=text)
        emails.correction_suggested(correction)
    return correction


def decide_correction(correction: Correction, *, accept: bool, reply: str, by) -> Correction:
    """Accept or decline a suggestion; its author is told, with the organiser's reply.
    Deciding again (a second click) changes nothing."""
    with transaction.atomic(durable=True):
        correction = lock_row(
            Correction.objects.select_related("report__workshop", "author"), correction.pk
        )
        if correction.state != CorrectionState.PENDING:
            raise PortalError(
                _("This suggestion was decided already: %(state)s.")
                % {"state": correction.get_state_display().lower()}
            )
        correction.state = CorrectionState.ACCEPTED if accept else CorrectionState.DECLINED
        correction.reply = reply.strip()
        correction.save(update_fields=["state", "reply"])
        emails.correction_decided(correction)
        log_action(
            by,
            Action.CORRECTION_DECIDED,
            correction.report,
            {"accepted": accept},
            scope=correction.report.workshop,
        )
    return correction


def publish(report: Report, *, by, now=None) -> Report:
    """Make the report public; the attendees are emailed its link (once)."""
    with transaction.atomic(durable=True):
        report = lock_row(Report.objects.select_related("workshop"), report.pk)
        if report.state == ReportState.PUBLISHED:
            raise PortalError(_("The report is published already."))
        report.state = ReportState.PUBLISHED
        report.published_at = now or timezone.now()
        report.save(update_fields=["state", "published_at", "updated_at"])
        emails.report_published(report, by=by)
        log_action(by, Action.REPORT_PUBLISHED, report, scope=report.workshop)
    return report


def merge(duplicate: Recommendation, *, into: Recommendation, by) -> Recommendation:
    """Show `duplicate` as another source of `into`: it keeps its own text and group, the
    contributions behind it are added to `into`'s, and only `into` is followed up."""
    if duplicate.pk == into.pk:
        raise PortalError(_("Choose a different recommendation to merge with."), field="into")
    with transaction.atomic(durable=True):
        rows = lock_rows(Recommendation.objects.select_related("group"), [duplicate.pk, into.pk])
        duplicate, into = rows.get(duplicate.pk), rows.get(into.pk)
        if duplicate is None or into is None:
            raise PortalError(_("That recommendation has been deleted."), field="into")
        if duplicate.group.workshop_id != into.group.workshop_id:
            raise PortalError(_("Only recommendations of one workshop can be merged."))
        if into.merged_into_id is not None:
            raise PortalError(
                _("That recommendation is merged into another: merge with that one instead."),
                field="into",
            )
        # Anything merged into the duplicate follows it, so the chain stays one step deep.
        Recommendation.objects.filter(merged_into=duplicate).update(merged_into=into)
        duplicate.merged_into = into
        duplicate.save(update_fields=["merged_into"])
        into.contributions.add(*duplicate.contributions.all())
        log_action(
            by,
            Action.MERGED,
            into,
            {"merged": str(duplicate)},
            scope=into.group.workshop,
        )
    return into


def separate(recommendation: Recommendation, *, by) -> Recommendation:
    """Undo a merge: the recommendation is followed up on its own again."""
    with transaction.atomic(durable=True):
        recommendation = lock_row(
            Recommendation.objects.select_related("group__workshop"), recommendation.pk
        )
        if recommendation.merged_into_id is None:
            raise PortalError(_("This recommendation is not merged into another."))
        recommendation.merged_into = None
        recommendation.save(update_fields=["merged_into"])
        log_action(
            by,
            Action.MERGED,
            recommendation,
            {"separated": True},
            scope=recommendation.group.workshop,
        )
    return recommendation
