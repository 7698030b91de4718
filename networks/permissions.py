"""Who may do what with people and networks."""

import rules

from socialjustice.permissions import is_organiser


@rules.predicate
def is_self(user, person):
    return person is not None and user.pk == person.pk


rules.add_perm("networks.view_own_page", rules.is_authenticated)
rules.add_perm("networks.change_profile", rules.is_authenticated & is_self)
rules.add_perm("networks.view_access_needs", rules.is_authenticated & (is_self | is_organiser))


# The directory: anyone reads it; a network's coordinators edit its page and decide who joins;
# organisers edit every network, partnership and organisation, and see organisations' contacts.


@rules.predicate
def coordinates_network(user, network):
    if network is None or not user.is_authenticated:
        return False
    # The coordinators the page's selector prefetched, when it did, rather than a query.
    cache = getattr(network, "_prefetched_objects_cache", {})
    if "coordinators" in cache:
        return any(person.pk == user.pk for person in cache["coordinators"])
    return network.coordinators.filter(pk=user.pk).exists()


@rules.predicate
def is_current_member(user, network):
    return (
        network is not None
        and user.is_authenticated
        and network.memberships.filter(person=user, left_at__isnull=True).exists()
    )


rules.add_perm(
    "networks.edit_network_page", rules.is_authenticated & (is_organiser | coordinates_network)
)
rules.add_perm(
    "networks.decide_membership", rules.is_authenticated & (is_organiser | coordinates_network)
)
rules.add_perm("networks.edit_network_details", rules.is_authenticated & is_organiser)
rules.add_perm("networks.appoint_coordinators", rules.is_authenticated & is_organiser)
rules.add_perm("networks.edit_partnership", rules.is_authenticated & is_organiser)
rules.add_perm("networks.edit_organisation", rules.is_authenticated & is_organiser)
rules.add_perm("networks.view_organisation_contact", rules.is_authenticated & is_organiser)
rules.add_perm("networks.ask_to_join", rules.is_authenticated)
rules.add_perm("networks.leave_network", rules.is_authenticated & is_current_member)

# Linking networks (the network of networks) and the directory's spreadsheets: collaborations
# are public, and organisers set them up; only organisers import organisations, undo an
# import, or download the directory with who to contact.
rules.add_perm("networks.manage_collaborations", rules.is_authenticated & is_organiser)
rules.add_perm("networks.import_organisations", rules.is_authenticated & is_organiser)
rules.add_perm("networks.export_organisation_contacts", rules.is_authenticated & is_organiser)

# The coverage map is for everyone; stakeholder lists are organisers' working documents.
rules.add_perm("networks.view_coverage", rules.always_allow)
rules.add_perm("networks.manage_stakeholders", rules.is_authenticated & is_organiser)
