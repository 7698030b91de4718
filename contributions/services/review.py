"""Reviewing: accept, decline or ask for changes; reviewers' notes; themes for the pack.

A decision is taken on the locked contribution and on the version the reviewer read: if
another organiser decided meanwhile, or the contributor sent a new version, the reviewer is
told so and nothing is overwritten.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from .. import emails
from ..enums import Action, ContributionState, Decision
from ..models import Contribution, Review, ReviewerNote

# What happened meanwhile, said as a whole sentence for each state a reviewer may find
# (the states' own labels, such as "Changes asked for", do not fit into one).
MEANWHILE = {
    ContributionState.ACCEPTED: _lazy(
        "This contribution was accepted meanwhile: nothing was changed."
    ),
    ContributionState.DECLINED: _lazy(
        "This contribution was declined meanwhile: nothing was changed."
    ),
    ContributionState.CHANGES_REQUESTED: _lazy(
        "This contribution was sent back for changes meanwhile: nothing was changed."
    ),
    ContributionState.WITHDRAWN: _lazy(
        "This contribution was withdrawn meanwhile: nothing was changed."
    ),
    ContributionState.DRAFT: _lazy(
        "This contribution was taken back by the contributor meanwhile, to change it: nothing "
        "was changed. It comes back here when they send it again."
    ),
}

OUTCOMES = {
    Decision.ACCEPT: (ContributionState.ACCEPTED, Action.ACCEPTED),
    Decision.DECLINE: (ContributionState.DECLINED, Action.DECLINED),
    Decision.CHANGES: (ContributionState.CHANGES_REQUESTED, Action.CHANGES_ASKED),
}


def decide(contribution: Contribution, *, decision: str, message: str, version: int, by) -> Review:
    """Record a reviewer's decision on `version` (the one they read) and email the author."""
    if decision == Decision.CHANGES and not message.strip():
        raise PortalError(
            _("Say what you would like changed: the contributor reads this message."),
            field="message",
        )
    now = timezone.now()
    with transaction.atomic(durable=True):
        current = lock_row(Contribution.objects.select_related("call", "author"), contribution.pk)
        if current.state != ContributionState.SUBMITTED:
            raise PortalError(str(MEANWHILE[current.state]))
        if current.version != version:
            raise PortalError(
                _(
                    "The contributor sent a new version while you were reading: read it, then "
                    "decide. Nothing was changed."
                )
            )
        state, verb = OUTCOMES[Decision(decision)]
        current.state = state
        current.decided_at = now if state != ContributionState.CHANGES_REQUESTED else None
        current.save(update_fields=["state", "decided_at", "updated_at"])
        review = Review.objects.create(
            contribution=current,
            version=version,
            decision=decision,
            message=message,
            reviewer=by,
            created_at=now,
        )
        log_action(by, verb, current, {"version": version, "message": message})
        emails.decided(current, review)
    return review


def add_note(contribution: Contribution, *, text: str, by) -> ReviewerNote:
    with transaction.atomic(durable=True):
        note = ReviewerNote.objects.create(contribution=contribution, text=text, author=by)
        log_action(by, Action.NOTE_ADDED, contribution)
    return note


def set_themes(contribution: Contribution, *, themes, by) -> Contribution:
    """Group an accepted contribution by theme for the workshop pack (only accepted ones are
    in the pack)."""
    with transaction.atomic(durable=True):
        current = lock_row(Contribution, contribution.pk)
        if current.state != ContributionState.ACCEPTED:
            raise PortalError(_("Only an accepted contribution goes into the workshop pack."))
        current.themes.set(themes)
        log_action(by, Action.THEMES_SET, current, {"themes": [theme.name for theme in themes]})
    return current
