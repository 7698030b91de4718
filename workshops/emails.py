"""Every email workshops sends, one function per kind, and the previews organisers read.

The services call these inside their transactions; nothing else in workshops calls
`queue_email` or `queue_mailing`. An email to one person is queued at once; an email to many
(a change or cancellation notice, the follow-up, an organiser's message) is one mailing row,
expanded after commit by the `MailingKind` below that writes each person's email, so a
workshop's lock is never held while hundreds of emails are rendered. A preview is rendered
by the same function that writes the email, with placeholders for the person. The emails
about a place are written while the workshop's places are locked: they are rendered when
sent, from the plain values `plain_context` takes (email_parts.py, with what every email
about a registration says and the calendar file a place comes with).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from socialjustice import mailings
from socialjustice.models import EmailAttachment, Mailing
from socialjustice.outbox import (
    Letter,
    links_in,
    queue_email,
    render_email,
)

from .email_parts import (  # noqa: F401 (the views and breakouts use them from here)
    calendar_attachment,
    email_context,
    join_link_for,
    manage_url,
    plain_context,
    workshop_url,
)
from .enums import MessageAudience, RegistrationStatus, Visibility, WorkshopState
from .models import OrganiserMessage, Registration, Workshop
from .planning import describe_changes
from .selectors.follow_up import FIRST, SECOND, follow_up_key
from .selectors.materials import materials_of
from .selectors.registration import audience_of
from .selectors.reminders import REMINDER_KEY_PREFIX


@dataclass(frozen=True)
class Preview:
    """An email as it will be sent, for the organiser to read before sending."""

    subject: str
    text: str
    recipients: int


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


# One person: registration, waiting list, cancellation, reminder


def registration_status(
    registration: Registration,
    workshop: Workshop,
    *,
    kind: str,
    attachment: EmailAttachment | None = None,
    position: int | None = None,
) -> None:
    """A place confirmed ("confirmed"), a place on the waiting list ("waiting") or a place
    offered from it ("promoted"). The moment is in the key: a later change is news again."""
    moment = registration.confirmed_at or registration.created_at
    queue_email(
        to=registration.email,
        kind=f"registration.{kind}",
        key=f"registration:{registration.pk}:{kind}:{moment.timestamp()}",
        template=f"emails/registration_{kind}",
        context=plain_context(registration, workshop, position=position),
        about=registration,
        attachments=(attachment,) if attachment else (),
        render_when_sent=True,
    )


def registration_cancelled(
    registration: Registration, workshop: Workshop, *, by_organiser: bool, now: datetime
) -> None:
    kind = "cancelled_by_organiser" if by_organiser else "cancelled"
    queue_email(
        to=registration.email,
        kind=f"registration.{kind}",
        key=f"registration:{registration.pk}:cancelled:{now.timestamp()}",
        template=f"emails/registration_{kind}",
        context=plain_context(registration, workshop),
        about=registration,
        render_when_sent=True,
    )


def manage_link(registration: Registration, workshop: Workshop, *, now: datetime) -> None:
    """The private link again, for an address registered already. At most one a minute,
    however often the form is sent."""
    queue_email(
        to=registration.email,
        kind="registration.manage_link",
        key=f"registration:{registration.pk}:manage-link:{now:%Y%m%d%H%M}",
        template="emails/registration_manage_link",
        context=plain_context(registration, workshop),
        about=registration,
        render_when_sent=True,
    )


def reminder_key(registration: Registration) -> str:
    return f"{REMINDER_KEY_PREFIX}{registration.pk}"


def reminder(registration: Registration) -> None:
    queue_email(
        to=registration.email,
        kind="workshop.reminder",
        key=reminder_key(registration),
        template="emails/workshop_reminder",
        context=email_context(registration, registration.workshop),
        about=registration,
    )


# Many people: change and cancellation notices, the follow-up, organisers' messages


class WorkshopMailing(mailings.MailingKind):
    """A mailing about a workshop, to registrations of it."""

    def workshop(self, mailing: Mailing) -> Workshop | None:
        return Workshop.objects.select_related("partnership").filter(pk=mailing.object_id).first()

    def recipients(self, mailing, shared):
        return audience_of(
            shared["workshop"], audience=mailing.audience, registered_by=mailing.created_at
        )


def workshop_changed(workshop: Workshop, changes: dict) -> Mailing:
    """Everyone confirmed or waiting hears of a new date, time or venue. The workshop's
    `updated_at` (the moment of this change) is in the keys: the same change twice is one
    notice, a later change is news again."""
    stamp = workshop.updated_at.timestamp()
    return mailings.queue_mailing(
        kind=WorkshopChanged.name,
        key=f"workshop-changed:{workshop.pk}:{stamp}",
        about=workshop,
        audience=MessageAudience.REGISTERED,
        data={"changes": describe_changes(changes), "stamp": stamp},
    )


@mailings.register
class WorkshopChanged(WorkshopMailing):
    name = "workshops.changed"

    def prepare(self, mailing):
        workshop = self.workshop(mailing)
        if workshop is None or workshop.state != WorkshopState.PUBLISHED:
            # Cancelled since: the cancellation email says all there is to say.
            return None
        return {"workshop": workshop, "attachment": calendar_attachment(workshop)}

    def letter(self, mailing, registration, shared):
        workshop = shared["workshop"]
        return Letter(
            to=registration.email,
            kind="workshop.changed",
            key=f"workshop-changed:{workshop.pk}:{registration.pk}:{mailing.data['stamp']}",
            template="emails/workshop_changed",
            context=email_context(registration, workshop, changes_text=mailing.data["changes"]),
            about=registration,
            # The calendar event is theirs only with a confirmed place.
            attachments=(shared["attachment"],)
            if registration.status == RegistrationStatus.CONFIRMED
            else (),
        )

    def preview(self, workshop: Workshop, changes: dict, *, recipients: int, **extra) -> Preview:
        """The notice as one person reads it; `workshop` has the new details, not yet saved."""
        context = _preview_context(workshop, changes_text=describe_changes(changes), **extra)
        return _preview("emails/workshop_changed", context, recipients=recipients)


def workshop_cancelled(workshop: Workshop) -> Mailing:
    """Everyone confirmed or waiting hears that the workshop is cancelled (once: a workshop
    is cancelled only once)."""
    return mailings.queue_mailing(
        kind=WorkshopCancelled.name,
        key=f"workshop-cancelled:{workshop.pk}",
        about=workshop,
        audience=MessageAudience.REGISTERED,
    )


@mailings.register
class WorkshopCancelled(WorkshopMailing):
    name = "workshops.cancelled"

    def prepare(self, mailing):
        workshop = self.workshop(mailing)
        if workshop is None or workshop.state != WorkshopState.CANCELLED:
            return None
        return {"workshop": workshop}

    def letter(self, mailing, registration, shared):
        workshop = shared["workshop"]
        return Letter(
            to=registration.email,
            kind="workshop.cancelled",
            key=f"workshop-cancelled:{workshop.pk}:{registration.pk}",
            template="emails/workshop_cancelled",
            context=email_context(registration, workshop),
            about=registration,
        )


def public_material_links(workshop: Workshop) -> list[dict]:
    """The workshop's materials everyone may see, as titles and full web addresses."""
    links = []
    for material in materials_of(workshop).filter(visibility=Visibility.PUBLIC):
        if material.file:
            url = settings.PORTAL_URL + reverse(
                "workshops:material_download", args=[workshop.slug, material.pk]
            )
        else:
            url = material.url
        links.append({"title": material.title, "url": url})
    return links


def follow_up(
    workshop: Workshop, *, audience: str, message: str, by, number: int = FIRST
) -> Mailing:
    """The thanks after the workshop (the first follow-up), or "New materials" later (the
    second), with links to its materials: each once per workshop."""
    return mailings.queue_mailing(
        kind=FollowUp.name,
        key=follow_up_key(workshop, number),
        about=workshop,
        audience=audience,
        data={"message": message, "number": number},
        created_by=by,
    )


@mailings.register
class FollowUp(WorkshopMailing):
    name = "workshops.follow_up"

    def prepare(self, mailing):
        workshop = self.workshop(mailing)
        if workshop is None:
            return None
        return {"workshop": workshop, "materials": public_material_links(workshop)}

    template = "emails/workshop_follow_up"
    templates = {FIRST: template, SECOND: "emails/workshop_new_materials"}

    def letter(self, mailing, registration, shared):
        workshop = shared["workshop"]
        return Letter(
            to=registration.email,
            kind="workshop.follow_up",
            key=f"{mailing.key}:{registration.pk}",
            template=self.templates[mailing.data.get("number", FIRST)],
            context=email_context(
                registration,
                workshop,
                message=mailing.data["message"],
                materials=shared["materials"],
                links=links_in(mailing.data["message"]),
            ),
            about=registration,
        )


def _preview(template: str, context: dict, *, recipients: int) -> Preview:
    subject, text, _html = render_email(template, context)
    return Preview(subject=subject, text=text, recipients=recipients)


def preview_follow_up(
    workshop: Workshop, *, message: str, recipients: int, number: int = FIRST
) -> Preview:
    materials = public_material_links(workshop)
    context = _preview_context(workshop, message=message, materials=materials)
    return _preview(FollowUp.templates[number], context, recipients=recipients)


def organiser_message(message: OrganiserMessage, *, by, greeting: bool = True) -> Mailing:
    """`greeting`: the email starts "Dear <their name>," (the organiser may greet instead)."""
    return mailings.queue_mailing(
        kind=OrganiserMessageMailing.name,
        key=f"message:{message.pk}",
        about=message,
        audience=message.audience,
        data={"greeting": greeting},
        created_by=by,
    )


@mailings.register
class OrganiserMessageMailing(mailings.MailingKind):
    name = "workshops.message"

    def prepare(self, mailing):
        message = (
            OrganiserMessage.objects.select_related("workshop").filter(pk=mailing.object_id).first()
        )
        return {"message": message} if message else None

    def recipients(self, mailing, shared):
        message = shared["message"]
        return audience_of(
            message.workshop, audience=message.audience, registered_by=message.created_at
        )

    template = "emails/organiser_message"

    def letter(self, mailing, registration, shared):
        message = shared["message"]
        return Letter(
            to=registration.email,
            kind="workshop.message",
            key=f"message:{message.pk}:{registration.pk}",
            template=self.template,
            context=email_context(
                registration,
                message.workshop,
                subject=message.subject,
                body=message.body,
                greeting=mailing.data.get("greeting", True),
                links=links_in(message.body),
            ),
            about=message,
        )


def preview_organiser_message(
    workshop: Workshop, *, subject: str, body: str, recipients: int, greeting: bool = True
) -> Preview:
    context = _preview_context(workshop, subject=subject, body=body, greeting=greeting)
    return _preview(OrganiserMessageMailing.template, context, recipients=recipients)
