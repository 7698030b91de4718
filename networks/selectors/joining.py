"""Reads of joining networks: where a person stands with a network, the requests waiting for
its coordinators, and its current and past members."""

from django.db.models import QuerySet

from ..enums import JoinState
from ..models import JoinRequest, Membership, Network, User


def current_membership(person: User, network: Network) -> Membership | None:
    return Membership.objects.filter(person=person, network=network, left_at__isnull=True).first()


def open_request(person: User, network: Network) -> JoinRequest | None:
    return JoinRequest.objects.filter(
        person=person, network=network, state=JoinState.PENDING
    ).first()


def pending_count(network: Network) -> int:
    return JoinRequest.objects.filter(network=network, state=JoinState.PENDING).count()


def pending_requests(network: Network) -> QuerySet[JoinRequest]:
    """The requests waiting for a decision, oldest first (the first asked is answered first)."""
    return (
        JoinRequest.objects.filter(network=network, state=JoinState.PENDING)
        .select_related("person__organisation")
        .order_by("created_at", "pk")
    )


def current_members(network: Network) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(network=network, left_at__isnull=True)
        .select_related("person__organisation")
        .order_by("person__display_name", "pk")
    )


def past_members(network: Network) -> QuerySet[Membership]:
    """The memberships that have ended, the latest to end first, with both their dates."""
    return (
        Membership.objects.filter(network=network, left_at__isnull=False)
        .select_related("person__organisation")
        .order_by("-left_at", "-pk")
    )


def memberships_of(person: User) -> QuerySet[Membership]:
    """A person's current networks, by name (past memberships stay in the history only)."""
    return (
        Membership.objects.filter(person=person, left_at__isnull=True)
        .select_related("network")
        .order_by("network__name", "pk")
    )
