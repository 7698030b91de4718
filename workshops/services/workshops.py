"""Writing workshops: create, edit, publish, cancel, copy to another date.

Each entry point owns its transaction (`durable=True`), locks the workshop through
`socialjustice.locking`, changes the locked row and saves only the fields it changed, so an
edit made from a form opened earlier can never undo what happened meanwhile (a cancellation,
a change of places). Registered people hear of a change through one mailing, written in the
same transaction and expanded after commit, so the lock is held for milliseconds whatever the
number of people.

A workshop's slug carries its date ("…-2030-11-19"): moved to another day, it gets a slug
with the new date, and the old one is kept (`PreviousSlug`) so that its old address, in every
email sent already, leads to it. No workshop takes a slug another one had.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Collaboration, Network, Partnership
from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from .. import emails
from ..calendar import LONDON, london_datetime
from ..enums import Action, MessageAudience, WorkshopFormat, WorkshopState
from ..models import PreviousSlug, Workshop, WorkshopSeries
from ..planning import PLANNING_FIELDS
from ..selectors.registration import audience_of
from . import registration


@dataclass(frozen=True, kw_only=True)
class WorkshopDetails:
    """Everything an organiser says about a workshop: the one shape the form builds, the
    services take and the demo writes. Its fields are the model's, by name."""

    title: str
    starts_at: datetime
    ends_at: datetime
    series: WorkshopSeries | None = None
    theme: str = ""
    description: str = ""
    key_questions: str = ""
    format: str = WorkshopFormat.ONLINE
    venue_name: str = ""
    venue_address: str = ""
    access_information: str = ""
    join_link: str = ""
    capacity: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    reminder_hours: int = 24
    what_to_bring: str = ""
    hashtags: str = ""
    social_handles: str = ""
    contact_email: str = ""
    partnership: Partnership | None = None
    networks: tuple[Network, ...] = ()
    collaborations: tuple[Collaboration, ...] = ()
    organisers: tuple = ()

    MANY = ("networks", "collaborations", "organisers")

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    def row_fields(self) -> dict:
        """The values stored on the workshop row itself (not the many-to-many ones)."""
        return {name: getattr(self, name) for name in self.names() if name not in self.MANY}


def _check_times(details: WorkshopDetails) -> None:
    if details.ends_at <= details.starts_at:
        raise PortalError(_("The workshop must end after it starts."), field="end_time")
    opens, closes = details.registration_opens_at, details.registration_closes_at
    if opens and closes and closes <= opens:
        raise PortalError(
            _("Registration must close after it opens."), field="registration_closes_at"
        )


class NeedsConfirmation(Exception):
    """The change would email everyone registered, and the organiser has not confirmed it
    as it stands now: nothing was saved. Not a PortalError, since nothing was wrong.

    `workshop` holds the new details (unsaved, for the email's preview), `recipients` how
    many people it would email, `version` what the organiser confirms against, and
    `changed_meanwhile` whether someone else changed the workshop since they were asked."""

    def __init__(self, *, workshop, changes, recipients, version, changed_meanwhile):
        super().__init__("The change would email everyone registered: confirm it first.")
        self.workshop = workshop
        self.changes = changes
        self.recipients = recipients
        self.version = version
        self.changed_meanwhile = changed_meanwhile


def version_of(workshop: Workshop) -> str:
    """What a confirmation is given against: any save of the workshop moves it."""
    return workshop.updated_at.isoformat()


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%Y-%m-%d}"


def free_slug(text: str, *, workshop_pk=None) -> str:
    """A slug for `text` that no other workshop has, or had before its date moved."""
    return unique_slug(
        Workshop,
        text,
        exclude_pk=workshop_pk,
        fallback="workshop",
        also=PreviousSlug.objects.exclude(workshop_id=workshop_pk),
    )


def moved_slug(workshop: Workshop, starts_at: datetime) -> str | None:
    """The slug for the workshop moved to `starts_at`: its slug up to the old date, with the
    new date. None when the day is the same, or the slug carries no date (set by hand)."""
    old, new = _day(workshop.starts_at), _day(starts_at)
    if old == new or old not in workshop.slug:
        return None
    return free_slug(workshop.slug[: workshop.slug.rindex(old)] + new, workshop_pk=workshop.pk)


def _move_slug(locked: Workshop, slug: str) -> None:
    """Keep the old slug leading to the workshop; a slug it comes back to is current again."""
    PreviousSlug.objects.filter(workshop=locked, slug=slug).delete()
    PreviousSlug.objects.update_or_create(slug=locked.slug, defaults={"workshop": locked})
    locked.slug = slug


def create_workshop(details: WorkshopDetails, *, by) -> Workshop:
    """A new draft workshop; whoever creates it is one of its organisers."""
    _check_times(details)
    with transaction.atomic(durable=True):
        workshop = Workshop(**details.row_fields(), state=WorkshopState.DRAFT)
        workshop.slug = free_slug(f"{details.title} {details.starts_at:%Y-%m-%d}")
        workshop.save()
        workshop.networks.set(details.networks)
        _set_collaborations(workshop, details.collaborations)
        workshop.organisers.set({by, *details.organisers} if by else details.organisers)
        log_action(by, Action.WORKSHOP_CREATED, workshop)
    return workshop


def _set_collaborations(workshop: Workshop, collaborations) -> bool:
    """Link the workshop to exactly these collaborations; True if that changed its links
    (the collaborations' pages, which list their workshops, are renewed by workshops.pages)."""
    wanted = {collaboration.pk for collaboration in collaborations}
    if wanted == set(workshop.collaborations.values_list("pk", flat=True)):
        return False
    workshop.collaborations.set(collaborations)
    return True


def _value(row, name):
    """What the row holds for a field, comparable with a given value without a query."""
    field = row._meta.get_field(name)
    return getattr(row, field.attname)


def _given(row, name, value):
    field = row._meta.get_field(name)
    return value.pk if field.is_relation and value is not None else value


def update_workshop(
    workshop: Workshop,
    details: WorkshopDetails,
    *,
    by,
    only: Collection[str] | None = None,
    ask_first: bool = False,
    confirmed: str = "",
    correction: bool = False,
) -> dict:
    """Save an organiser's changes; returns the planning changes (field -> (old, new)).

    `only` names the fields the organiser changed in the form they had open (all of them when
    None): the others keep whatever they hold now, so an edit never undoes what someone else
    changed meanwhile (a cancellation, the places set on the dashboard). Of those, only the
    fields that differ from the locked row are written. A change of places goes through the
    same rule as the dashboard's (more places go to the people waiting); a change of date,
    time or venue to a published workshop is announced to everyone registered.

    With `ask_first`, a change that would email people raises `NeedsConfirmation` (nothing
    saved) unless `confirmed` is the workshop's version the organiser was asked about: decided
    under the lock, so someone registering or editing meanwhile is never emailed unasked. A
    published workshop is not moved to a day that has passed, unless it is a `correction` of
    the record, which nobody is emailed about.
    """
    _check_times(details)
    attachment = (
        emails.calendar_attachment(workshop) if details.capacity != workshop.capacity else None
    )
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        changed = [
            name
            for name, value in details.row_fields().items()
            if (only is None or name in only)
            and _value(locked, name) != _given(locked, name, value)
        ]
        planning = {
            name: (getattr(locked, name), getattr(details, name))
            for name in PLANNING_FIELDS
            if name in changed
        }
        published = locked.state == WorkshopState.PUBLISHED
        moved_to_past = bool({"starts_at", "ends_at"} & set(changed)) and (
            _day(details.starts_at) < _day(timezone.now())
        )
        if moved_to_past and published and not correction:
            raise PortalError(
                _(
                    "This date has passed. If you are correcting the record of a workshop "
                    "that took place, tick “This corrects the date of a past workshop”."
                ),
                field="date",
            )
        if correction and planning and published and not moved_to_past:
            raise PortalError(
                _(
                    "Only a date that has passed is corrected without telling anyone. Untick "
                    "it to save the change and tell everyone registered."
                ),
                field="correction",
            )
        # A correction of the record tells nobody: the workshop took place.
        tells = bool(planning) and published and not (moved_to_past and correction)
        slug = moved_slug(locked, details.starts_at) if "starts_at" in changed else None
        row_changes = [name for name in changed if name != "capacity"]
        for name in row_changes:
            setattr(locked, name, getattr(details, name))
        if tells and ask_first:
            _ask_first(locked, planning, slug=slug, confirmed=confirmed)
        if slug:
            _move_slug(locked, slug)
            row_changes.append("slug")
        if row_changes:
            locked.save(update_fields=[*row_changes, "updated_at"])
        if "capacity" in changed:
            # Built before the lock in the usual case; only an edit that raced a change of
            # places builds it here.
            attachment = attachment or emails.calendar_attachment(locked)
            registration.set_capacity(locked, capacity=details.capacity, attachment=attachment)
        if only is None or "networks" in only:
            locked.networks.set(details.networks)
        if (only is None or "collaborations" in only) and _set_collaborations(
            locked, details.collaborations
        ):
            changed.append("collaborations")
        # A workshop always keeps someone responsible for it.
        if details.organisers and (only is None or "organisers" in only):
            locked.organisers.set(details.organisers)
        labels = [str(Workshop._meta.get_field(name).verbose_name) for name in changed]
        log_action(by, Action.WORKSHOP_CHANGED, locked, {"fields": labels})
        if tells:
            emails.workshop_changed(locked, planning)
    workshop.refresh_from_db()
    return planning


def _ask_first(locked: Workshop, planning: dict, *, slug: str | None, confirmed: str) -> None:
    """Raise NeedsConfirmation unless nobody would be emailed or the organiser confirmed
    this very version. `locked` already holds the new details, for the preview."""
    version = version_of(locked)
    if confirmed == version:
        return
    recipients = audience_of(locked, audience=MessageAudience.REGISTERED).count()
    if recipients == 0:
        return
    if slug:
        locked.slug = slug
    raise NeedsConfirmation(
        workshop=locked,
        changes=planning,
        recipients=recipients,
        version=version,
        changed_meanwhile=bool(confirmed),
    )


def publish_workshop(workshop: Workshop, *, by) -> Workshop:
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        if locked.state != WorkshopState.DRAFT:
            raise PortalError(_("Only a draft workshop can be published."))
        locked.state = WorkshopState.PUBLISHED
        locked.save(update_fields=["state", "updated_at"])
        log_action(by, Action.WORKSHOP_PUBLISHED, locked)
    workshop.refresh_from_db()
    return workshop


def cancel_workshop(workshop: Workshop, *, note: str = "", by) -> Workshop:
    """Cancel a workshop; if it was published, everyone registered is told."""
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        if locked.state == WorkshopState.CANCELLED:
            raise PortalError(_("This workshop is already cancelled."))
        was_published = locked.state == WorkshopState.PUBLISHED
        locked.state = WorkshopState.CANCELLED
        locked.cancellation_note = note
        locked.save(update_fields=["state", "cancellation_note", "updated_at"])
        log_action(by, Action.WORKSHOP_CANCELLED, locked, {"note": note})
        if was_published:
            emails.workshop_cancelled(locked)
    workshop.refresh_from_db()
    return workshop


def duplicate_workshop(workshop: Workshop, *, by, on: date) -> Workshop:
    """A draft copy on another day: same details, hours, programme, speakers and networks.

    Materials and the joining link belong to the original occasion and are not copied.
    """
    with transaction.atomic(durable=True):
        copy = copy_workshop(workshop, by=by, on=on, series=workshop.series)
    return copy


def copy_workshop(workshop: Workshop, *, by, on: date, series) -> Workshop:
    """The copy itself, in the caller's transaction (a series is copied in one)."""
    starts, ends = (value.astimezone(LONDON) for value in (workshop.starts_at, workshop.ends_at))
    shift = on - starts.date()
    copy = Workshop.objects.get(pk=workshop.pk)
    copy.pk = None
    copy.uid = uuid.uuid4()
    copy._state.adding = True
    copy.series = series
    copy.starts_at = london_datetime(starts.date() + shift, starts.time())
    copy.ends_at = london_datetime(ends.date() + shift, ends.time())
    copy.registration_opens_at = None
    copy.registration_closes_at = None
    copy.follow_up_sent_at = None
    copy.join_link = ""
    copy.state = WorkshopState.DRAFT
    copy.cancellation_note = ""
    copy.slug = free_slug(f"{workshop.title} {on:%Y-%m-%d}")
    copy.save()
    copy.networks.set(workshop.networks.all())
    copy.organisers.set({by, *workshop.organisers.all()} if by else workshop.organisers.all())
    for item in workshop.programme.prefetch_related("speakers"):
        speakers = list(item.speakers.all())
        item.pk = None
        item._state.adding = True
        # The prefetched speakers belong to the original item; left in place, they would
        # make the copy look as if it had its speakers already.
        item._prefetched_objects_cache = {}
        item.workshop = copy
        item.save()
        item.speakers.set(speakers)
    log_action(by, Action.WORKSHOP_COPIED, copy, {"from": workshop.slug})
    return copy
