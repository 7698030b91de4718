"""Organisers' messages to one group of a workshop's participants."""

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from .. import emails
from ..enums import Action, MessageAudience
from ..models import OrganiserMessage, Workshop
from ..selectors.registration import audience_of

# The same message sent again within this time is taken for a double click, and refused.
REPEAT_WINDOW = timedelta(minutes=10)
# How a message that greets its readers itself begins ("Dear all,", "Hello everyone").
GREETING = re.compile(r"^\W*(dear|hello|hi|hey|good (morning|afternoon|evening))\b", re.IGNORECASE)


def greets(body: str) -> bool:
    """Whether the organiser's own text starts with a greeting: with the portal's "Dear
    <name>," above it, the email would greet twice."""
    return bool(GREETING.match(body))


def _check(workshop: Workshop, *, audience: str) -> int:
    if audience not in MessageAudience.values:
        raise PortalError(_("Choose who the message goes to."), field="audience")
    count = audience_of(workshop, audience=audience).count()
    if not count:
        raise PortalError(_("Nobody is in this group, so there is nobody to send it to."))
    return count


def preview_organiser_message(
    workshop: Workshop, *, audience: str, subject: str, body: str, greeting: bool = True
):
    count = _check(workshop, audience=audience)
    return emails.preview_organiser_message(
        workshop, subject=subject, body=body, recipients=count, greeting=greeting
    )


def send_organiser_message(
    workshop: Workshop, *, audience: str, subject: str, body: str, by, greeting: bool = True
) -> OrganiserMessage:
    """Save the message and its mailing; the emails are written after commit."""
    with transaction.atomic(durable=True):
        # A double click on "Send" must not email everyone twice: under the workshop's lock,
        # the second request finds the first one's message and is refused.
        locked = lock_row(Workshop, workshop.pk)
        count = _check(locked, audience=audience)
        just_sent = OrganiserMessage.objects.filter(
            workshop=locked,
            audience=audience,
            subject=subject,
            body=body,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        )
        if just_sent.exists():
            raise PortalError(_("You have just sent this message. It is on its way."))
        message = OrganiserMessage.objects.create(
            workshop=locked, audience=audience, subject=subject, body=body, created_by=by
        )
        emails.organiser_message(message, by=by, greeting=greeting)
        log_action(by, Action.MESSAGE_SENT, message, {"people": count}, scope=locked)
    return message
