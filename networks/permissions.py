"""Who may do what with people and networks."""

import rules

from socialjustice.permissions import is_organiser


@rules.predicate
def is_self(user, person):
    return person is not None and user.pk == person.pk


rules.add_perm("networks.view_own_page", rules.is_authenticated)
rules.add_perm("networks.change_profile", rules.is_authenticated & is_self)
rules.add_perm("networks.view_access_needs", rules.is_authenticated & (is_self | is_organiser))
