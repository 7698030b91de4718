"""Places at workshops: registering, the waiting list, cancelling, capacity.

Every decision about a place is made inside one transaction holding the workshop's row lock:
lock, count the confirmed places, confirm or put on the waiting list, queue the email. Two
people asking for the last place at once are served one after the other, never both. Several
workshops (a series form) are locked in order of their ids, so two such requests never wait
for each other in a circle. The unique constraint on (workshop, email) is the safety net.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from socialjustice.errors import PortalError
from socialjustice.outbox import Attachment, queue_email

from .. import calendar
from ..cache import cached
from ..enums import RegistrationStatus, WorkshopFormat, WorkshopState
from ..models import Registration, Workshop
from ..selectors import waiting_queue


class RegistrationClosed(PortalError):
    pass


@dataclass
class Registrant:
    name: str
    email: str
    organisation: str = ""
    sector: str = ""
    networks: list = field(default_factory=list)
    access_requirements: str = ""
    dietary_needs: str = ""
    how_heard: str = ""
    person: object = None


@dataclass
class Outcome:
    workshop: Workshop
    registration: Registration
    already_registered: bool = False
    position: int | None = None  # on the waiting list


def normalise_email(email: str) -> str:
    return email.strip().lower()


def closed_reason(workshop: Workshop, *, now: datetime) -> str | None:
    """Why nobody can register now, in plain words; None while registration is open."""
    if workshop.state != WorkshopState.PUBLISHED:
        return _("This workshop is not open for registration.")
    if workshop.registration_opens_at and now < workshop.registration_opens_at:
        return _("Registration opens on %(when)s.") % {
            "when": date_format(timezone.localtime(workshop.registration_opens_at), "j F Y, H:i")
        }
    closes = workshop.registration_closes_at or workshop.starts_at
    if now >= min(closes, workshop.starts_at):
        return _("Registration for this workshop has closed.")
    return None


def waiting_position(registration: Registration) -> int:
    """1 for the first person waiting: how many are at or ahead of them in `waiting_queue`'s
    order (earlier time, then lower id), counted without loading the list."""
    return Registration.objects.filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lte=registration.pk),
        workshop_id=registration.workshop_id,
        status=RegistrationStatus.WAITING,
    ).count()


def manage_url(registration: Registration) -> str:
    return settings.PORTAL_URL + reverse("workshops:manage_registration", args=[registration.token])


def workshop_url(workshop: Workshop) -> str:
    return settings.PORTAL_URL + reverse("workshops:detail", args=[workshop.slug])


def calendar_attachment(workshop: Workshop) -> Attachment:
    """The workshop's .ics for an email, built once per version of the workshop: a hundred
    people registering at once attach the same file."""
    content = cached(
        "ics-attachment",
        workshop.pk,
        workshop.updated_at.timestamp(),
        build=lambda: calendar.calendar_for([workshop], url_for=workshop_url, name=workshop.title),
    )
    return Attachment(f"{workshop.slug}.ics", content, "text/calendar")


def join_link_for(registration: Registration, workshop: Workshop) -> str:
    """The joining link, for people holding a confirmed place at an online or hybrid
    workshop; for everyone else nothing."""
    if (
        registration.status == RegistrationStatus.CONFIRMED
        and workshop.format != WorkshopFormat.IN_PERSON
    ):
        return workshop.join_link
    return ""


def email_context(registration: Registration, workshop: Workshop, *, position=None, **extra):
    """What every email about a registration can say: the person, the workshop, their private
    link, the joining link if they may have it, and (when given) their place in the queue."""
    return {
        "registration": registration,
        "workshop": workshop,
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
        "manage_url": manage_url(registration),
        "workshop_url": workshop_url(workshop),
        "join_link": join_link_for(registration, workshop),
        "position": position,
        **extra,
    }


def _queue_status_email(registration, workshop, *, kind, attachments=(), position=None):
    moment = registration.confirmed_at or registration.created_at
    queue_email(
        to=registration.email,
        kind=f"registration.{kind}",
        key=f"registration:{registration.pk}:{kind}:{moment.timestamp()}",
        template=f"emails/registration_{kind}",
        context=email_context(registration, workshop, position=position),
        about=registration,
        attachments=attachments,
    )


def _confirmed_count(workshop: Workshop) -> int:
    return Registration.objects.filter(
        workshop=workshop, status=RegistrationStatus.CONFIRMED
    ).count()


def _has_place(workshop: Workshop) -> bool:
    return workshop.capacity is None or _confirmed_count(workshop) < workshop.capacity


def register(workshops, registrant: Registrant, *, now=None) -> list[Outcome]:
    """Register one person for one or more workshops, all or none.

    A workshop this address is already registered for is left as it is, and its manage link
    is emailed to the address again (never shown: knowing someone's address opens nothing).
    """
    now = now or timezone.now()
    workshops = sorted(workshops, key=lambda w: w.pk)
    email = normalise_email(registrant.email)
    # Calendar files are built before any lock is taken: nothing slow while others wait.
    attachments = {w.pk: calendar_attachment(w) for w in workshops}
    outcomes = []
    with transaction.atomic():
        locked = {
            w.pk: w
            for w in Workshop.objects.select_for_update()
            .filter(pk__in=[w.pk for w in workshops])
            .order_by("pk")
        }
        for workshop in (locked[w.pk] for w in workshops):
            reason = closed_reason(workshop, now=now)
            if reason:
                raise RegistrationClosed(f"{workshop.title}: {reason}")
        for workshop in (locked[w.pk] for w in workshops):
            outcomes.append(_register_one(workshop, registrant, email, now, attachments))
    return outcomes


def _register_one(workshop, registrant, email, now, attachments) -> Outcome:
    existing = Registration.objects.filter(workshop=workshop, email_normalised=email).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        # At most one reminder of the link a minute, however often the form is sent.
        queue_email(
            to=existing.email,
            kind="registration.manage_link",
            key=f"registration:{existing.pk}:manage-link:{now:%Y%m%d%H%M}",
            template="emails/registration_manage_link",
            context=email_context(existing, workshop),
            about=existing,
        )
        return Outcome(workshop, existing, already_registered=True)
    registration = existing or Registration(workshop=workshop, email_normalised=email)
    registration.person = registrant.person
    registration.name = registrant.name
    registration.email = registrant.email.strip()
    registration.organisation = registrant.organisation
    registration.sector = registrant.sector
    registration.access_requirements = registrant.access_requirements
    registration.dietary_needs = registrant.dietary_needs
    registration.how_heard = registrant.how_heard
    registration.consented_at = now
    # The queue's order is the order the lock was given, so the time is taken now, inside
    # it: someone who cancelled and comes back joins at the end, and two people waiting for
    # the lock are never told the same position.
    registration.created_at = timezone.now()
    registration.cancelled_at = None
    counts = Registration.objects.filter(workshop=workshop).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    )
    if workshop.capacity is None or counts["confirmed"] < workshop.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITING
        registration.confirmed_at = None
    registration.save()
    if registrant.networks or existing:
        registration.networks.set(registrant.networks)
    if registration.status == RegistrationStatus.CONFIRMED:
        _queue_status_email(
            registration, workshop, kind="confirmed", attachments=(attachments[workshop.pk],)
        )
        return Outcome(workshop, registration)
    # Everyone else waiting joined earlier (the lock orders them): this person is last.
    position = counts["waiting"] + 1
    _queue_status_email(registration, workshop, kind="waiting", position=position)
    return Outcome(workshop, registration, position=position)


def _promote_waiting(workshop: Workshop, *, now, attachment: Attachment) -> list[Registration]:
    """Give free places to the people waiting longest; each is emailed."""
    promoted = []
    while _has_place(workshop):
        first = waiting_queue(workshop_id=workshop.pk).first()
        if first is None:
            break
        _confirm(first, workshop, now=now, attachment=attachment)
        promoted.append(first)
    return promoted


def _confirm(registration, workshop, *, now, attachment: Attachment) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at"])
    _queue_status_email(registration, workshop, kind="promoted", attachments=(attachment,))


def cancel_registration(
    registration: Registration, *, by_organiser: bool = False, now=None
) -> list[Registration]:
    """Cancel a place (or a place on the waiting list); returns whoever got the freed place.

    The person is emailed either way; the words differ when an organiser cancelled for them.
    """
    now = now or timezone.now()
    attachment = calendar_attachment(registration.workshop)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise PortalError(_("This registration is already cancelled."))
        was_confirmed = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        kind = "cancelled_by_organiser" if by_organiser else "cancelled"
        queue_email(
            to=current.email,
            kind=f"registration.{kind}",
            key=f"registration:{current.pk}:cancelled:{now.timestamp()}",
            template=f"emails/registration_{kind}",
            context=email_context(current, workshop),
            about=current,
        )
        promoted = (
            _promote_waiting(workshop, now=now, attachment=attachment) if was_confirmed else []
        )
    registration.refresh_from_db()
    return promoted


def change_capacity(workshop: Workshop, *, capacity: int | None, now=None) -> list[Registration]:
    """Set the number of places. More places go to the people waiting; fewer never take a
    place away from anyone confirmed: new people wait until enough cancel."""
    now = now or timezone.now()
    attachment = calendar_attachment(workshop)
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        promoted = _promote_waiting(locked, now=now, attachment=attachment)
    workshop.refresh_from_db()
    return promoted


def confirm_by_hand(registration: Registration, *, now=None) -> Registration:
    """An organiser gives someone on the waiting list a place, even beyond the capacity."""
    now = now or timezone.now()
    attachment = calendar_attachment(registration.workshop)
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.WAITING:
            raise PortalError(_("Only someone on the waiting list can be given a place."))
        _confirm(current, workshop, now=now, attachment=attachment)
    registration.refresh_from_db()
    return registration


def update_needs(registration: Registration, *, access_requirements: str, dietary_needs: str):
    registration.access_requirements = access_requirements
    registration.dietary_needs = dietary_needs
    registration.save(update_fields=["access_requirements", "dietary_needs"])
    return registration
