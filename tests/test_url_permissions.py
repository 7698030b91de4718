"""The permission matrix: every URL of the portal, who may use it, and what happens to others.

`test_every_url_is_in_the_matrix` walks the URLconf: a new page fails it until it is listed
here with its rule, so the next apps' pages are covered the day they appear. Each route is
then requested as each kind of person: anonymous visitors are sent to sign in, people without
the role get 403, the others get the page. Each organiser write is posted with valid data and
must leave exactly one new row in the activity log, naming who did it.
"""

from dataclasses import dataclass
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from breakouts.forms.tracker import read_lines, signed_import
from breakouts.models import Entry
from breakouts.selectors.tracker import plan_import
from breakouts.services.recording import save_part
from socialjustice.models import ActivityLog
from tests.factories import (
    CallFactory,
    ContributionFactory,
    FacilitatorFactory,
    GroupFactory,
    MaterialFactory,
    OrganiserFactory,
    OutgoingEmailFactory,
    ProgrammeItemFactory,
    RecommendationFactory,
    RegistrationFactory,
    ReportFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
    london,
)
from workshops.models import OrganiserMessage

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "participant", "facilitator", "organiser", "workshop_organiser")

# Who may use a route: the roles that get the page; the others are refused.
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ORGANISERS = frozenset({"organiser"})  # the site-wide Organisers group
MANAGERS = frozenset({"organiser", "workshop_organiser"})  # of this workshop
AUTHOR = frozenset({"participant"})  # the contribution's own author
RECORDERS = frozenset({"facilitator"}) | MANAGERS  # the group's facilitator, its organisers
FACILITATORS = frozenset({"facilitator", "organiser"})  # the Facilitators and Organisers roles

# allauth's own pages (its rules, tried in tests/browser/test_accounts.py) and Django's admin.
LIBRARY_PREFIXES = ("account_", "admin:")


@dataclass(frozen=True)
class Route:
    args: str = ""  # which objects of the world the address names
    get: frozenset | None = None
    post: frozenset | None = None
    data: object = None  # world -> the POST data of a valid request
    logs: str = ""  # the activity verb an allowed POST writes
    refused: int = 403  # what a signed-in person without the right gets (404: "no such page")


def world_args(world, names: str) -> list:
    return [getattr(world, name) for name in names.split()] if names else []


def workshop_form(world):
    w = world.workshop
    return {
        "title": w.title + " (changed)",
        "theme": w.theme,
        "description": w.description,
        "date": timezone.localdate(w.starts_at).isoformat(),
        "start_time": "10:00",
        "end_time": "12:30",
        "format": "online",
        "join_link": w.join_link,
        "capacity": "20",
        "reminder_hours": "24",
    }


def paste_save(world):
    return {
        "save": "1",
        "text": "14:00 Panel",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-include": "on",
        "items-0-starts_at": "10:00",
        "items-0-ends_at": "10:30",
        "items-0-kind": "talk",
        "items-0-title": "Pasted talk",
    }


def tracker_import(world):
    """The confirmation of a previewed spreadsheet that makes the recommendation agreed."""
    text = f"Number,Status\n{world.recommendation},Agreed\n"
    plan = plan_import(read_lines(text), by=world.people.organiser)
    return {"token": signed_import(text, plan.digest)}


MATRIX = {
    "home": Route(get=EVERYONE),
    "healthz": Route(get=EVERYONE),
    "organise": Route(get=ORGANISERS),
    "outbox": Route(get=ORGANISERS),
    "resend_email": Route("failed_email", post=ORGANISERS, logs="outbox.resent"),
    "networks:me": Route(get=SIGNED_IN),
    "networks:profile_edit": Route(get=SIGNED_IN),
    "networks:organisation_suggestions": Route(get=SIGNED_IN),
    # The coverage map is for everyone; stakeholder lists are organisers' working documents.
    "networks:coverage": Route(get=EVERYONE),
    "networks:network_suggestions": Route(get=EVERYONE),
    "networks:coverage_csv": Route(get=EVERYONE),
    "networks:stakeholder_lists": Route(get=ORGANISERS),
    "networks:stakeholder_list_create": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Who we invite to the open conversation"},
        logs="networks.stakeholders.saved",
    ),
    "networks:stakeholder_list": Route("coverage_list", get=ORGANISERS),
    "networks:stakeholder_list_edit": Route(
        "coverage_list",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Who we invite, renamed", "region": "Scotland"},
        logs="networks.stakeholders.saved",
    ),
    "networks:stakeholder_add": Route(
        "coverage_list",
        post=ORGANISERS,
        data=lambda world: {"organisation": world.coverage_organisation},
        logs="networks.stakeholder.changed",
    ),
    "networks:stakeholder_state": Route(
        "coverage_list coverage_stakeholder",
        post=ORGANISERS,
        data=lambda world: {"state": "invited", "note": "Emailed."},
        logs="networks.stakeholder.changed",
    ),
    "networks:stakeholder_remove": Route(
        "coverage_list coverage_stakeholder", post=ORGANISERS, logs="networks.stakeholder.changed"
    ),
    "networks:directory": Route(get=EVERYONE),
    # Linking networks: collaborations and the picture for everyone, open data for everyone
    # (never contacts), and the organisers' spreadsheets. The import's steps keep the file in
    # the organiser's session (none here): without it they say so, and save nothing; the
    # import itself is tried in tests/networks/test_import.py.
    "networks:collaborations": Route(get=EVERYONE),
    "networks:collaboration": Route("linking_collaboration", get=EVERYONE),
    "networks:collaboration_create": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Transport and health together", "status": "proposed"},
        logs="networks.collaboration.saved",
    ),
    "networks:collaboration_edit": Route(
        "linking_collaboration",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Network of Networks", "status": "active"},
        logs="networks.collaboration.saved",
    ),
    "networks:picture": Route(get=EVERYONE),
    "networks:networks_json": Route(get=EVERYONE),
    "networks:organisations_json": Route(get=EVERYONE),
    "networks:organisations_csv": Route(get=EVERYONE),
    "networks:organisations_export": Route(get=ORGANISERS),
    "networks:organisations_import": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"file": SimpleUploadedFile("list.csv", b"Name\nArc of Inclusion\n")},
    ),
    "networks:import_columns": Route(get=ORGANISERS, post=ORGANISERS),
    "networks:import_preview": Route(get=ORGANISERS, post=ORGANISERS),
    "networks:import_errors": Route(get=ORGANISERS),
    "networks:import_confirm": Route(post=ORGANISERS),
    "networks:import_batches": Route(get=ORGANISERS),
    "networks:import_undo": Route(
        "linking_batch", get=ORGANISERS, post=ORGANISERS, logs="networks.import.undone"
    ),
    # The directory: world.directory_network has coordinators, none of them in the roles, so
    # only organisers edit it and decide who joins (tests/networks test the coordinators).
    "networks:organisations": Route(get=EVERYONE),
    "networks:organisation": Route("directory_organisation", get=EVERYONE),
    "networks:organisation_create": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"name": "Leeds Refugee Forum", "kind": "voluntary"},
        logs="networks.organisation.saved",
    ),
    "networks:organisation_edit": Route(
        "directory_organisation",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"name": "Arc of Inclusion", "kind": "voluntary", "city": "Leeds"},
        logs="networks.organisation.saved",
    ),
    "networks:partnership": Route("directory_partnership", get=EVERYONE),
    "networks:partnership_edit": Route(
        "directory_partnership",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"name": "Partnerships for Social Justice", "aims": "Equity."},
        logs="networks.partnership.saved",
    ),
    "networks:network": Route("directory_network", get=EVERYONE),
    "networks:network_edit": Route(
        "directory_network",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"name": "Leeds Equality Network", "description": "Changed."},
        logs="networks.network.saved",
    ),
    "networks:join": Route(
        "directory_network",
        post=SIGNED_IN,
        data=lambda world: {"message": "I would like to join."},
        logs="networks.join.requested",
    ),
    # The participant is a member of world.directory_joined; nobody else in the roles is.
    "networks:leave": Route("directory_joined", post=AUTHOR, logs="networks.member.left"),
    "networks:requests": Route(
        "directory_network",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"join_request": world.directory_request, "decision": "approve"},
        logs="networks.join.approved",
    ),
    "networks:end_membership": Route(
        "directory_network directory_membership",
        post=ORGANISERS,
        logs="networks.member.left",
    ),
    "networks:add_coordinator": Route(
        "directory_network",
        post=ORGANISERS,
        data=lambda world: {"email": world.directory_someone},
        logs="networks.coordinator.added",
    ),
    "networks:remove_coordinator": Route(
        "directory_network directory_coordinator",
        post=ORGANISERS,
        logs="networks.coordinator.removed",
    ),
    "workshops:list": Route(get=EVERYONE),
    "workshops:calendar": Route(get=EVERYONE),
    "workshops:detail": Route("slug", get=EVERYONE),
    "workshops:workshop_calendar": Route("slug", get=EVERYONE),
    "workshops:material_download": Route("slug file_material", get=EVERYONE),
    "workshops:downloads": Route(get=EVERYONE),
    "workshops:register": Route(
        "slug",
        get=EVERYONE,
        post=EVERYONE,
        data=lambda world: {"name": "Amina", "email": "amina@example.org", "consent": "on"},
    ),
    "workshops:registered": Route("slug", get=EVERYONE),
    # Whoever has the private link: no account needed.
    "workshops:manage_registration": Route("token", get=EVERYONE),
    "workshops:cancel_registration": Route("token", get=EVERYONE),
    "workshops:registration_calendar": Route("token", get=EVERYONE),
    "workshops:privacy": Route(get=EVERYONE),
    "workshops:organise_list": Route(get=MANAGERS),
    "workshops:create": Route(
        get=ORGANISERS, post=ORGANISERS, data=workshop_form, logs="workshops.workshop.created"
    ),
    "workshops:manage": Route("slug", get=MANAGERS),
    "workshops:activity": Route("slug", get=MANAGERS),
    "workshops:edit": Route(
        "slug", get=MANAGERS, post=MANAGERS, data=workshop_form, logs="workshops.workshop.changed"
    ),
    "workshops:duplicate": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"date": (timezone.localdate() + timedelta(days=90)).isoformat()},
        logs="workshops.workshop.copied",
    ),
    "workshops:publish": Route("draft_slug", post=MANAGERS, logs="workshops.workshop.published"),
    "workshops:cancel": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"note": "The venue is closed."},
        logs="workshops.workshop.cancelled",
    ),
    "workshops:programme": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "starts_at": "11:00",
            "ends_at": "11:30",
            "kind": "break",
            "title": "Break",
        },
        logs="workshops.item.saved",
    ),
    "workshops:programme_paste": Route(
        "slug", get=MANAGERS, post=MANAGERS, data=paste_save, logs="workshops.item.pasted"
    ),
    "workshops:programme_item": Route(
        "slug item",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "starts_at": "10:00",
            "ends_at": "10:30",
            "kind": "welcome",
            "title": "Welcome, changed",
            "accept_overlap": "on",
        },
        logs="workshops.item.saved",
    ),
    "workshops:programme_item_delete": Route(
        "slug item", post=MANAGERS, logs="workshops.item.deleted"
    ),
    "workshops:programme_item_move": Route(
        "slug item",
        post=MANAGERS,
        data=lambda world: {"direction": "up"},
        logs="workshops.item.moved",
    ),
    "workshops:materials": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "title": "Recording",
            "kind": "recording",
            "visibility": "public",
            "url": "https://example.org/recording",
        },
        logs="workshops.material.added",
    ),
    "workshops:material_delete": Route(
        "slug link_material", post=MANAGERS, logs="workshops.material.deleted"
    ),
    "workshops:registrations": Route("slug", get=MANAGERS),
    "workshops:registration_detail": Route(
        "slug registration",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"action": "cancel"},
        logs="workshops.registration.cancelled",
    ),
    "workshops:change_capacity": Route(
        "slug",
        post=MANAGERS,
        data=lambda world: {"capacity": "30"},
        logs="workshops.capacity.changed",
    ),
    "workshops:remove_burst": Route(
        "slug",
        post=MANAGERS,
        data=lambda world: {"source": "0123456789abcdef"},
        logs="workshops.registration.burst_removed",
    ),
    "workshops:registrations_csv": Route("slug", get=MANAGERS),
    "workshops:registrations_json": Route("slug", get=MANAGERS),
    "workshops:check_in": Route("slug", get=MANAGERS),
    "workshops:check_in_mark": Route(
        "slug registration",
        post=MANAGERS,
        data=lambda world: {"arrived": "yes"},
        logs="workshops.registration.arrived",
    ),
    "workshops:check_in_list": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"text": world.registration_name},
        logs="workshops.registration.list_pasted",
    ),
    "workshops:check_in_confirm": Route(
        "slug",
        post=MANAGERS,
        data=lambda world: {"registrations": [world.registration]},
        logs="workshops.registration.list_confirmed",
    ),
    "workshops:follow_up": Route(
        "ended_slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"audience": "confirmed", "message": "Thank you.", "send": "1"},
        logs="workshops.follow_up.sent",
    ),
    "workshops:messages": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "audience": "confirmed",
            "subject": "Room change",
            "body": "We meet in room 2.",
            "send": "1",
        },
        logs="workshops.message.sent",
    ),
    "workshops:message_detail": Route("slug message", get=MANAGERS),
    "workshops:series_list": Route(get=ORGANISERS),
    "workshops:series_create": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Leadership for equity"},
        logs="workshops.series.saved",
    ),
    "workshops:series_edit": Route(
        "series",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"title": "Renamed series"},
        logs="workshops.series.saved",
    ),
    "workshops:series_duplicate": Route(
        "series",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"date": (timezone.localdate() + timedelta(days=60)).isoformat()},
        logs="workshops.series.copied",
    ),
    "workshops:speaker_list": Route(get=ORGANISERS),
    "workshops:speaker_edit": Route(
        "speaker",
        get=ORGANISERS,
        post=ORGANISERS,
        data=lambda world: {"name": "Sarah Salway", "honorific": "Professor"},
        logs="workshops.speaker.changed",
    ),
    "workshops:organisation_suggestions": Route(get=MANAGERS),
    # Contributions
    "contributions:list": Route(get=EVERYONE),
    "contributions:export_csv": Route(get=EVERYONE),
    "contributions:export_json": Route(get=EVERYONE),
    "contributions:detail": Route("public_contribution", get=EVERYONE),
    "contributions:attachment": Route("public_contribution", get=EVERYONE),
    "contributions:call": Route("call", get=EVERYONE),
    "contributions:pack": Route("slug", get=EVERYONE),
    "contributions:pack_pdf": Route("slug", get=EVERYONE),
    "contributions:new": Route(
        "call",
        get=SIGNED_IN,
        post=SIGNED_IN,
        data=lambda world: {
            "title": "Digital exclusion during lockdown",
            "visibility": "public_named",
            "save": "1",
        },
        logs="contributions.contribution.saved",
    ),
    "contributions:edit": Route(
        "own_contribution",
        get=AUTHOR,
        post=AUTHOR,
        data=lambda world: {
            "title": "Digital exclusion, changed",
            "visibility": "public_named",
            "save": "1",
        },
        logs="contributions.contribution.saved",
    ),
    "contributions:withdraw": Route(
        "own_contribution", get=AUTHOR, post=AUTHOR, logs="contributions.contribution.withdrawn"
    ),
    "contributions:calls": Route(get=MANAGERS),
    "contributions:call_create": Route(
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "title": "Examples for the next workshop",
            "workshop": world.workshop.pk,
            "prompt": "Send us your examples.",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-02-01T17:00",
        },
        logs="contributions.call.created",
    ),
    "contributions:queue": Route("call", get=MANAGERS),
    "contributions:call_edit": Route(
        "call",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {
            "title": "Examples, renamed",
            "workshop": world.workshop.pk,
            "prompt": "Send us your examples.",
            "opens_at": "2020-01-01T09:00",
            "closes_at": "2030-02-01T17:00",
        },
        logs="contributions.call.changed",
    ),
    "contributions:call_export_csv": Route("call", get=MANAGERS),
    "contributions:call_export_json": Route("call", get=MANAGERS),
    "contributions:review": Route("own_contribution", get=MANAGERS),
    "contributions:decide": Route(
        "own_contribution",
        post=MANAGERS,
        data=lambda world: {"decision": "accept", "message": "", "version": "1"},
        logs="contributions.contribution.accepted",
    ),
    "contributions:note": Route(
        "own_contribution",
        post=MANAGERS,
        data=lambda world: {"text": "Strong evidence."},
        logs="contributions.contribution.note",
    ),
    "contributions:themes": Route(
        "public_contribution",
        post=MANAGERS,
        data=lambda world: {},
        logs="contributions.contribution.themes",
    ),
    "workshops:speaker_suggestions": Route(get=MANAGERS),
    "breakouts:mine": Route(get=FACILITATORS),
    "breakouts:organisation_suggestions": Route(get=FACILITATORS),
    # The recommendation tracker: world.recommendation's report is published. Its status is
    # changed by its owner network's coordinators (none here) and the workshop's organisers.
    "breakouts:tracker": Route(get=EVERYONE),
    "breakouts:tracker_csv": Route(get=EVERYONE),
    "breakouts:tracker_import": Route(
        get=ORGANISERS,
        post=ORGANISERS,
        data=tracker_import,
        logs="breakouts.recommendation.imported",
    ),
    "breakouts:recommendation": Route("recommendation", get=EVERYONE),
    "breakouts:support": Route("recommendation", post=SIGNED_IN),
    "breakouts:recommendation_update": Route(
        "recommendation",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"status": "agreed", "progress": "10", "note": "Agreed.", "seen": "0"},
        logs="breakouts.recommendation.status",
    ),
    "breakouts:research_agenda": Route(get=EVERYONE),
    # Whoever has the registration's private link.
    "breakouts:choose": Route("token", post=EVERYONE, data=lambda world: {"group": world.group}),
    "breakouts:record": Route("group", get=RECORDERS),
    "breakouts:save": Route(
        "group",
        post=RECORDERS,
        data=lambda world: {"part": "section:notes", "version": "2", "text": "Changed notes"},
        logs="breakouts.group.recorded",
    ),
    "breakouts:delete_part": Route(
        "group",
        post=RECORDERS,
        data=lambda world: {"part": f"entry:{world.entry}", "version": "1"},
        logs="breakouts.group.recorded",
    ),
    "breakouts:history": Route("group notes_part", get=RECORDERS),
    "breakouts:restore": Route("group revision", post=RECORDERS, logs="breakouts.group.restored"),
    "breakouts:ready": Route(
        "group",
        post=RECORDERS,
        data=lambda world: {"ready": "yes"},
        logs="breakouts.group.ready",
    ),
    "breakouts:plenary": Route("slug", get=RECORDERS),
    "breakouts:plenary_live": Route("slug", get=RECORDERS),
    "breakouts:groups": Route("slug", get=MANAGERS),
    "breakouts:group_create": Route(
        "slug breakout_item",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"name": "Research collaboration"},
        logs="breakouts.group.saved",
    ),
    "breakouts:group_edit": Route(
        "group",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"name": "Renamed group"},
        logs="breakouts.group.saved",
    ),
    "breakouts:group_delete": Route("group", post=MANAGERS, logs="breakouts.group.deleted"),
    "breakouts:members": Route(
        "group",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"registrations": [world.registration]},
        logs="breakouts.group.members",
    ),
    # The report: the workshop's is published; the ended workshop's is open for corrections,
    # so only its attendees and organisers find it (others get a 404, as if there were none).
    "breakouts:report": Route("slug", get=EVERYONE),
    "breakouts:report_pdf": Route("slug", get=EVERYONE),
    "breakouts:report_pdf_progress": Route("slug", get=EVERYONE),
    "breakouts:report_csv": Route("slug", get=EVERYONE),
    "breakouts:report_markdown": Route("slug", get=EVERYONE),
    "breakouts:report_correct": Route(
        "ended_slug",
        post=frozenset({"participant"}) | MANAGERS,
        data=lambda world: {"text": "Our group also asked for captions."},
        refused=404,
    ),
    "breakouts:report_edit": Route(
        "slug",
        get=MANAGERS,
        post=MANAGERS,
        data=lambda world: {"summary": "What the groups found."},
        logs="breakouts.report.saved",
    ),
    "breakouts:report_open": Route(
        "ended_slug",
        post=MANAGERS,
        data=lambda world: {"days": "7"},
        logs="breakouts.report.opened",
    ),
    "breakouts:report_publish": Route(
        "ended_slug", post=MANAGERS, logs="breakouts.report.published"
    ),
    "breakouts:recommendation_merge": Route(
        "slug",
        post=MANAGERS,
        data=lambda world: {"duplicate": world.duplicate, "into": world.recommendation},
        logs="breakouts.recommendation.merged",
    ),
    "breakouts:recommendation_separate": Route(
        "merged", post=MANAGERS, logs="breakouts.recommendation.merged"
    ),
    "breakouts:correction_decide": Route(
        "correction",
        post=MANAGERS,
        data=lambda world: {f"c{world.correction}-decision": "accept"},
        logs="breakouts.correction.decided",
    ),
}


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = {
        name for name in _walk(get_resolver().url_patterns) if not name.startswith(LIBRARY_PREFIXES)
    }
    assert sorted(names - MATRIX.keys()) == [], "Add these URLs to the permission matrix."
    assert sorted(MATRIX.keys() - names) == [], "These URLs are gone: remove them from the matrix."


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_world()


def directory_world(people) -> dict:
    """The directory's objects: a partnership, a network with a coordinator outside the
    roles, a member and a request to join; the network the participant belongs to."""
    from tests.factories import (
        JoinRequestFactory,
        MembershipFactory,
        NetworkFactory,
        OrganisationFactory,
        PartnershipFactory,
    )

    partnership = PartnershipFactory(name="Partnerships for Social Justice")
    network = NetworkFactory(name="Leeds Equality Network", partnership=partnership)
    coordinator = UserFactory()
    network.coordinators.add(coordinator)
    network.organisations.add(OrganisationFactory(name="Arc of Inclusion"))
    joined = NetworkFactory(name="Equal England", partnership=partnership)
    MembershipFactory(person=people.participant, network=joined)
    return {
        "directory_partnership": partnership.slug,
        "directory_network": network.slug,
        "directory_joined": joined.slug,
        "directory_organisation": network.organisations.get().slug,
        "directory_membership": MembershipFactory(network=network).pk,
        "directory_request": JoinRequestFactory(network=network).pk,
        "directory_coordinator": coordinator.pk,
        "directory_someone": UserFactory(email="new.coordinator@example.org").email,
    }


def coverage_world() -> dict:
    """A stakeholder list with one organisation on it, and one the directory could add."""
    from tests.factories import OrganisationFactory, StakeholderFactory

    stakeholder = StakeholderFactory(organisation__name="Inclusion Scotland")
    return {
        "coverage_list": stakeholder.stakeholder_list.slug,
        "coverage_stakeholder": stakeholder.pk,
        "coverage_organisation": OrganisationFactory(name="Scottish Youth Parliament").pk,
    }


def linking_world() -> dict:
    """A collaboration of two networks, and an import that created one organisation."""
    from networks.selectors.organisation_import import plan_import
    from networks.services.organisation_import import import_organisations
    from tests.factories import CollaborationFactory, NetworkFactory

    collaboration = CollaborationFactory(
        title="Network of Networks", networks=[NetworkFactory(), NetworkFactory()]
    )
    rows, columns = [["Pioneers Project"]], ["name"]
    batch = import_organisations(
        rows, columns, digest=plan_import(rows, columns).digest, filename="list.csv", by=None
    )
    return {"linking_collaboration": collaboration.slug, "linking_batch": batch.pk}


def make_world():
    """A published workshop with everything its pages name, a draft and an ended workshop of
    the same organiser, a series, a speaker, a failed email and someone in each role."""
    people = SimpleNamespace(
        participant=UserFactory(),
        facilitator=FacilitatorFactory(),
        organiser=OrganiserFactory(),
        workshop_organiser=UserFactory(),
    )
    workshop = WorkshopFactory(capacity=10)
    draft = WorkshopFactory(state="draft")
    ended = WorkshopFactory(starts_at=london(days=-3, hour=10))
    for each in (workshop, draft, ended):
        each.organisers.add(people.workshop_organiser)
    ProgrammeItemFactory(workshop=workshop, title="Welcome")
    item = ProgrammeItemFactory(workshop=workshop, title="Keynote")
    registration = RegistrationFactory(
        workshop=workshop, name="Amina Yusuf", access_requirements="Live captions"
    )
    RegistrationFactory(workshop=ended, person=people.participant)
    file_material = MaterialFactory(
        workshop=workshop,
        url="",
        file=SimpleUploadedFile("slides.pdf", PDF),
        filename="slides.pdf",
        mimetype="application/pdf",
    )
    message = OrganiserMessage.objects.create(
        workshop=workshop, audience="confirmed", subject="Hello", body="Hello all."
    )
    call = CallFactory(workshop=workshop)
    public = ContributionFactory(
        call=call,
        state="accepted",
        attachment=SimpleUploadedFile("evidence.pdf", PDF),
        attachment_name="evidence.pdf",
        attachment_mimetype="application/pdf",
    )
    own = ContributionFactory(call=call, author=people.participant)
    group = GroupFactory(
        item__workshop=workshop,
        item__starts_at=time(12, 0),
        item__ends_at=time(12, 30),
        facilitators=[people.facilitator],
        open_to_choose=True,
    )
    for version, text in ((1, "First notes"), (2, "Second notes")):
        save_part(group, part="section:notes", version=version - 1, values={"text": text}, by=None)
    entry = Entry.objects.create(group=group, kind="question", text="Who is missing?")
    # The workshop's report is published (its recommendation is in the tracker); the ended
    # workshop's is open to its attendees (the participant among them) for corrections.
    recommendation = RecommendationFactory(group=group)
    duplicate = RecommendationFactory(group=group)
    merged = RecommendationFactory(group=group, merged_into=recommendation)
    ReportFactory(workshop=workshop, state="published", published_at=timezone.now())
    corrections = ReportFactory(
        workshop=ended, state="corrections", corrections_until=timezone.now() + timedelta(days=7)
    )
    correction = corrections.corrections.create(author=people.participant, text="Add captions.")
    return SimpleNamespace(
        group=group.pk,
        breakout_item=group.item_id,
        notes_part="section-notes",
        revision=group.revisions.get(version=1).pk,
        entry=entry.pk,
        recommendation=recommendation.pk,
        duplicate=duplicate.pk,
        merged=merged.pk,
        correction=correction.pk,
        call=call.slug,
        public_contribution=public.pk,
        own_contribution=own.pk,
        people=people,
        workshop=workshop,
        slug=workshop.slug,
        draft_slug=draft.slug,
        ended_slug=ended.slug,
        item=item.pk,
        registration=registration.pk,
        registration_name=registration.name,
        token=registration.token,
        file_material=file_material.pk,
        link_material=MaterialFactory(workshop=workshop).pk,
        message=message.pk,
        series=WorkshopSeriesFactory().slug,
        speaker=SpeakerFactory().pk,
        failed_email=OutgoingEmailFactory(state="failed").pk,
        **directory_world(people),
        **coverage_world(),
        **linking_world(),
    )


def _sign_in(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world.people, role))
        return getattr(world.people, role)
    return None


def _cases(method):
    return [
        pytest.param(name, role, id=f"{name}-{role}")
        for name, route in MATRIX.items()
        if getattr(route, method) is not None
        for role in ROLES
    ]


def _check_refused(response, role, url, refused=403):
    if role == "anonymous":
        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={url}"
    else:
        assert response.status_code == refused


@pytest.mark.parametrize(("name", "role"), _cases("get"))
def test_get_answers_each_role_as_the_matrix_says(client, world, name, role):
    route = MATRIX[name]
    url = reverse(name, args=world_args(world, route.args))
    _sign_in(client, world, role)
    response = client.get(url)
    if role in route.get:
        assert response.status_code == 200, response.content[:500]
    else:
        _check_refused(response, role, url)


@pytest.mark.parametrize(("name", "role"), _cases("post"))
def test_post_answers_each_role_and_logs_each_organiser_write(client, world, name, role):
    route = MATRIX[name]
    url = reverse(name, args=world_args(world, route.args))
    person = _sign_in(client, world, role)
    before = ActivityLog.objects.aggregate(last=Max("pk"))["last"] or 0
    response = client.post(url, route.data(world) if route.data else {})
    written = [(entry.verb, entry.actor) for entry in ActivityLog.objects.filter(pk__gt=before)]
    if role not in route.post:
        _check_refused(response, role, url, route.refused)
        assert written == []
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    assert written == ([(route.logs, person)] if route.logs else [])
