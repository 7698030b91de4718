"""Breakout groups: created by organisers for a breakout programme item, with facilitators,
the contributions to discuss, and the participants allocated (or choosing)."""

from dataclasses import dataclass, fields

from django.contrib.auth.models import Group as Role
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row, lock_rows
from workshops.enums import ProgrammeKind, RegistrationStatus
from workshops.models import ProgrammeItem, Registration

from .. import emails
from ..enums import Action
from ..models import Group, Member

# The seeds' prompts, for a new group's questions (editable).
PROMPT_TEMPLATES = {
    "challenges": (
        "Challenges and good practice",
        "What works, and what prevents good practice from being put in place?\n"
        "What research questions does this raise?",
    ),
    "priorities": (
        "Priorities for service development",
        "What are the short, medium and longer term goals for service development here?\n"
        "What research questions does this raise?",
    ),
    "designs": (
        "Designing development research",
        "What kinds of research design would support service development while modelling "
        "equitable practice (for example implementation research, or research into "
        "practice models)?",
    ),
    "collaboration": (
        "Research collaboration",
        "Which organisations would be interested in acting as sites for research in the "
        "areas identified?",
    ),
    "promoting": (
        "Promoting Action",
        "Which priority areas for joint work can be promoted through members and adopted as "
        "common themes?",
    ),
    "resources": (
        "Increasing Resources",
        "What funds are available for work on inequalities, and how can we access them?",
    ),
    "partnerships": (
        "Supporting Partnerships",
        "How can joint working between and within networks be sustained and mutually "
        "beneficial to all partners?",
    ),
}
FACILITATORS_ROLE = "Facilitators"


@dataclass(frozen=True, kw_only=True)
class GroupDetails:
    """What an organiser says about a group: the one shape the form builds and the demo
    writes."""

    name: str
    prompts: str = ""
    room_link: str = ""
    open_to_choose: bool = False
    facilitators: tuple = ()
    contributions: tuple = ()

    MANY = ("facilitators", "contributions")

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]


def save_group(item: ProgrammeItem, details: GroupDetails, *, group: Group | None = None, by):
    """A new group of a breakout item, or changes to one. New facilitators join the
    Facilitators role and are emailed their group's recording page."""
    if item.kind != ProgrammeKind.BREAKOUTS:
        raise PortalError(_("Groups belong to a programme item of the kind “Breakout groups”."))
    with transaction.atomic(durable=True):
        if group is None:
            last = item.breakout_groups.order_by("-position").values_list("position", flat=True)
            group = Group(item=item, workshop_id=item.workshop_id, position=(last.first() or 0) + 1)
            before = set()
        else:
            group = lock_row(Group, group.pk)
            before = set(group.facilitators.values_list("pk", flat=True))
        for name in GroupDetails.names():
            if name not in GroupDetails.MANY:
                setattr(group, name, getattr(details, name))
        group.save()
        group.facilitators.set(details.facilitators)
        group.contributions.set(details.contributions)
        added = [person for person in details.facilitators if person.pk not in before]
        role, _created = Role.objects.get_or_create(name=FACILITATORS_ROLE)
        for person in added:
            person.groups.add(role)
            emails.facilitator_assigned(group, person)
        log_action(by, Action.GROUP_SAVED, group, scope=group.workshop)
    return group


def delete_group(group: Group, *, by) -> None:
    with transaction.atomic(durable=True):
        log_action(by, Action.GROUP_DELETED, group, scope=group.workshop)
        Group.objects.filter(pk=group.pk).delete()


def set_members(group: Group, *, registrations, by) -> Group:
    """Allocate these registrations to the group (moving them from another group of the same
    item); those not listed leave it."""
    with transaction.atomic(durable=True):
        group = lock_row(Group.objects.select_related("workshop"), group.pk)
        wanted = {registration.pk for registration in registrations}
        # The lock a participant choosing a group takes: the two never interleave.
        lock_rows(Registration.objects.only("pk"), wanted)
        Member.objects.filter(group=group).exclude(registration_id__in=wanted).delete()
        Member.objects.filter(item_id=group.item_id, registration_id__in=wanted).exclude(
            group=group
        ).delete()
        have = set(group.members.values_list("registration_id", flat=True))
        Member.objects.bulk_create(
            Member(group=group, registration_id=pk, item_id=group.item_id) for pk in wanted - have
        )
        log_action(by, Action.MEMBERS_SET, group, {"members": len(wanted)}, scope=group.workshop)
    return group


def choose_group(registration: Registration, group: Group) -> Member:
    """A participant with a confirmed place joins a group that is open to choose (leaving the
    one they had chosen for the same breakout item)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise PortalError(_("Only someone with a confirmed place can join a group."))
    if group.workshop_id != registration.workshop_id or not group.open_to_choose:
        raise PortalError(_("This group is not open to choose."))
    with transaction.atomic(durable=True):
        lock_row(Registration, registration.pk)
        Member.objects.filter(registration=registration, item_id=group.item_id).delete()
        try:
            with transaction.atomic():
                return Member.objects.create(
                    group=group,
                    registration=registration,
                    item_id=group.item_id,
                    chosen_by_participant=True,
                )
        except IntegrityError as clash:
            raise PortalError(_("You are in a group for this session already.")) from clash
