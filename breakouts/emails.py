"""Every email breakouts sends, one function per kind: the only callers of `queue_email` and
`queue_mailing` in this app."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from socialjustice import mailings
from socialjustice.models import Mailing
from socialjustice.outbox import Letter, queue_email
from workshops.emails import WorkshopMailing, email_context
from workshops.enums import MessageAudience
from workshops.selectors.registration import audience_of

from .enums import CorrectionState
from .models import Correction, Group, Recommendation, Report
from .selectors.tracker import CLOSED, REMINDER_KEY


def _url(name: str, *args) -> str:
    return settings.PORTAL_URL + reverse(name, args=args)


def facilitator_assigned(group: Group, person) -> None:
    queue_email(
        to=person.email,
        kind="breakout.facilitator",
        key=f"breakout:{group.pk}:facilitator:{person.pk}",
        template="emails/breakout_facilitator",
        context={
            "person": person,
            "group": group,
            "workshop": group.workshop,
            "record_url": _url("breakouts:record", group.pk),
        },
        about=group,
    )


# The report: corrections by the attendees, and its publication


class ReportMailing(WorkshopMailing):
    """A mailing about a workshop's report, to everyone with a confirmed place."""

    template = ""

    def prepare(self, mailing):
        report = Report.objects.select_related("workshop").filter(pk=mailing.object_id).first()
        if report is None:
            return None
        return {"report": report, "workshop": report.workshop}

    def recipients(self, mailing, shared):
        return audience_of(
            shared["workshop"],
            audience=MessageAudience.CONFIRMED,
            registered_by=mailing.created_at,
        )

    def letter(self, mailing, registration, shared):
        workshop = shared["workshop"]
        return Letter(
            to=registration.email,
            kind=self.name,
            key=f"{mailing.key}:{registration.pk}",
            template=self.template,
            context=email_context(
                registration,
                workshop,
                report=shared["report"],
                report_url=_url("breakouts:report", workshop.slug),
                until=mailing.data.get("until", ""),
            ),
            about=registration,
        )


@mailings.register
class CorrectionsOpen(ReportMailing):
    name = "breakouts.corrections_open"
    template = "emails/breakout_corrections_open"


@mailings.register
class ReportPublished(ReportMailing):
    name = "breakouts.report_published"
    template = "emails/breakout_report_published"


def report_open_for_corrections(report: Report, *, by) -> None:
    """Once per opening: the closing time is in the key."""
    until = timezone.localtime(report.corrections_until)
    mailings.queue_mailing(
        kind=CorrectionsOpen.name,
        key=f"report:{report.pk}:corrections:{until:%Y%m%d%H%M}",
        about=report,
        audience=MessageAudience.CONFIRMED,
        data={"until": date_format(until, "l j F Y, H:i")},
        created_by=by,
    )


def report_published(report: Report, *, by) -> None:
    mailings.queue_mailing(
        kind=ReportPublished.name,
        key=f"report:{report.pk}:published",
        about=report,
        audience=MessageAudience.CONFIRMED,
        created_by=by,
    )


def correction_suggested(correction: Correction) -> None:
    """Each of the workshop's organisers hears of a new suggestion."""
    workshop = correction.report.workshop
    for organiser in workshop.organisers.all():
        queue_email(
            to=organiser.email,
            kind="breakout.correction_suggested",
            key=f"correction:{correction.pk}:suggested:{organiser.pk}",
            template="emails/breakout_correction_suggested",
            context={
                "person": organiser,
                "correction": correction,
                "workshop": workshop,
                "edit_url": _url("breakouts:report_edit", workshop.slug),
            },
            about=correction,
        )


def correction_decided(correction: Correction) -> None:
    workshop = correction.report.workshop
    queue_email(
        to=correction.author.email,
        kind="breakout.correction_decided",
        key=f"correction:{correction.pk}:decided",
        template="emails/breakout_correction_decided",
        context={
            "person": correction.author,
            "correction": correction,
            "accepted": correction.state == CorrectionState.ACCEPTED,
            "workshop": workshop,
            "report_url": _url("breakouts:report", workshop.slug),
        },
        about=correction,
    )


# The recommendation tracker: reminders to the coordinators of the network that owns one


class RecommendationReminder(mailings.MailingKind):
    """To the owner network's coordinators, about one recommendation and one due date."""

    template = ""

    def prepare(self, mailing):
        recommendation = (
            Recommendation.objects.select_related("group__workshop", "owner_network")
            .filter(pk=mailing.object_id)
            .first()
        )
        # Done, dropped, given to no network or another due date since: nothing to remind of.
        if (
            recommendation is None
            or recommendation.status in CLOSED
            or recommendation.owner_network_id is None
            or str(recommendation.due_on) != mailing.data.get("due_on")
        ):
            return None
        return {"recommendation": recommendation}

    def recipients(self, mailing, shared):
        network = shared["recommendation"].owner_network_id
        return get_user_model().objects.filter(coordinated_networks=network, is_active=True)

    def letter(self, mailing, person, shared):
        recommendation = shared["recommendation"]
        return Letter(
            to=person.email,
            kind=self.name,
            key=f"{mailing.key}:{person.pk}",
            template=self.template,
            context={
                "person": person,
                "recommendation": recommendation,
                "network": recommendation.owner_network,
                "workshop": recommendation.group.workshop,
                "recommendation_url": _url("breakouts:recommendation", recommendation.pk),
                "update_url": _url("breakouts:recommendation_update", recommendation.pk),
            },
            about=recommendation,
        )


@mailings.register
class RecommendationDueSoon(RecommendationReminder):
    name = "breakouts.recommendation_due_soon"
    template = "emails/recommendation_due_soon"


@mailings.register
class RecommendationOverdue(RecommendationReminder):
    name = "breakouts.recommendation_overdue"
    template = "emails/recommendation_overdue"


REMINDERS = {"due_soon": RecommendationDueSoon, "overdue": RecommendationOverdue}


def recommendation_reminder(recommendation: Recommendation, *, kind: str) -> Mailing | None:
    """A week before the due date ("due_soon"), or once it has passed with no update
    ("overdue"): one mailing per recommendation, kind and due date. None when that mailing
    was queued already."""
    due = recommendation.due_on.isoformat()
    key = REMINDER_KEY.format(pk=recommendation.pk, kind=kind, due=due)
    if Mailing.objects.filter(key=key).exists():
        return None
    return mailings.queue_mailing(
        kind=REMINDERS[kind].name, key=key, about=recommendation, data={"due_on": due}
    )
