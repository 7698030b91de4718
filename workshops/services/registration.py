"""Places at workshops: registering, the waiting list, cancelling, capacity.

Every decision about a place is made inside one transaction holding the workshop's row lock
(`socialjustice.locking`): lock, count the confirmed places, confirm or put on the waiting
list, queue the email. Two people asking for the last place at once are served one after the
other, never both. Several workshops (a series form) are locked in order of their ids, so two
such requests never wait for each other in a circle. The unique constraint on (workshop,
email) is the safety net. Calendar files are built and stored before the lock is taken:
nothing slow happens while others wait.

In a burst (hundreds registering at once for a hundred places) the time the lock is held is
what limits everyone, so inside it there are only a few statements: the lock (of the columns
that decide, the rest of the row is the caller's, read a moment before), one count of the
places that also finds the address if it is registered already, the registration's insert,
its email's insert, and the commit.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row, lock_rows
from socialjustice.models import EmailAttachment
from socialjustice.pagecache import invalidate_models_on_commit, invalidate_on_commit

from .. import emails
from ..enums import Action, RegistrationStatus, WorkshopState
from ..models import Registration, Workshop
from ..pages import places_group
from ..selectors.registration import registration_closes_at, waiting_queue
from ..selectors.tallies import places_of


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
    source: str = ""  # the connection it came from (socialjustice.ratelimits.connection_key)


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
    if now >= registration_closes_at(workshop):
        return _("Registration for this workshop has closed.")
    return None


def register(workshops, registrant: Registrant, *, now=None) -> list[Outcome]:
    """Register one person for one or more workshops, all or none.

    A workshop this address is already registered for is left as it is, and its manage link
    is emailed to the address again (never shown: knowing someone's address opens nothing).
    """
    now = now or timezone.now()
    workshops = sorted(workshops, key=lambda w: w.pk)
    email = normalise_email(registrant.email)
    attachments = {w.pk: emails.calendar_attachment(w) for w in workshops}
    outcomes = []
    with transaction.atomic(durable=True):
        locked = lock_rows(Workshop.objects.only(*DECIDING), [w.pk for w in workshops])
        current = [_current(workshop, locked) for workshop in workshops]
        for workshop in current:
            reason = closed_reason(workshop, now=now)
            if reason:
                raise RegistrationClosed(f"{workshop.title}: {reason}")
        for workshop in current:
            outcomes.append(_register_one(workshop, registrant, email, now, attachments))
    return outcomes


# What decides whether someone may register and gets a place, read under the lock.
DECIDING = (
    "pk",
    "updated_at",
    "state",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
)


def _current(workshop: Workshop, locked: dict) -> Workshop:
    """The workshop as it is now that its row is locked: the caller's copy when nothing has
    been saved since it was read (every save moves `updated_at`), else read again, whole,
    under the lock."""
    row = locked.get(workshop.pk)
    if row is None:
        raise RegistrationClosed(_("This workshop is not open for registration."))
    if row.updated_at == workshop.updated_at and all(
        getattr(row, name) == getattr(workshop, name) for name in DECIDING
    ):
        return workshop
    return Workshop.objects.get(pk=workshop.pk)


def _register_one(workshop, registrant, email, now, attachments) -> Outcome:
    # One statement for the places taken, the people waiting (from the tallies the database
    # keeps) and this address's registration, cancelled ones included: no registration is
    # counted, so the 500th of a burst costs what the first did.
    places = places_of(workshop.pk, email)
    existing = Registration.objects.get(pk=places.existing) if places.existing else None
    if existing and existing.status != RegistrationStatus.CANCELLED:
        emails.manage_link(existing, workshop, now=now)
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
    registration.source = registrant.source
    registration.consented_at = now
    # The queue's order is the order the lock was given, so the time is taken now, inside
    # it: someone who cancelled and comes back joins at the end, and two people waiting for
    # the lock are never told the same position.
    registration.created_at = timezone.now()
    registration.cancelled_at = None
    if workshop.capacity is None or places.confirmed < workshop.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITING
        registration.confirmed_at = None
    registration.save()
    if registrant.networks or existing:
        registration.networks.set(registrant.networks)
    if registration.status == RegistrationStatus.CONFIRMED:
        emails.registration_status(
            registration, workshop, kind="confirmed", attachment=attachments[workshop.pk]
        )
        return Outcome(workshop, registration)
    # Everyone else waiting joined earlier (the lock orders them): this person is last.
    position = places.waiting + 1
    emails.registration_status(registration, workshop, kind="waiting", position=position)
    return Outcome(workshop, registration, position=position)


def _has_place(workshop: Workshop) -> bool:
    if workshop.capacity is None:
        return True
    return places_of(workshop.pk).confirmed < workshop.capacity


def _promote_waiting(workshop: Workshop, *, now, attachment) -> list[Registration]:
    """Give free places to the people waiting longest; each is emailed. The caller holds the
    workshop's lock."""
    promoted = []
    while _has_place(workshop):
        first = waiting_queue(workshop_id=workshop.pk).first()
        if first is None:
            break
        _confirm(first, workshop, now=now, attachment=attachment)
        promoted.append(first)
    return promoted


def _confirm(registration, workshop, *, now, attachment: EmailAttachment) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = now
    registration.save(update_fields=["status", "confirmed_at"])
    emails.registration_status(registration, workshop, kind="promoted", attachment=attachment)


def cancel_registration(registration: Registration, *, by=None, now=None) -> list[Registration]:
    """Cancel a place (or a place on the waiting list); returns whoever got the freed place.

    `by` is the organiser who cancelled for the person, or None when they cancelled it
    themselves; the person is emailed either way, in words that say which.
    """
    now = now or timezone.now()
    attachment = emails.calendar_attachment(registration.workshop)
    with transaction.atomic(durable=True):
        workshop = lock_row(Workshop, registration.workshop_id)
        current = lock_row(Registration, registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            raise PortalError(_("This registration is already cancelled."))
        was_confirmed = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.save(update_fields=["status", "cancelled_at"])
        emails.registration_cancelled(current, workshop, by_organiser=by is not None, now=now)
        promoted = (
            _promote_waiting(workshop, now=now, attachment=attachment) if was_confirmed else []
        )
        if by is not None:
            log_action(
                by,
                Action.REGISTRATION_CANCELLED,
                current,
                {"promoted": [person.name for person in promoted]},
                scope=workshop,
            )
    registration.refresh_from_db()
    return promoted


def set_capacity(
    workshop: Workshop, *, capacity: int | None, attachment: EmailAttachment, now=None
) -> list[Registration]:
    """Set the places of a workshop the caller has locked, and fill any new ones."""
    workshop.capacity = capacity
    workshop.save(update_fields=["capacity", "updated_at"])
    return _promote_waiting(workshop, now=now or timezone.now(), attachment=attachment)


def change_capacity(workshop: Workshop, *, capacity: int | None, by) -> list[Registration]:
    """Set the number of places. More places go to the people waiting; fewer never take a
    place away from anyone confirmed: new people wait until enough cancel."""
    attachment = emails.calendar_attachment(workshop)
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        before = locked.capacity
        promoted = set_capacity(locked, capacity=capacity, attachment=attachment)
        log_action(
            by,
            Action.CAPACITY_CHANGED,
            locked,
            {"from": before, "to": capacity, "promoted": [person.name for person in promoted]},
        )
    workshop.refresh_from_db()
    return promoted


def confirm_by_hand(registration: Registration, *, by, now=None) -> Registration:
    """An organiser gives someone on the waiting list a place, even beyond the capacity."""
    now = now or timezone.now()
    attachment = emails.calendar_attachment(registration.workshop)
    with transaction.atomic(durable=True):
        workshop = lock_row(Workshop, registration.workshop_id)
        current = lock_row(Registration, registration.pk)
        if current.status != RegistrationStatus.WAITING:
            raise PortalError(_("Only someone on the waiting list can be given a place."))
        _confirm(current, workshop, now=now, attachment=attachment)
        log_action(by, Action.PLACE_GIVEN, current, scope=workshop)
    registration.refresh_from_db()
    return registration


def update_needs(
    registration: Registration, *, access_requirements: str, dietary_needs: str
) -> Registration:
    """The person's own change of their access or dietary needs, through their private link."""
    with transaction.atomic(durable=True):
        current = lock_row(Registration, registration.pk)
        current.access_requirements = access_requirements
        current.dietary_needs = dietary_needs
        current.save(update_fields=["access_requirements", "dietary_needs"])
    registration.access_requirements = access_requirements
    registration.dietary_needs = dietary_needs
    return registration


def remove_burst(workshop: Workshop, *, source: str, by) -> tuple[int, list[Registration]]:
    """Cancel every place and place on the waiting list taken from one connection, as an
    organiser does for made-up registrations: without emailing the addresses typed (that is
    what whoever made them wanted). Freed places go to the people waiting, who are emailed.
    Returns how many were removed and who got a place."""
    now = timezone.now()
    attachment = emails.calendar_attachment(workshop)
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        removed = Registration.objects.filter(
            workshop=locked,
            source=source,
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
        ).update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
        # An update sends no signals: the page's places, and the own pages of whoever had
        # them, are told here.
        invalidate_on_commit(places_group(locked.slug))
        invalidate_models_on_commit(Registration)
        promoted = _promote_waiting(locked, now=now, attachment=attachment)
        log_action(
            by,
            Action.BURST_REMOVED,
            locked,
            {"removed": removed, "promoted": [person.name for person in promoted]},
        )
    return removed, promoted
