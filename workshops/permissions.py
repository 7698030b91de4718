"""Who may do what with workshops.

Site-wide organisers (the Organisers group) manage every workshop; anyone listed among a
workshop's organisers manages that one. Drafts are seen only by those who manage them.
"""

import rules

from socialjustice.permissions import is_organiser

from .enums import RegistrationStatus, Visibility, WorkshopState
from .models import Registration


@rules.predicate
def organises_workshop(user, workshop):
    if workshop is None or not user.is_authenticated:
        return False
    # Use the organisers the selector prefetched, when it did, rather than a query per check.
    cache = getattr(workshop, "_prefetched_objects_cache", {})
    if "organisers" in cache:
        return any(person.pk == user.pk for person in cache["organisers"])
    return workshop.organisers.filter(pk=user.pk).exists()


@rules.predicate
def organises_any_workshop(user):
    return user.is_authenticated and user.organised_workshops.exists()


@rules.predicate
def is_public(user, workshop):
    return workshop is not None and workshop.state != WorkshopState.DRAFT


@rules.predicate
def is_public_material(user, material):
    return material is not None and material.visibility == Visibility.PUBLIC


@rules.predicate
def holds_place_for_material(user, material):
    return (
        material is not None
        and user.is_authenticated
        and Registration.objects.filter(
            workshop_id=material.workshop_id,
            person=user,
            status=RegistrationStatus.CONFIRMED,
        ).exists()
    )


@rules.predicate
def organises_material_workshop(user, material):
    return material is not None and organises_workshop(user, material.workshop)


manages_workshop = rules.is_authenticated & (is_organiser | organises_workshop)

rules.add_perm("workshops.view_workshop", is_public | manages_workshop)
rules.add_perm("workshops.add_workshop", rules.is_authenticated & is_organiser)
rules.add_perm("workshops.change_workshop", manages_workshop)
rules.add_perm(
    "workshops.view_organiser_workshops",
    rules.is_authenticated & (is_organiser | organises_any_workshop),
)
rules.add_perm("workshops.manage_series", rules.is_authenticated & is_organiser)
rules.add_perm("workshops.manage_speakers", rules.is_authenticated & is_organiser)
# Confirmed participants see the joining link on their manage page, /me/ and in their emails;
# on the workshop's own page only those who manage it do.
rules.add_perm("workshops.view_join_link", manages_workshop)
rules.add_perm(
    "workshops.view_material",
    is_public_material
    | (
        rules.is_authenticated
        & (is_organiser | organises_material_workshop | holds_place_for_material)
    ),
)
