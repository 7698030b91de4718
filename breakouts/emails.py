"""Every email breakouts sends, one function per kind: the only callers of `queue_email` and
`queue_mailing` in this app."""

from django.conf import settings
from django.urls import reverse

from socialjustice.outbox import queue_email

from .models import Group


def _url(name: str, *args) -> str:
    return settings.PORTAL_URL + reverse(name, args=args)


def facilitator_assigned(group: Group, person) -> None:
    queue_email(
        to=person.email,
        kind="breakout.facilitator",
        key=f"breakout:{group.pk}:facilitator:{person.pk}",
        template="emails/breakout_facilitator",
        context={
            "person": person,
            "group": group,
            "workshop": group.workshop,
            "record_url": _url("breakouts:record", group.pk),
        },
        about=group,
    )
