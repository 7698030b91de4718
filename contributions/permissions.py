"""Who may do what with calls and contributions: one predicate per rule.

Organisers manage the calls of the workshops (or series) they organise, and site-wide
organisers every call. A contributor sees and changes only their own contributions, and only
while the call is open or a reviewer asked them for changes. Everyone sees a contribution that
was accepted and that its author allowed to be public.
"""

import rules
from django.utils import timezone

from socialjustice.permissions import is_organiser
from workshops.permissions import organises_any_workshop, organises_workshop

from .enums import ContributionState, Visibility

PUBLIC_VISIBILITIES = (Visibility.PUBLIC_NAMED, Visibility.PUBLIC_ANONYMOUS)
EDITABLE = (
    ContributionState.DRAFT,
    ContributionState.SUBMITTED,
    ContributionState.CHANGES_REQUESTED,
)


@rules.predicate
def organises_call(user, call):
    if call is None or not user.is_authenticated:
        return False
    if call.workshop_id:
        return organises_workshop(user, call.workshop)
    return call.series.organisers.filter(pk=user.pk).exists()


manages_call = rules.is_authenticated & (is_organiser | organises_call)


@rules.predicate
def is_open(user, call):
    now = timezone.now()
    return call is not None and call.opens_at <= now < call.closes_at


@rules.predicate
def is_author(user, contribution):
    return contribution is not None and user.is_authenticated and contribution.author_id == user.pk


@rules.predicate
def is_public(user, contribution):
    return (
        contribution is not None
        and contribution.state == ContributionState.ACCEPTED
        and contribution.visibility in PUBLIC_VISIBILITIES
    )


@rules.predicate
def is_named(user, contribution):
    return contribution is not None and contribution.visibility == Visibility.PUBLIC_NAMED


@rules.predicate
def is_finished(user, contribution):
    return contribution is not None and contribution.state in (
        ContributionState.ACCEPTED,
        ContributionState.DECLINED,
        ContributionState.WITHDRAWN,
    )


@rules.predicate
def may_still_change(user, contribution):
    """A draft or a sent one while the call is open; one sent back for changes at any time."""
    if contribution is None or contribution.state not in EDITABLE:
        return False
    if contribution.state == ContributionState.CHANGES_REQUESTED:
        return True
    return is_open(user, contribution.call)


@rules.predicate
def manages_contribution(user, contribution):
    return contribution is not None and manages_call(user, contribution.call)


@rules.predicate
def shows_author(user, contribution):
    """Whether a reviewer may see who wrote it: always, unless the call's review is
    anonymised and nobody has decided yet."""
    return not contribution.call.anonymised_review or contribution.state in (
        ContributionState.ACCEPTED,
        ContributionState.DECLINED,
    )


rules.add_perm(
    "contributions.manage_calls", rules.is_authenticated & (is_organiser | organises_any_workshop)
)
rules.add_perm("contributions.change_call", manages_call)
rules.add_perm("contributions.contribute", rules.is_authenticated & is_open)
rules.add_perm("contributions.view_contribution", is_public | is_author | manages_contribution)
rules.add_perm("contributions.change_contribution", is_author & may_still_change)
rules.add_perm("contributions.withdraw_contribution", is_author & ~is_finished)
rules.add_perm("contributions.review_contribution", manages_contribution)
# Who may see the author's name, email address and organisation: the author, reviewers unless
# the review is anonymised and undecided, and everyone once it is public with the name.
rules.add_perm(
    "contributions.view_author",
    is_author | (manages_contribution & shows_author) | (is_public & is_named),
)
