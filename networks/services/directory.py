"""Editing the directory: a network's page (by its coordinators or an organiser), a
partnership and an organisation (by organisers). Each save is written on the locked row and
logged with the fields it changed."""

from dataclasses import dataclass, fields

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from .. import addresses
from ..enums import Action
from ..models import EqualityGroup, Network, Organisation, Partnership, Sector


def _write(row, values: dict, relations: dict, *, taken: str) -> list[str]:
    """Set the values that differ and the many-to-many relations; return what changed.
    A unique name (or identifier) someone saved a moment ago makes the constraint refuse
    this one: the person is told `taken`, on the name."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    try:
        with transaction.atomic():
            if row.pk is None:
                row.save()
            elif changed:
                row.save(update_fields=changed)
    except IntegrityError:
        raise PortalError(taken, field="name") from None
    for name, chosen in relations.items():
        related = getattr(row, name)
        if {item.pk for item in related.all()} != {item.pk for item in chosen}:
            related.set(chosen)
            changed.append(name)
    return changed


@dataclass(frozen=True, kw_only=True)
class NetworkDetails:
    """A network's page. Its name, short name and partnership only organisers change; a
    coordinator's form passes the network's own."""

    name: str
    short_name: str = ""
    partnership: Partnership | None = None
    description: str = ""
    website: str = ""
    contact_email: str = ""
    place: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    sectors: tuple[Sector, ...] = ()
    equality_groups: tuple[EqualityGroup, ...] = ()
    organisations: tuple[Organisation, ...] = ()


RELATIONS = ("sectors", "equality_groups", "organisations")


def save_network(network: Network, details: NetworkDetails, *, by) -> Network:
    with transaction.atomic(durable=True):
        locked = lock_row(Network, network.pk)
        values = {
            f.name: getattr(details, f.name)
            for f in fields(details)
            if f.name not in (*RELATIONS, "partnership")
        }
        values["partnership_id"] = details.partnership.pk if details.partnership else None
        changed = _write(
            locked,
            values,
            {n: getattr(details, n) for n in RELATIONS},
            taken=_("Another network has this name: choose another."),
        )
        log_action(by, Action.NETWORK_SAVED, locked, {"changed": changed})
    return locked


@dataclass(frozen=True, kw_only=True)
class PartnershipDetails:
    name: str
    short_name: str = ""
    description: str = ""
    aims: str = ""
    impacts: str = ""
    website: str = ""


def save_partnership(partnership: Partnership, details: PartnershipDetails, *, by) -> Partnership:
    with transaction.atomic(durable=True):
        locked = lock_row(Partnership, partnership.pk)
        values = {f.name: getattr(details, f.name) for f in fields(details)}
        changed = _write(
            locked, values, {}, taken=_("Another partnership has this name: choose another.")
        )
        log_action(by, Action.PARTNERSHIP_SAVED, locked, {"changed": changed})
    return locked


@dataclass(frozen=True, kw_only=True)
class OrganisationDetails:
    name: str
    kind: str = "other"
    identifier: str = ""
    description: str = ""
    website: str = ""
    country: str = ""
    region: str = ""
    city: str = ""
    research_site: bool = False
    open_to_collaboration: bool = False
    contact_name: str = ""
    contact_email: str = ""
    sectors: tuple[Sector, ...] = ()
    equality_groups: tuple[EqualityGroup, ...] = ()


ORGANISATION_RELATIONS = ("sectors", "equality_groups")


def _organisation_slug(name: str) -> str:
    return unique_slug(Organisation, name, fallback="organisation", reserved=addresses.ORGANISATION)


def save_organisation(
    organisation: Organisation | None, details: OrganisationDetails, *, by
) -> Organisation:
    """A new organisation (`organisation` None), or changes to one."""
    name = " ".join(details.name.split())
    with transaction.atomic(durable=True):
        if organisation is None:
            row = Organisation(slug=_organisation_slug(name))
        else:
            row = lock_row(Organisation, organisation.pk)
        values = {
            f.name: getattr(details, f.name)
            for f in fields(details)
            if f.name not in ORGANISATION_RELATIONS
        }
        values["name"] = name
        # The form checked the name and identifier before; the constraints are the last word.
        changed = _write(
            row,
            values,
            {n: getattr(details, n) for n in ORGANISATION_RELATIONS},
            taken=_("Another organisation has this name or identifier: check the directory."),
        )
        log_action(by, Action.ORGANISATION_SAVED, row, {"changed": changed})
    return row
