"""Who may do what with workshops: one predicate per rule, used by views, emails and lists.

Site-wide organisers (the Organisers group) manage every workshop; anyone listed among a
workshop's organisers manages that one. Drafts are seen only by those who manage them.

A confirmed place is held either by a signed-in person or by whoever has a registration's
private link (no account needed). `LinkHolder` stands for the second, so one predicate,
`holds_place`, answers for both: it decides who sees the joining link and the materials kept
for participants, on the pages, in the emails and on /me/.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from socialjustice.permissions import is_organiser

from .enums import RegistrationStatus, Visibility, WorkshopFormat, WorkshopState
from .models import Registration


class LinkHolder(AnonymousUser):
    """Whoever opened a registration's private link: no account, but that registration."""

    def __init__(self, registration: Registration):
        self.registration = registration


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
def holds_place(user, workshop):
    """A confirmed place at this workshop, through the private link or the person's account."""
    if workshop is None:
        return False
    registration = getattr(user, "registration", None)
    if registration is not None:
        return (
            registration.workshop_id == workshop.pk
            and registration.status == RegistrationStatus.CONFIRMED
        )
    return (
        user.is_authenticated
        and Registration.objects.filter(
            workshop_id=workshop.pk, person=user, status=RegistrationStatus.CONFIRMED
        ).exists()
    )


@rules.predicate
def is_online(user, workshop):
    return workshop is not None and workshop.format != WorkshopFormat.IN_PERSON


manages_workshop = rules.is_authenticated & (is_organiser | organises_workshop)
sees_participant_materials = manages_workshop | holds_place


@rules.predicate
def is_public_material(user, material):
    return material is not None and material.visibility == Visibility.PUBLIC


@rules.predicate
def sees_material_workshop(user, material):
    return material is not None and sees_participant_materials(user, material.workshop)


rules.add_perm("workshops.view_workshop", is_public | manages_workshop)
rules.add_perm("workshops.add_workshop", rules.is_authenticated & is_organiser)
rules.add_perm("workshops.change_workshop", manages_workshop)
rules.add_perm(
    "workshops.view_organiser_workshops",
    rules.is_authenticated & (is_organiser | organises_any_workshop),
)
rules.add_perm("workshops.manage_series", rules.is_authenticated & is_organiser)
rules.add_perm("workshops.manage_speakers", rules.is_authenticated & is_organiser)
rules.add_perm("workshops.view_join_link", manages_workshop | (holds_place & is_online))
rules.add_perm("workshops.view_participant_materials", sees_participant_materials)
rules.add_perm("workshops.view_material", is_public_material | sees_material_workshop)
