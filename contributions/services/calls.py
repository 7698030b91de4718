"""Calls for contributions: opened and changed by organisers."""

from dataclasses import dataclass, fields
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug
from workshops.models import Workshop, WorkshopSeries

from ..enums import Action
from ..models import Call


@dataclass(frozen=True, kw_only=True)
class CallDetails:
    """What an organiser says about a call: the one shape the form builds and the demo writes."""

    title: str
    prompt: str
    opens_at: datetime
    closes_at: datetime
    workshop: Workshop | None = None
    series: WorkshopSeries | None = None
    guidance: str = ""
    what_happens: str = ""
    anonymised_review: bool = False

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]


def _check(details: CallDetails) -> None:
    if (details.workshop is None) == (details.series is None):
        raise PortalError(_("Choose a workshop or a series for the call, not both."))
    if details.closes_at <= details.opens_at:
        raise PortalError(_("The call must close after it opens."), field="closes_at")


def create_call(details: CallDetails, *, by) -> Call:
    _check(details)
    with transaction.atomic(durable=True):
        call = Call(**{name: getattr(details, name) for name in CallDetails.names()})
        call.slug = unique_slug(Call, details.title)
        call.created_by = by if getattr(by, "is_authenticated", False) else None
        call.save()
        log_action(by, Action.CALL_CREATED, call, scope=call)
    return call


def update_call(call: Call, details: CallDetails, *, by) -> Call:
    """Changes to a call, written on the locked row: only the fields that differ."""
    _check(details)
    with transaction.atomic(durable=True):
        locked = lock_row(Call, call.pk)
        changed = [
            name for name in CallDetails.names() if getattr(locked, name) != getattr(details, name)
        ]
        for name in changed:
            setattr(locked, name, getattr(details, name))
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        labels = [str(Call._meta.get_field(name).verbose_name) for name in changed]
        log_action(by, Action.CALL_CHANGED, locked, {"fields": labels}, scope=locked)
    return locked
