"""The emails networks sends: the account emails (verification, password reset, sign-in
codes), which allauth asks for through networks.adapters; and joining a network (a request
to its coordinators, the decision to the person)."""

import logging
import uuid

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from socialjustice import mailings
from socialjustice.models import OutgoingEmail
from socialjustice.outbox import Letter, queue_email

from .enums import JoinState
from .models import JoinRequest, User

logger = logging.getLogger(__name__)
TO_MAX_LENGTH = OutgoingEmail._meta.get_field("to").max_length


def account_email(*, to: str, template_prefix: str, context: dict) -> None:
    if len(to) > TO_MAX_LENGTH:
        # No real address is this long (the forms refuse one; allauth's sign-in-by-code form
        # does not ask): nothing could deliver it, and the page says the same either way.
        logger.warning("Account email to an address of %s characters not sent.", len(to))
        return
    # Each account email is its own event (a new code, a new link): a fresh key each time.
    queue_email(
        to=to,
        kind="account." + template_prefix.rsplit("/", 1)[-1],
        key=f"account:{uuid.uuid4()}",
        template=template_prefix,
        context={"email": to, **context},
    )


# Joining a network


def _url(name: str, *args) -> str:
    return settings.PORTAL_URL + reverse(name, args=args)


def join_requested(join_request) -> None:
    """To the network's coordinators (or, when it has none, the organisers): one mailing."""
    mailings.queue_mailing(
        kind=JoinRequested.name, key=f"join:{join_request.pk}:requested", about=join_request
    )


@mailings.register
class JoinRequested(mailings.MailingKind):
    name = "networks.join_requested"

    def prepare(self, mailing):
        join_request = (
            JoinRequest.objects.select_related("person__organisation", "network")
            .filter(pk=mailing.object_id)
            .first()
        )
        # Decided before the email went: nothing to ask about any more.
        if join_request is None or join_request.state != JoinState.PENDING:
            return None
        return {"join_request": join_request}

    def recipients(self, mailing, shared):
        network = shared["join_request"].network
        coordinators = User.objects.filter(coordinated_networks=network, is_active=True)
        if coordinators.exists():
            return coordinators
        return User.objects.filter(
            Q(groups__permissions__codename="organise") | Q(is_superuser=True), is_active=True
        ).distinct()

    def letter(self, mailing, person, shared):
        join_request = shared["join_request"]
        return Letter(
            to=person.email,
            kind=self.name,
            key=f"{mailing.key}:{person.pk}",
            template="emails/network_join_requested",
            context={
                "person": person,
                "join_request": join_request,
                "asker": join_request.person,
                "network": join_request.network,
                "requests_url": _url("networks:requests", join_request.network.slug),
            },
            about=join_request,
        )


def join_decided(join_request) -> None:
    """To the person who asked: approved, or declined."""
    state = join_request.state
    queue_email(
        to=join_request.person.email,
        kind=f"networks.join_{state}",
        key=f"join:{join_request.pk}:{state}",
        template=f"emails/network_join_{state}",
        context={
            "person": join_request.person,
            "network": join_request.network,
            "network_url": _url("networks:network", join_request.network.slug),
            "directory_url": _url("networks:directory"),
            "my_url": _url("networks:me"),
        },
        about=join_request,
    )
