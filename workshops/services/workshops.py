"""Writing workshops and series: create, edit, duplicate, publish, cancel."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socialjustice.errors import PortalError

from ..cache import invalidate_public_pages
from ..enums import WorkshopState
from ..models import Workshop, WorkshopSeries
from ..signals import workshop_cancelled, workshop_rescheduled
from .registration import change_capacity

LONDON = ZoneInfo("Europe/London")
# What people plan their day by: a change to any of these is news for everyone registered.
PLANNING_FIELDS = ("starts_at", "ends_at", "format", "venue_name", "venue_address")
SCALAR_FIELDS = (
    "series",
    "title",
    "theme",
    "description",
    "key_questions",
    "starts_at",
    "ends_at",
    "format",
    "venue_name",
    "venue_address",
    "access_information",
    "join_link",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "reminder_hours",
    "what_to_bring",
    "hashtags",
    "social_handles",
    "contact_email",
    "partnership",
)


def london_datetime(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def local_times(workshop: Workshop) -> tuple[time, time]:
    """The workshop's start and end as London wall-clock times (what its programme uses)."""
    starts = workshop.starts_at.astimezone(LONDON)
    ends = workshop.ends_at.astimezone(LONDON)
    return starts.time().replace(tzinfo=None), ends.time().replace(tzinfo=None)


def unique_slug(model, text: str, *, exclude_pk=None) -> str:
    base = slugify(text)[:180] or "workshop"
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_times(fields: dict) -> None:
    if fields["ends_at"] <= fields["starts_at"]:
        raise PortalError(_("The workshop must end after it starts."))
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise PortalError(_("Registration must close after it opens."))


def create_workshop(*, created_by, fields: dict, networks=(), organisers=()) -> Workshop:
    """A new draft workshop; whoever creates it is one of its organisers."""
    _check_times(fields)
    with transaction.atomic():
        workshop = Workshop(**{name: fields.get(name) for name in SCALAR_FIELDS if name in fields})
        workshop.slug = unique_slug(Workshop, f"{fields['title']} {fields['starts_at']:%Y-%m-%d}")
        workshop.state = WorkshopState.DRAFT
        workshop.save()
        workshop.networks.set(networks)
        workshop.organisers.set({created_by, *organisers})
    return workshop


def update_workshop(workshop: Workshop, *, fields: dict, networks=None, organisers=None) -> dict:
    """Save changes; returns the planning changes (field -> (old, new)).

    Registered people hear about a published workshop's new date, time or venue: the
    `workshop_rescheduled` signal goes out inside this transaction, with what changed, so
    their emails are queued (or not) together with the change.
    """
    _check_times(fields)
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        changes = {
            name: (getattr(locked, name), fields[name])
            for name in PLANNING_FIELDS
            if name in fields and getattr(locked, name) != fields[name]
        }
        new_capacity = fields.get("capacity", locked.capacity)
        for name in SCALAR_FIELDS:
            if name in fields and name != "capacity":
                setattr(workshop, name, fields[name])
        workshop.capacity = locked.capacity
        workshop.save()
        if new_capacity != locked.capacity:
            # More places go to the people waiting, and they are told: the same rule as the
            # dashboard's capacity form.
            change_capacity(workshop, capacity=new_capacity)
        if networks is not None:
            workshop.networks.set(networks)
        if organisers is not None:
            workshop.organisers.set(organisers)
        if changes and locked.state == WorkshopState.PUBLISHED:
            workshop_rescheduled.send(Workshop, workshop=workshop, changes=changes)
    return changes


def publish_workshop(workshop: Workshop) -> Workshop:
    with transaction.atomic():
        updated = Workshop.objects.filter(pk=workshop.pk, state=WorkshopState.DRAFT).update(
            state=WorkshopState.PUBLISHED, updated_at=timezone.now()
        )
        if not updated:
            raise PortalError(_("Only a draft workshop can be published."))
        # .update() sends no post_save; the cached public pages must still change.
        transaction.on_commit(invalidate_public_pages)
    workshop.refresh_from_db()
    return workshop


def cancel_workshop(workshop: Workshop, *, note: str = "") -> Workshop:
    """Cancel a workshop; if it was published, everyone registered is told (their emails are
    queued in this transaction)."""
    with transaction.atomic():
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if locked.state == WorkshopState.CANCELLED:
            raise PortalError(_("This workshop is already cancelled."))
        was_published = locked.state == WorkshopState.PUBLISHED
        locked.state = WorkshopState.CANCELLED
        locked.cancellation_note = note
        locked.save(update_fields=["state", "cancellation_note", "updated_at"])
        if was_published:
            workshop_cancelled.send(Workshop, workshop=locked)
    workshop.refresh_from_db()
    return workshop


def duplicate_workshop(workshop: Workshop, *, by, on: date, series=None) -> Workshop:
    """A draft copy on another day: same details, hours, programme, speakers and networks.

    Materials and the joining link belong to the original occasion and are not copied.
    """
    with transaction.atomic():
        starts, ends = (
            value.astimezone(LONDON) for value in (workshop.starts_at, workshop.ends_at)
        )
        shift = on - starts.date()
        copy = Workshop.objects.get(pk=workshop.pk)
        copy.pk = None
        copy.uid = uuid.uuid4()
        copy._state.adding = True
        copy.series = series if series is not None else workshop.series
        copy.starts_at = london_datetime(starts.date() + shift, starts.time())
        copy.ends_at = london_datetime(ends.date() + shift, ends.time())
        copy.registration_opens_at = None
        copy.registration_closes_at = None
        copy.join_link = ""
        copy.state = WorkshopState.DRAFT
        copy.cancellation_note = ""
        copy.slug = unique_slug(Workshop, f"{workshop.title} {on:%Y-%m-%d}")
        copy.save()
        copy.networks.set(workshop.networks.all())
        copy.organisers.set({by, *workshop.organisers.all()})
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
    return copy


def save_series(series: WorkshopSeries | None, *, fields: dict, networks=(), organisers=()):
    with transaction.atomic():
        if series is None:
            series = WorkshopSeries(slug=unique_slug(WorkshopSeries, fields["title"]))
        for name in ("title", "description", "partnership"):
            setattr(series, name, fields.get(name))
        series.save()
        series.networks.set(networks)
        series.organisers.set(organisers)
    return series


def duplicate_series(series: WorkshopSeries, *, by, first_on: date) -> WorkshopSeries:
    """A copy of the series and all its workshops as drafts, moved so the first falls on
    `first_on` and the others keep their distance from it."""
    with transaction.atomic():
        copy = save_series(
            None,
            fields={
                "title": series.title,
                "description": series.description,
                "partnership": series.partnership,
            },
            networks=series.networks.all(),
            organisers={by, *series.organisers.all()},
        )
        workshops = list(series.workshops.order_by("starts_at"))
        if workshops:
            first = workshops[0].starts_at.astimezone(LONDON).date()
            for workshop in workshops:
                day = workshop.starts_at.astimezone(LONDON).date()
                duplicate_workshop(
                    workshop, by=by, on=first_on + timedelta(days=(day - first).days), series=copy
                )
    return copy
