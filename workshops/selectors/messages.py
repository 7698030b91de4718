"""Reads of organisers' messages with the state of their emails."""

from django.db.models import CharField, Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from socialjustice.enums import EmailState
from socialjustice.models import Mailing, OutgoingEmail

from ..models import OrganiserMessage, Workshop


def _about_messages(model) -> QuerySet:
    # By the content type's natural key rather than its id, so the query is the same whether
    # or not Django has the content type cached.
    return model.objects.filter(
        content_type__app_label="workshops", content_type__model="organisermessage"
    )


def _count_in(states) -> Coalesce:
    counted = (
        _about_messages(OutgoingEmail)
        .filter(object_id=Cast(OuterRef("pk"), CharField()), state__in=states)
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def messages_with_delivery(workshop: Workshop) -> QuerySet[OrganiserMessage]:
    """The workshop's messages, newest first, each with its mailing's state (whether every
    email is written yet) and how many of its emails are queued (or being sent), sent and
    failed: one query."""
    mailing_state = (
        _about_messages(Mailing)
        .filter(object_id=Cast(OuterRef("pk"), CharField()))
        .values("state")[:1]
    )
    return (
        OrganiserMessage.objects.filter(workshop=workshop)
        .select_related("created_by")
        .annotate(
            mailing_state=Subquery(mailing_state),
            queued_count=_count_in([EmailState.QUEUED, EmailState.SENDING]),
            sent_count=_count_in([EmailState.SENT]),
            failed_count=_count_in([EmailState.FAILED]),
        )
        .order_by("-created_at", "-pk")
    )


def message_emails(message: OrganiserMessage) -> QuerySet[OutgoingEmail]:
    """Each recipient's email of one message, by address."""
    return (
        _about_messages(OutgoingEmail)
        .filter(object_id=str(message.pk))
        .defer("body_text", "body_html")
        .order_by("to", "pk")
    )
