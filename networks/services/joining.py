"""Joining networks: a signed-in person asks, the network's coordinators (or an organiser)
approve or decline, a member leaves, a coordinator ends someone's membership; organisers
appoint and remove coordinators.

A decision is taken on the locked request: a double click, or two coordinators deciding at
once, decide once, and the second is told what was decided. The constraints stay the safety
net: one open request per person and network (`join_request_one_open`), one current
membership (`membership_current_unique`); someone who left and joins again gets a new one.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from .. import emails
from ..enums import Action, JoinState
from ..models import JoinRequest, Membership, Network, User

MEANWHILE = {
    JoinState.APPROVED: _lazy("This request was approved already: nothing more was changed."),
    JoinState.DECLINED: _lazy("This request was declined already: nothing more was changed."),
    JoinState.WITHDRAWN: _lazy("This request was withdrawn: nothing was changed."),
}


def _is_member(person: User, network: Network) -> bool:
    return Membership.objects.filter(person=person, network=network, left_at__isnull=True).exists()


def ask_to_join(network: Network, *, person: User, message: str = "") -> tuple[JoinRequest, bool]:
    """The person's open request to join (made now, or the one they made before: asking
    twice is one request), and whether it is new. Only a new one is emailed to the
    coordinators."""
    with transaction.atomic(durable=True):
        if _is_member(person, network):
            raise PortalError(_("You are a member of this network already."))
        try:
            with transaction.atomic():
                request = JoinRequest.objects.create(
                    person=person, network=network, message=message.strip()
                )
        except IntegrityError:
            return JoinRequest.objects.get(
                person=person, network=network, state=JoinState.PENDING
            ), False
        log_action(person, Action.JOIN_REQUESTED, request, scope=network)
        emails.join_requested(request)
    return request, True


def decide_request(join_request: JoinRequest, *, approve: bool, by: User) -> JoinRequest:
    """Approve (the person becomes a member from now) or decline a request, once; the person
    is emailed the decision."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        current = lock_row(JoinRequest.objects.select_related("person", "network"), join_request.pk)
        if current.state != JoinState.PENDING:
            raise PortalError(str(MEANWHILE[current.state]))
        current.state = JoinState.APPROVED if approve else JoinState.DECLINED
        current.decided_by = by
        current.decided_at = now
        current.save(update_fields=["state", "decided_by", "decided_at"])
        # A member already (an organiser added them in the admin meanwhile): nothing to add.
        if approve and not _is_member(current.person, current.network):
            Membership.objects.create(person=current.person, network=current.network, joined_at=now)
        verb = Action.JOIN_APPROVED if approve else Action.JOIN_DECLINED
        log_action(by, verb, current, scope=current.network)
        emails.join_decided(current)
    return current


def _end(membership: Membership, *, by: User) -> Membership:
    with transaction.atomic(durable=True):
        current = lock_row(Membership.objects.select_related("network"), membership.pk)
        if current.left_at is not None:
            raise PortalError(_("This membership has ended already: nothing was changed."))
        current.left_at = timezone.now()
        current.save(update_fields=["left_at"])
        log_action(by, Action.MEMBER_LEFT, current, scope=current.network)
    return current


def leave_network(network: Network, *, person: User) -> Membership:
    """The person's current membership ends now; they may ask to join again later."""
    membership = Membership.objects.filter(
        person=person, network=network, left_at__isnull=True
    ).first()
    if membership is None:
        raise PortalError(_("You are not a member of this network."))
    return _end(membership, by=person)


def end_membership(membership: Membership, *, by: User) -> Membership:
    """A coordinator (or an organiser) ends someone's membership."""
    return _end(membership, by=by)


def add_coordinator(network: Network, *, email: str, by: User) -> User:
    """The person who signs in with `email` becomes one of the network's coordinators."""
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise PortalError(
            _("No one has an account with that email address. Ask them to create one first.")
        )
    with transaction.atomic(durable=True):
        lock_row(Network.objects.all(), network.pk)
        if network.coordinators.filter(pk=person.pk).exists():
            raise PortalError(_("%(name)s is a coordinator already.") % {"name": person})
        network.coordinators.add(person)
        log_action(by, Action.COORDINATOR_ADDED, network, {"person": person.pk}, scope=network)
    return person


def remove_coordinator(network: Network, *, person: User, by: User) -> None:
    with transaction.atomic(durable=True):
        lock_row(Network.objects.all(), network.pk)
        if not network.coordinators.filter(pk=person.pk).exists():
            raise PortalError(
                _("%(name)s is not a coordinator: nothing was changed.") % {"name": person}
            )
        network.coordinators.remove(person)
        log_action(by, Action.COORDINATOR_REMOVED, network, {"person": person.pk}, scope=network)
