"""The follow-ups after a workshop, each sent once: the thanks with the materials (to
attendees or everyone confirmed), then, if slides or a report come later, "New materials" to
the same people."""

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
from ..selectors.follow_up import FIRST, SECOND, FollowUpState, follow_up_state
from ..selectors.registration import audience_of

FOLLOW_UP_AUDIENCES = (MessageAudience.ATTENDED, MessageAudience.CONFIRMED)


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def follow_up_problem(workshop: Workshop, state: FollowUpState, *, now: datetime) -> str | None:
    """Why no follow-up can be sent now, in plain words; None when one can."""
    if workshop.state != WorkshopState.PUBLISHED:
        return _("Only a published workshop that has taken place has a follow-up.")
    if workshop.ends_at > now:
        return _("The follow-up can be sent once the workshop has ended.")
    if state.next_number is None:
        return _(
            "Both follow-ups are sent: the thanks on %(first)s and the new materials on "
            "%(second)s. Each is sent only once."
        ) % {"first": _when(state.first_sent_at), "second": _when(state.second_sent_at)}
    return None


def _check(
    workshop: Workshop, *, number: int, audience: str | None, now: datetime
) -> tuple[int, str]:
    """How many people the follow-up goes to, and who they are: for the second, the first's
    audience (`audience` None)."""
    state = follow_up_state(workshop)
    problem = follow_up_problem(workshop, state, now=now)
    if problem:
        raise PortalError(problem)
    if state.next_number != number:
        # The first was sent by someone else since this page was opened.
        raise PortalError(
            _("The follow-up was sent on %(when)s. It is sent only once.")
            % {"when": _when(state.first_sent_at)}
            if number == FIRST
            else _("Send the first follow-up before the new materials.")
        )
    audience = state.first_audience if number == SECOND else audience
    if audience not in FOLLOW_UP_AUDIENCES:
        raise PortalError(_("Choose who the follow-up goes to."), field="audience")
    count = audience_of(workshop, audience=audience).count()
    if not count:
        raise PortalError(_("Nobody is in this group, so there is nobody to send it to."))
    return count, audience


def preview_follow_up(workshop: Workshop, *, audience: str, message: str, now=None):
    count, _audience = _check(workshop, number=FIRST, audience=audience, now=now or timezone.now())
    return emails.preview_follow_up(workshop, message=message, recipients=count)


def preview_new_materials(workshop: Workshop, *, message: str, now=None):
    count, _audience = _check(workshop, number=SECOND, audience=None, now=now or timezone.now())
    return emails.preview_follow_up(workshop, message=message, recipients=count, number=SECOND)


def request_follow_up(workshop: Workshop, *, audience: str, message: str, by, now=None) -> int:
    """Send the first follow-up: one mailing, written with the note that it was sent, so it
    is sent once even if the broker is down (the sweep expands it later); returns how many it
    goes to."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        # The lock makes two sends one after the other: the second finds it sent.
        locked = lock_row(Workshop, workshop.pk)
        count, _audience = _check(locked, number=FIRST, audience=audience, now=now)
        locked.follow_up_sent_at = now
        locked.save(update_fields=["follow_up_sent_at"])
        emails.follow_up(locked, audience=audience, message=message, by=by)
        log_action(by, Action.FOLLOW_UP_SENT, locked, {"audience": audience, "people": count})
    workshop.follow_up_sent_at = now
    return count


def request_new_materials(workshop: Workshop, *, message: str, by, now=None) -> int:
    """Send the second follow-up, "New materials", to the people the first went to: once (its
    mailing's key is its note that it was sent)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = lock_row(Workshop, workshop.pk)
        count, audience = _check(locked, number=SECOND, audience=None, now=now)
        emails.follow_up(locked, audience=audience, message=message, by=by, number=SECOND)
        log_action(
            by,
            Action.FOLLOW_UP_SENT,
            locked,
            {"audience": audience, "people": count, "follow_up": SECOND},
        )
    return count
