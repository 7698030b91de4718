"""Who may do what with breakout groups, reports and recommendations: one predicate per rule.

A facilitator records only the groups assigned to them; the workshop's organisers (and the
site-wide organisers) manage everything of its breakouts. A report is public once published;
while it is open for corrections (until its closing time), the workshop's attendees may read
it and suggest changes.
A recommendation's status is changed by organisers and by the coordinators of the network that
owns it.
"""

import rules
from django.db.models import Q
from django.utils import timezone

from networks.roles import coordinates_networks
from socialjustice.permissions import is_facilitator, is_organiser
from workshops.enums import RegistrationStatus
from workshops.models import Registration
from workshops.permissions import manages_workshop
from workshops.services.registration import normalise_email

from .enums import ReportState


@rules.predicate
def facilitates(user, group):
    if group is None or not user.is_authenticated:
        return False
    cache = getattr(group, "_prefetched_objects_cache", {})
    if "facilitators" in cache:
        return any(person.pk == user.pk for person in cache["facilitators"])
    return group.facilitators.filter(pk=user.pk).exists()


@rules.predicate
def facilitates_in_workshop(user, workshop):
    return (
        workshop is not None
        and user.is_authenticated
        and workshop.breakout_groups.filter(facilitators=user).exists()
    )


@rules.predicate
def manages_group_workshop(user, group):
    return group is not None and manages_workshop(user, group.workshop)


@rules.predicate
def is_published(user, report):
    return report is not None and report.state == ReportState.PUBLISHED


@rules.predicate
def manages_report_workshop(user, report):
    return report is not None and manages_workshop(user, report.workshop)


@rules.predicate
def took_part(user, report):
    """Someone with a confirmed place at the workshop: registered signed in, or as a guest
    with the address their account has."""
    return (
        report is not None
        and user.is_authenticated
        and Registration.objects.filter(
            Q(person=user) | Q(email_normalised=normalise_email(user.email)),
            workshop_id=report.workshop_id,
            status=RegistrationStatus.CONFIRMED,
        ).exists()
    )


@rules.predicate
def open_for_corrections(user, report):
    return (
        report is not None
        and report.state == ReportState.CORRECTIONS
        and (report.corrections_until is None or report.corrections_until > timezone.now())
    )


@rules.predicate
def coordinates_owner(user, recommendation):
    network = recommendation.owner_network if recommendation is not None else None
    return (
        network is not None
        and user.is_authenticated
        and network.coordinators.filter(pk=user.pk).exists()
    )


@rules.predicate
def manages_recommendation_workshop(user, recommendation):
    return recommendation is not None and manages_workshop(user, recommendation.group.workshop)


rules.add_perm("breakouts.manage_groups", manages_workshop)
rules.add_perm("breakouts.record_group", facilitates | manages_group_workshop)
rules.add_perm("breakouts.view_plenary", manages_workshop | facilitates_in_workshop)
rules.add_perm(
    "breakouts.view_own_groups", rules.is_authenticated & (is_facilitator | is_organiser)
)
rules.add_perm(
    "breakouts.view_report",
    is_published | manages_report_workshop | (open_for_corrections & took_part),
)
rules.add_perm(
    "breakouts.correct_report",
    rules.is_authenticated & open_for_corrections & (took_part | manages_report_workshop),
)
rules.add_perm("breakouts.manage_report", manages_report_workshop)
rules.add_perm(
    "breakouts.update_recommendation",
    rules.is_authenticated & (is_organiser | manages_recommendation_workshop | coordinates_owner),
)
rules.add_perm("breakouts.support_recommendation", rules.is_authenticated)


@rules.predicate
def coordinates_a_network(user):
    return user.is_authenticated and coordinates_networks(user)


# Each imported row is checked against update_recommendation as well.
rules.add_perm(
    "breakouts.import_recommendations",
    rules.is_authenticated & (is_organiser | coordinates_a_network),
)
