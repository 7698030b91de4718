"""Every email contributions sends, one function per kind: the only callers of `queue_email`
and `queue_mailing` in this app."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse

from socialjustice import mailings
from socialjustice.models import Mailing
from socialjustice.outbox import Letter, links_in, queue_email

from .models import Call, Contribution, Review


def _url(name: str, *args) -> str:
    return settings.PORTAL_URL + reverse(name, args=args)


def _context(contribution: Contribution, **extra) -> dict:
    return {
        "contribution": contribution,
        "call": contribution.call,
        "person": contribution.author,
        "edit_url": _url("contributions:edit", contribution.pk),
        "my_url": _url("networks:me"),
        "call_url": _url("contributions:call", contribution.call.slug),
        **extra,
    }


def received(contribution: Contribution) -> None:
    """To the contributor, each time they send a version."""
    queue_email(
        to=contribution.author.email,
        kind="contribution.received",
        key=f"contribution:{contribution.pk}:received:{contribution.version}",
        template="emails/contribution_received",
        context=_context(contribution),
        about=contribution,
    )


def decided(contribution: Contribution, review: Review) -> None:
    """To the contributor: accepted, declined, or asked for changes, with the message."""
    kind = {"accept": "accepted", "decline": "declined", "changes": "changes"}[review.decision]
    context = _context(contribution, review=review, links=links_in(review.message))
    if contribution.state == "accepted":
        context["public_url"] = _url("contributions:detail", contribution.pk)
    queue_email(
        to=contribution.author.email,
        kind=f"contribution.{kind}",
        key=f"contribution:{contribution.pk}:review:{review.pk}",
        template=f"emails/contribution_{kind}",
        context=context,
        about=contribution,
    )


def call_organisers(call: Call) -> QuerySet:
    """Who a call's digest goes to: its workshop's (or series') organisers, or, when it names
    none, the site-wide organisers."""
    User = get_user_model()
    named = (
        User.objects.filter(organised_workshops=call.workshop_id)
        if call.workshop_id
        else User.objects.filter(organised_series=call.series_id)
    )
    if named.exists():
        return named.filter(is_active=True)
    return User.objects.filter(
        Q(groups__permissions__codename="organise") | Q(is_superuser=True), is_active=True
    ).distinct()


def digest(call: Call, *, day: date, contributions: list[Contribution]) -> Mailing | None:
    """New submissions of the day, to the call's organisers: one mailing a call a day. None
    when the day's mailing was queued already (the digest ran twice)."""
    key = f"digest:{call.pk}:{day.isoformat()}"
    if Mailing.objects.filter(key=key).exists():
        return None
    return mailings.queue_mailing(
        kind=Digest.name,
        key=key,
        about=call,
        data={"day": day.isoformat(), "contributions": [c.pk for c in contributions]},
    )


@mailings.register
class Digest(mailings.MailingKind):
    name = "contributions.digest"

    def prepare(self, mailing):
        call = Call.objects.filter(pk=mailing.object_id).first()
        if call is None:
            return None
        new = list(
            Contribution.objects.filter(pk__in=mailing.data["contributions"])
            .select_related("author", "organisation")
            .order_by("submitted_at", "pk")
        )
        return {"call": call, "new": new} if new else None

    def recipients(self, mailing, shared):
        return call_organisers(shared["call"])

    def letter(self, mailing, person, shared):
        call = shared["call"]
        return Letter(
            to=person.email,
            kind="contribution.digest",
            key=f"digest:{call.pk}:{mailing.data['day']}:{person.pk}",
            template="emails/contribution_digest",
            context={
                "person": person,
                "call": call,
                "new": shared["new"],
                "queue_url": _url("contributions:queue", call.slug),
            },
            about=call,
        )
