"""Writing series: a group of workshops organised together, and copying one to new dates."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from networks.models import Network, Partnership
from socialjustice.activity import log_action
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from ..calendar import LONDON
from ..enums import Action
from ..models import WorkshopSeries
from .workshops import copy_workshop


@dataclass(frozen=True, kw_only=True)
class SeriesDetails:
    title: str
    description: str = ""
    partnership: Partnership | None = None
    networks: tuple[Network, ...] = ()
    organisers: tuple = ()


def _write(series: WorkshopSeries, details: SeriesDetails) -> WorkshopSeries:
    series.title = details.title
    series.description = details.description
    series.partnership = details.partnership
    if series.pk:
        series.save(update_fields=["title", "description", "partnership", "updated_at"])
    else:
        series.save()
    series.networks.set(details.networks)
    series.organisers.set(details.organisers)
    return series


def save_series(series: WorkshopSeries | None, details: SeriesDetails, *, by) -> WorkshopSeries:
    """A new series (`series` None), or changes to one, written on the locked row."""
    with transaction.atomic(durable=True):
        if series is None:
            series = WorkshopSeries(slug=unique_slug(WorkshopSeries, details.title))
        else:
            series = lock_row(WorkshopSeries, series.pk)
        _write(series, details)
        log_action(by, Action.SERIES_SAVED, series)
    return series


def duplicate_series(series: WorkshopSeries, *, by, first_on: date) -> WorkshopSeries:
    """A copy of the series and all its workshops as drafts, moved so the first falls on
    `first_on` and the others keep their distance from it."""
    with transaction.atomic(durable=True):
        copy = _write(
            WorkshopSeries(slug=unique_slug(WorkshopSeries, series.title)),
            SeriesDetails(
                title=series.title,
                description=series.description,
                partnership=series.partnership,
                networks=tuple(series.networks.all()),
                organisers=tuple({by, *series.organisers.all()}),
            ),
        )
        workshops = list(series.workshops.order_by("starts_at"))
        if workshops:
            first = workshops[0].starts_at.astimezone(LONDON).date()
            for workshop in workshops:
                day = workshop.starts_at.astimezone(LONDON).date()
                copy_workshop(
                    workshop, by=by, on=first_on + timedelta(days=(day - first).days), series=copy
                )
        log_action(by, Action.SERIES_COPIED, copy, {"from": series.slug})
    return copy
