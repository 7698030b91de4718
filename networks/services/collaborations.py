"""Collaborations between networks (the network of networks): set up and changed by
organisers, each save in the activity log."""

from dataclasses import dataclass, field, fields

from django.db import transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from .. import addresses
from ..enums import Action, CollaborationStatus
from ..models import Collaboration, Network, Organisation


@dataclass(frozen=True, kw_only=True)
class CollaborationDetails:
    """What an organiser says about a collaboration: the one shape the form builds and the
    demo writes."""

    title: str
    aims: str = ""
    status: str = CollaborationStatus.PROPOSED
    networks: list[Network] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)

    @classmethod
    def names(cls) -> list[str]:
        return [each.name for each in fields(cls)]


SCALARS = ("title", "aims", "status")


def _check(details: CollaborationDetails) -> None:
    if not details.title.strip():
        raise PortalError(_("Give the collaboration a title."), field="title")
    if details.status not in CollaborationStatus.values:
        raise PortalError(_("Choose one of the statuses."), field="status")


def _slug(title: str) -> str:
    return unique_slug(
        Collaboration, title, fallback="collaboration", reserved=addresses.COLLABORATION
    )


def create_collaboration(details: CollaborationDetails, *, by) -> Collaboration:
    _check(details)
    with transaction.atomic(durable=True):
        collaboration = Collaboration.objects.create(
            slug=_slug(details.title), **{name: getattr(details, name) for name in SCALARS}
        )
        collaboration.networks.set(details.networks)
        collaboration.organisations.set(details.organisations)
        log_action(
            by,
            Action.COLLABORATION_SAVED,
            collaboration,
            {"created": True, "networks": [n.name for n in details.networks]},
        )
    return collaboration


def update_collaboration(
    collaboration: Collaboration, details: CollaborationDetails, *, by
) -> Collaboration:
    """Changes to a collaboration, written on the locked row: only what differs (its address
    stays the same when the title changes, so links to it last)."""
    _check(details)
    with transaction.atomic(durable=True):
        locked = lock_row(Collaboration, collaboration.pk)
        changed = [name for name in SCALARS if getattr(locked, name) != getattr(details, name)]
        for name in changed:
            setattr(locked, name, getattr(details, name))
        if changed:
            locked.save(update_fields=changed)
        for name in ("networks", "organisations"):
            manager = getattr(locked, name)
            wanted = {each.pk for each in getattr(details, name)}
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(getattr(details, name))
                changed.append(name)
        labels = [str(Collaboration._meta.get_field(name).verbose_name) for name in changed]
        log_action(by, Action.COLLABORATION_SAVED, locked, {"fields": labels})
    return locked
