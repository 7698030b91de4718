"""The follow-up after a workshop: thanks and the materials, once, to attendees or everyone
confirmed."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from .. import emails
from ..enums import Action, MessageAudience, WorkshopState
from ..models import Workshop
from ..selectors.registration import audience_of

FOLLOW_UP_AUDIENCES = (MessageAudience.ATTENDED, MessageAudience.CONFIRMED)


def follow_up_problem(workshop: Workshop, *, now: datetime) -> str | None:
    """Why the follow-up cannot be sent now, in plain words; None when it can."""
    if workshop.follow_up_sent_at:
        return _("The follow-up was sent on %(when)s. It is sent only once.") % {
            "when": date_format(timezone.localtime(workshop.follow_up_sent_at), "j F Y, H:i")
        }
    if workshop.state != WorkshopState.PUBLISHED:
        return _("Only a published workshop that has taken place has a follow-up.")
    if workshop.ends_at > now:
        return _("The follow-up can be sent once the workshop has ended.")
    return None


def _check(workshop: Workshop, *, audience: str, now: datetime) -> int:
    if audience not in FOLLOW_UP_AUDIENCES:
        raise PortalError(_("Choose who the follow-up goes to."), field="audience")
    problem = follow_up_problem(workshop, now=now)
    if problem:
        raise PortalError(problem)
    count = audience_of(workshop, audience=audience).count()
    if not count:
        raise PortalError(_("Nobody is in this group, so there is nobody to send it to."))
    return count


def preview_follow_up(workshop: Workshop, *, audience: str, message: str, now=None):
    count = _check(workshop, audience=audience, now=now or timezone.now())
    return emails.preview_follow_up(workshop, message=message, recipients=count)


def request_follow_up(workshop: Workshop, *, audience: str, message: str, by, now=None) -> int:
    """Send the follow-up: one mailing, written with the note that it was sent, so it is sent
    once even if the broker is down (the sweep expands it later); returns how many it goes
    to."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        # The lock makes two sends one after the other: the second finds it sent.
        locked = lock_row(Workshop, workshop.pk)
        count = _check(locked, audience=audience, now=now)
        locked.follow_up_sent_at = now
        locked.save(update_fields=["follow_up_sent_at"])
        emails.follow_up(locked, audience=audience, message=message, by=by)
        log_action(by, Action.FOLLOW_UP_SENT, locked, {"audience": audience, "people": count})
    workshop.follow_up_sent_at = now
    return count
