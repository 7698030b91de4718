"""Stakeholder lists: who a workshop or an initiative invites, and where each one stands.
Organisers' working documents; every change is in the list's history."""

from dataclasses import dataclass, fields

from django.db import transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.slugs import unique_slug

from .. import addresses
from ..enums import Action, InvitationState
from ..models import EqualityGroup, Organisation, Stakeholder, StakeholderList


@dataclass(frozen=True, kw_only=True)
class StakeholderListDetails:
    """What an organiser says about a list: the one shape the form builds and the demo writes."""

    title: str
    description: str = ""
    region: str = ""
    equality_groups: tuple[EqualityGroup, ...] = ()

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls) if field.name != "equality_groups"]


def _slug(title: str, *, exclude_pk=None) -> str:
    return unique_slug(
        StakeholderList,
        title,
        exclude_pk=exclude_pk,
        fallback="list",
        reserved=addresses.STAKEHOLDER_LIST,
    )


def _check(details: StakeholderListDetails) -> None:
    if not details.title.strip():
        raise PortalError(_("Give the list a title."), field="title")


def create_stakeholder_list(details: StakeholderListDetails, *, by) -> StakeholderList:
    _check(details)
    with transaction.atomic(durable=True):
        stakeholder_list = StakeholderList(
            **{name: getattr(details, name) for name in StakeholderListDetails.names()},
            slug=_slug(details.title),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        stakeholder_list.save()
        stakeholder_list.equality_groups.set(details.equality_groups)
        log_action(by, Action.STAKEHOLDERS_SAVED, stakeholder_list, {"created": True})
    return stakeholder_list


def update_stakeholder_list(
    stakeholder_list: StakeholderList, details: StakeholderListDetails, *, by
) -> StakeholderList:
    """Changes to a list, written on the locked row: only the fields that differ."""
    _check(details)
    with transaction.atomic(durable=True):
        locked = lock_row(StakeholderList, stakeholder_list.pk)
        changed = [
            name
            for name in StakeholderListDetails.names()
            if getattr(locked, name) != getattr(details, name)
        ]
        for name in changed:
            setattr(locked, name, getattr(details, name))
        if changed:
            locked.save(update_fields=changed)
        before = set(locked.equality_groups.values_list("pk", flat=True))
        if before != {group.pk for group in details.equality_groups}:
            locked.equality_groups.set(details.equality_groups)
            changed.append("equality_groups")
        labels = [str(StakeholderList._meta.get_field(name).verbose_name) for name in changed]
        log_action(by, Action.STAKEHOLDERS_SAVED, locked, {"fields": labels})
    return locked


def add_stakeholder(
    stakeholder_list: StakeholderList,
    *,
    organisation: Organisation,
    by,
    state: str = InvitationState.TO_INVITE,
    note: str = "",
) -> Stakeholder:
    """Put an organisation on the list (once: a second time is refused)."""
    with transaction.atomic(durable=True):
        locked = lock_row(StakeholderList, stakeholder_list.pk)
        if locked.stakeholders.filter(organisation=organisation).exists():
            raise PortalError(
                _("%(name)s is on the list already.") % {"name": organisation.name},
                field="name",
            )
        stakeholder = Stakeholder.objects.create(
            stakeholder_list=locked, organisation=organisation, state=state, note=note
        )
        log_action(
            by,
            Action.STAKEHOLDER_CHANGED,
            stakeholder,
            {"added": organisation.name, "state": state},
            scope=locked,
        )
    return stakeholder


def remove_stakeholder(stakeholder_list: StakeholderList, *, stakeholder_pk: int, by) -> None:
    with transaction.atomic(durable=True):
        locked = lock_row(StakeholderList, stakeholder_list.pk)
        stakeholder = (
            Stakeholder.objects.select_related("organisation")
            .filter(stakeholder_list=locked, pk=stakeholder_pk)
            .first()
        )
        if stakeholder is None:
            raise PortalError(_("That organisation is not on the list any more."))
        log_action(
            by,
            Action.STAKEHOLDER_CHANGED,
            stakeholder,
            {"removed": stakeholder.organisation.name},
            scope=locked,
        )
        stakeholder.delete()


def set_stakeholder_state(
    stakeholder_list: StakeholderList, *, stakeholder_pk: int, state: str, note: str, by
) -> Stakeholder:
    """Where an organisation stands: not invited yet, invited, taking part or declined."""
    if state not in InvitationState.values:
        raise PortalError(_("Choose one of the states in the list."), field="state")
    with transaction.atomic(durable=True):
        locked = lock_row(StakeholderList, stakeholder_list.pk)
        stakeholder = (
            Stakeholder.objects.select_related("organisation")
            .filter(stakeholder_list=locked, pk=stakeholder_pk)
            .first()
        )
        if stakeholder is None:
            raise PortalError(_("That organisation is not on the list any more."))
        before = stakeholder.state
        stakeholder.state = state
        stakeholder.note = note[:300]
        stakeholder.save(update_fields=["state", "note"])
        log_action(
            by,
            Action.STAKEHOLDER_CHANGED,
            stakeholder,
            {"organisation": stakeholder.organisation.name, "from": before, "state": state},
            scope=locked,
        )
    return stakeholder
