from datetime import datetime, timedelta

from django.db.models import (
    CharField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Concat

from socialjustice.models import OutgoingEmail

from ..enums import RegistrationStatus, WorkshopState
from ..models import Registration

# The reminder's outbox key is this and the registration's id (workshops/emails.py).
REMINDER_KEY_PREFIX = "reminder:"


def due_reminders(*, now: datetime) -> QuerySet[Registration]:
    """Confirmed places at published workshops starting within their reminder time, whose
    holder has no reminder yet."""
    window_ends = ExpressionWrapper(
        Value(now, output_field=DateTimeField())
        + ExpressionWrapper(
            F("workshop__reminder_hours") * Value(timedelta(hours=1)),
            output_field=DurationField(),
        ),
        output_field=DateTimeField(),
    )
    reminded = OutgoingEmail.objects.filter(
        key=Concat(Value(REMINDER_KEY_PREFIX), Cast(OuterRef("pk"), CharField()))
    )
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            workshop__state=WorkshopState.PUBLISHED,
            workshop__starts_at__gt=now,
        )
        .alias(window_ends=window_ends)
        .filter(workshop__starts_at__lte=F("window_ends"))
        .exclude(Exists(reminded))
        .select_related("workshop")
        .order_by("workshop__starts_at", "pk")
    )
