"""Emails to the people registered for a workshop: news of a change or a cancellation,
reminders, the follow-up after it, and the messages organisers write.

Every email goes through the outbox with a key naming the event and the person, so a task
run twice, beat firing twice, two workers at once or a double click never email anyone twice.
The tasks that call these functions only load rows by id (workshops/tasks.py).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from socialjustice.enums import EmailState
from socialjustice.errors import PortalError
from socialjustice.models import OutgoingEmail
from socialjustice.outbox import queue_email, render_email

from ..enums import (
    MessageAudience,
    RegistrationStatus,
    Visibility,
    WorkshopFormat,
    WorkshopState,
)
from ..models import OrganiserMessage, Registration, Workshop
from .registration import calendar_attachment, email_context, workshop_url
from .workshops import LONDON, PLANNING_FIELDS

FOLLOW_UP_AUDIENCES = (MessageAudience.ATTENDED, MessageAudience.CONFIRMED)
# The same message sent again within this time is taken for a double click, and refused.
REPEAT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Preview:
    """An email as it will be sent, for the organiser to read before sending."""

    subject: str
    text: str
    recipients: int


# Who is who


def recipients(workshop: Workshop, *, audience: str) -> QuerySet[Registration]:
    """The registrations a message to `audience` goes to, in the order people registered."""
    registrations = Registration.objects.filter(workshop=workshop)
    if audience == MessageAudience.CONFIRMED:
        registrations = registrations.filter(status=RegistrationStatus.CONFIRMED)
    elif audience == MessageAudience.WAITING:
        registrations = registrations.filter(status=RegistrationStatus.WAITING)
    elif audience == MessageAudience.ATTENDED:
        registrations = registrations.filter(attended_at__isnull=False).exclude(
            status=RegistrationStatus.CANCELLED
        )
    else:
        raise ValueError(f"Unknown audience: {audience}")
    return registrations.order_by("created_at", "pk")


def _preview_context(workshop: Workshop, **extra) -> dict:
    """What a preview shows in place of one person's name and private link."""
    return {
        "registration": {"name": _("[their name]")},
        "workshop": workshop,
        "confirmed": True,
        "manage_url": _("[their private link to their registration]"),
        "workshop_url": workshop_url(workshop),
        "join_link": "",
        **extra,
    }


# A workshop changed or was cancelled


def _show(name: str, value) -> str:
    if value in (None, ""):
        return _("none")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value, LONDON), "l j F Y, H:i")
    if name == "format":
        return str(WorkshopFormat(value).label)
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())


def describe_changes(changes: dict) -> str:
    """The changes as lines of plain text ("Starts: now …, before …"), in UK time."""
    labels = {
        "starts_at": _("Starts"),
        "ends_at": _("Ends"),
        "format": _("Format"),
        "venue_name": _("Venue"),
        "venue_address": _("Venue address"),
    }
    return "\n".join(
        _("%(what)s: now %(new)s (before: %(old)s)")
        % {
            "what": labels[name],
            "new": _show(name, changes[name][1]),
            "old": _show(name, changes[name][0]),
        }
        for name in PLANNING_FIELDS
        if name in changes
    )


def _confirmed_and_waiting(workshop: Workshop) -> list[Registration]:
    return list(
        Registration.objects.filter(
            workshop=workshop,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        ).order_by("created_at", "pk")
    )


def notify_workshop_changed(workshop: Workshop, *, changes_text: str) -> int:
    """Tell everyone confirmed or waiting about a new date, time or venue; returns how many.

    The workshop's `updated_at` (the moment of this change) is part of each key: running this
    again for the same change sends nothing, a later change is news again.
    """
    if workshop.state != WorkshopState.PUBLISHED:
        # Cancelled since: the cancellation email says all there is to say.
        return 0
    stamp = workshop.updated_at.timestamp()
    # One calendar file for everyone (kept per version of the workshop), not one a person.
    attachment = calendar_attachment(workshop)
    people = _confirmed_and_waiting(workshop)
    with transaction.atomic():
        for registration in people:
            confirmed = registration.status == RegistrationStatus.CONFIRMED
            queue_email(
                to=registration.email,
                kind="workshop.changed",
                key=f"workshop-changed:{workshop.pk}:{registration.pk}:{stamp}",
                template="emails/workshop_changed",
                context=email_context(registration, workshop, changes_text=changes_text),
                about=registration,
                # The calendar event is theirs only with a confirmed place.
                attachments=(attachment,) if confirmed else (),
            )
    return len(people)


def notify_workshop_cancelled(workshop: Workshop) -> int:
    """Tell everyone confirmed or waiting that the workshop is cancelled; returns how many.

    A workshop is cancelled once, so the key needs no time: a second run sends nothing.
    """
    if workshop.state != WorkshopState.CANCELLED:
        return 0
    people = _confirmed_and_waiting(workshop)
    with transaction.atomic():
        for registration in people:
            queue_email(
                to=registration.email,
                kind="workshop.cancelled",
                key=f"workshop-cancelled:{workshop.pk}:{registration.pk}",
                template="emails/workshop_cancelled",
                context=email_context(registration, workshop),
                about=registration,
            )
    return len(people)


# Reminders


def reminder_key(registration: Registration) -> str:
    return f"reminder:{registration.pk}"


def due_reminders(*, now: datetime) -> QuerySet[Registration]:
    """Confirmed places at published workshops starting within their reminder time, whose
    holder has no reminder yet."""
    window_ends = ExpressionWrapper(
        Value(now, output_field=DateTimeField())
        + ExpressionWrapper(
            F("workshop__reminder_hours") * Value(timedelta(hours=1)),
            output_field=DurationField(),
        ),
        output_field=DateTimeField(),
    )
    reminded = OutgoingEmail.objects.filter(
        key=Concat(Value("reminder:"), Cast(OuterRef("pk"), CharField()))
    )
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            workshop__state=WorkshopState.PUBLISHED,
            workshop__starts_at__gt=now,
        )
        .alias(window_ends=window_ends)
        .filter(workshop__starts_at__lte=F("window_ends"))
        .exclude(Exists(reminded))
        .select_related("workshop")
        .order_by("workshop__starts_at", "pk")
    )


def send_due_reminders(now=None) -> int:
    """Queue a reminder for each confirmed person whose workshop is near; returns how many
    were queued by this run."""
    now = now or timezone.now()
    return sum(_remind(registration, now=now) for registration in list(due_reminders(now=now)))


def _remind(registration: Registration, *, now: datetime) -> bool:
    key = reminder_key(registration)
    with transaction.atomic():
        # Two runs at once (beat fired twice, two workers): the row lock makes the second wait
        # until the first commits, then it sees the first one's email and leaves it. The lock
        # also keeps a cancellation from crossing the reminder.
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .filter(
                pk=registration.pk,
                status=RegistrationStatus.CONFIRMED,
                workshop__state=WorkshopState.PUBLISHED,
                workshop__starts_at__gt=now,
            )
            .first()
        )
        if current is None or OutgoingEmail.objects.filter(key=key).exists():
            return False
        queue_email(
            to=current.email,
            kind="workshop.reminder",
            key=key,
            template="emails/workshop_reminder",
            context=email_context(current, current.workshop),
            about=current,
        )
    return True


# The follow-up after a workshop


def follow_up_problem(workshop: Workshop, *, now: datetime) -> str | None:
    """Why the follow-up cannot be sent now, in plain words; None when it can."""
    if workshop.follow_up_sent_at:
        return _("The follow-up was sent on %(when)s. It is sent only once.") % {
            "when": date_format(timezone.localtime(workshop.follow_up_sent_at), "j F Y, H:i")
        }
    if workshop.state != WorkshopState.PUBLISHED:
        return _("Only a published workshop that has taken place has a follow-up.")
    if workshop.ends_at > now:
        return _("The follow-up can be sent once the workshop has ended.")
    return None


def public_material_links(workshop: Workshop) -> list[dict]:
    """The workshop's materials everyone may see, as titles and full web addresses."""
    links = []
    for material in workshop.materials.filter(visibility=Visibility.PUBLIC).order_by(
        "kind", "-created_at", "pk"
    ):
        if material.file:
            url = settings.PORTAL_URL + reverse(
                "workshops:material_download", args=[workshop.slug, material.pk]
            )
        else:
            url = material.url
        links.append({"title": material.title, "url": url})
    return links


def _check_follow_up(workshop: Workshop, *, audience: str, now: datetime) -> int:
    if audience not in FOLLOW_UP_AUDIENCES:
        raise PortalError(_("Choose who the follow-up goes to."))
    problem = follow_up_problem(workshop, now=now)
    if problem:
        raise PortalError(problem)
    count = recipients(workshop, audience=audience).count()
    if not count:
        raise PortalError(_("Nobody is in this group, so there is nobody to send it to."))
    return count


def preview_follow_up(workshop: Workshop, *, audience: str, message: str, now=None) -> Preview:
    now = now or timezone.now()
    count = _check_follow_up(workshop, audience=audience, now=now)
    subject, text, _html = render_email(
        "emails/workshop_follow_up",
        _preview_context(workshop, message=message, materials=public_material_links(workshop)),
    )
    return Preview(subject=subject, text=text, recipients=count)


def request_follow_up(workshop: Workshop, *, audience: str, message: str, now=None) -> int:
    """Start sending the follow-up (by a task, after commit); returns how many it goes to."""
    from ..tasks import send_follow_up_task, start_on_commit

    now = now or timezone.now()
    count = _check_follow_up(workshop, audience=audience, now=now)
    start_on_commit(send_follow_up_task, workshop.pk, audience, message)
    return count


def send_follow_up(workshop: Workshop, *, audience: str, message: str, now=None) -> int:
    """Queue the follow-up for each person in `audience` and record that it went; once only.

    Raises PortalError when it was sent already (a second click, a task run again).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The lock makes two sends of the follow-up one after the other: the second finds
        # `follow_up_sent_at` set and is refused.
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        _check_follow_up(locked, audience=audience, now=now)
        materials = public_material_links(locked)
        people = list(recipients(locked, audience=audience))
        for registration in people:
            queue_email(
                to=registration.email,
                kind="workshop.follow_up",
                key=f"follow-up:{locked.pk}:{registration.pk}",
                template="emails/workshop_follow_up",
                context=email_context(registration, locked, message=message, materials=materials),
                about=registration,
            )
        locked.follow_up_sent_at = now
        locked.save(update_fields=["follow_up_sent_at"])
    workshop.follow_up_sent_at = now
    return len(people)


# Organisers' messages


def _check_message(workshop: Workshop, *, audience: str) -> int:
    if audience not in MessageAudience.values:
        raise PortalError(_("Choose who the message goes to."))
    count = recipients(workshop, audience=audience).count()
    if not count:
        raise PortalError(_("Nobody is in this group, so there is nobody to send it to."))
    return count


def preview_organiser_message(
    workshop: Workshop, *, audience: str, subject: str, body: str
) -> Preview:
    count = _check_message(workshop, audience=audience)
    rendered_subject, text, _html = render_email(
        "emails/organiser_message", _preview_context(workshop, subject=subject, body=body)
    )
    return Preview(subject=rendered_subject, text=text, recipients=count)


def send_organiser_message(
    workshop: Workshop, *, audience: str, subject: str, body: str, by
) -> OrganiserMessage:
    """Save the message and start emailing it (by a task, after commit)."""
    from ..tasks import send_organiser_message_task, start_on_commit

    _check_message(workshop, audience=audience)
    with transaction.atomic():
        # A double click on "Send" must not email everyone twice: under the workshop's lock,
        # the second request finds the first one's message and is refused.
        Workshop.objects.select_for_update().filter(pk=workshop.pk).get()
        just_sent = OrganiserMessage.objects.filter(
            workshop=workshop,
            audience=audience,
            subject=subject,
            body=body,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        )
        if just_sent.exists():
            raise PortalError(_("You have just sent this message. It is on its way."))
        message = OrganiserMessage.objects.create(
            workshop=workshop, audience=audience, subject=subject, body=body, created_by=by
        )
        start_on_commit(send_organiser_message_task, message.pk)
    return message


def queue_organiser_message(message: OrganiserMessage, *, now=None) -> int:
    """Queue one email per person the message is for; returns how many were queued.

    The people are those in the audience when it is queued. Once queued, running this again
    queues nothing, not even for someone who joined the audience since.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            OrganiserMessage.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .get(pk=message.pk)
        )
        if locked.queued_at:
            return 0
        people = list(recipients(locked.workshop, audience=locked.audience))
        for registration in people:
            queue_email(
                to=registration.email,
                kind="workshop.message",
                key=f"message:{locked.pk}:{registration.pk}",
                template="emails/organiser_message",
                context=email_context(
                    registration, locked.workshop, subject=locked.subject, body=locked.body
                ),
                about=locked,
            )
        locked.queued_at = now
        locked.save(update_fields=["queued_at"])
    message.queued_at = now
    return len(people)


def queue_waiting_messages(*, now=None, after: timedelta = timedelta(minutes=2)) -> int:
    """Queue messages whose task was lost (the broker was down when they were sent).

    Beat runs this every few minutes; `queue_organiser_message` queues each message once, so
    a message whose task is merely slow is not doubled.
    """
    now = now or timezone.now()
    waiting = OrganiserMessage.objects.filter(queued_at__isnull=True, created_at__lt=now - after)
    return sum(queue_organiser_message(message, now=now) for message in waiting)


# Reading the messages back


def _emails_about_messages() -> QuerySet[OutgoingEmail]:
    # By the content type's natural key rather than its id, so the query is the same whether
    # or not Django has the content type cached.
    return OutgoingEmail.objects.filter(
        content_type__app_label="workshops", content_type__model="organisermessage"
    )


def _count_in(states) -> Coalesce:
    counted = (
        _emails_about_messages()
        .filter(object_id=Cast(OuterRef("pk"), CharField()), state__in=states)
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def messages_with_delivery(workshop: Workshop) -> QuerySet[OrganiserMessage]:
    """The workshop's messages, newest first, each with how many of its emails are queued
    (or being sent), sent and failed: one query."""
    return (
        OrganiserMessage.objects.filter(workshop=workshop)
        .select_related("created_by")
        .annotate(
            queued_count=_count_in([EmailState.QUEUED, EmailState.SENDING]),
            sent_count=_count_in([EmailState.SENT]),
            failed_count=_count_in([EmailState.FAILED]),
        )
        .order_by("-created_at", "-pk")
    )


def message_emails(message: OrganiserMessage) -> QuerySet[OutgoingEmail]:
    """Each recipient's email of one message, by address."""
    return (
        _emails_about_messages()
        .filter(object_id=str(message.pk))
        .defer("body_text", "body_html")
        .order_by("to", "pk")
    )
