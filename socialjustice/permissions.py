"""The portal's roles, as rules predicates every app builds on.

A role is a Django group (Organisers, Facilitators) holding a permission; asking `has_perm`
with no object lets Django's ModelBackend answer from the groups, so one predicate covers the
role wherever it is checked.
"""

import rules


@rules.predicate
def is_organiser(user):
    return user.has_perm("networks.organise")


@rules.predicate
def is_facilitator(user):
    return user.has_perm("networks.facilitate")


rules.add_perm("socialjustice.view_organiser_area", rules.is_authenticated & is_organiser)
rules.add_perm("socialjustice.view_outbox", rules.is_authenticated & is_organiser)
rules.add_perm("socialjustice.resend_email", rules.is_authenticated & is_organiser)
