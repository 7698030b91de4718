"""The stakeholder list of seed 003's equalities co-production initiative, with its gaps.

The Pioneers Project's thread maps equality networks and local interest groups to find "gaps
where representation is missing across the equalities spectrum", keeps a list of the
organisations it invites to the open conversation in Edinburgh, and asks "where are the
gaps?". The list here holds the organisations the thread names, where each one stood, and the
groups the initiative names (disabled people, young people, race equality); the list page
then shows which groups it still lacks. Organisations are found by name (the directory's demo
adds them with their details) and created when missing, so the order of the demo files does
not matter. Run again, it changes nothing twice.
"""

from .enums import InvitationState
from .models import EqualityGroup, Stakeholder, StakeholderList
from .services import find_or_create_organisation

SLUG = "equalities-co-production-initiative"
LIST = {
    "title": "Equalities co-production initiative: who we invite",
    "description": (
        "The development phase of an Equalities Partnership across the UK, led by the "
        "Pioneers Project, to bring equality focused organisations, groups and communities "
        "together to work together and learn from each other, and to engage those whose "
        "voices are not currently heard or represented in civic decision making. The "
        "organisations invited to the open conversation in Edinburgh on 27 February 2019. "
        "Please let us know where the gaps are. Accessible information is people's top "
        "priority."
    ),
    "region": "Scotland",
}
# The groups the thread names: disabled people (Inclusion Scotland, The Friendly Information
# Company), young people (the Scottish Youth Parliament) and race equality (a race equality
# forum in South Yorkshire, which the directory does not hold).
GROUPS = ["disability", "age", "race-and-ethnicity"]

# name, the groups it serves (as the thread says), where it stood, the note.
STAKEHOLDERS = [
    (
        "Open Government Pioneers Project",
        [],
        InvitationState.ACCEPTED,
        "Leads the initiative's development phase.",
    ),
    (
        "Centre for Good Relations",
        [],
        InvitationState.ACCEPTED,
        "Supporting the Pioneers Project to develop the initiative.",
    ),
    (
        "Arc of Inclusion",
        [],
        InvitationState.ACCEPTED,
        "Hosts the Equalities Good Relations Project web page and the registration of interest.",
    ),
    (
        "The Friendly Information Company",
        ["disability"],
        InvitationState.ACCEPTED,
        "Writing the communication for equality interest groups, ready by 28 November.",
    ),
    (
        "Inclusion Scotland",
        ["disability"],
        InvitationState.INVITED,
        "To ask at the AGM how disabled people use freedom of information.",
    ),
    (
        "Scottish Youth Parliament",
        ["age"],
        InvitationState.INVITED,
        "Took part in the workshop on young people's awareness of freedom of information.",
    ),
    ("Scottish Rural Schools Network", [], InvitationState.TO_INVITE, ""),
    ("C Diff Justice Group", [], InvitationState.TO_INVITE, ""),
]


def load_coverage(stdout) -> None:
    stakeholder_list, _ = StakeholderList.objects.get_or_create(slug=SLUG, defaults=LIST)
    stakeholder_list.equality_groups.add(*EqualityGroup.objects.filter(slug__in=GROUPS))
    for name, groups, state, note in STAKEHOLDERS:
        organisation = find_or_create_organisation(name=name)
        organisation.equality_groups.add(*EqualityGroup.objects.filter(slug__in=groups))
        Stakeholder.objects.get_or_create(
            stakeholder_list=stakeholder_list,
            organisation=organisation,
            defaults={"state": state, "note": note},
        )
    stdout.write(f"A stakeholder list with its gaps: /networks/stakeholders/{SLUG}/ (organisers).")
