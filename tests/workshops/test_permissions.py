"""Who may reach the organisers' pages, who sees drafts and the join link (who may download
materials is in test_material_downloads.py)."""

import json
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import (
    MaterialFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from workshops.models import Material, ProgrammeItem, Workshop
from workshops.permissions import LinkHolder

pytestmark = pytest.mark.django_db

SECRET = "https://meet.example.org/join/secret-room-123"

# (URL name, method, the object named in the address)
WORKSHOP_URLS = [
    ("manage", "get", "workshop"),
    ("activity", "get", "workshop"),
    ("edit", "get", "workshop"),
    ("duplicate", "get", "workshop"),
    ("publish", "post", "workshop"),
    ("cancel", "get", "workshop"),
    ("programme", "get", "workshop"),
    ("programme_paste", "get", "workshop"),
    ("programme_item", "get", "item"),
    ("programme_item_delete", "post", "item"),
    ("programme_item_move", "post", "item"),
    ("materials", "get", "workshop"),
    ("material_delete", "post", "material"),
]
SITE_URLS = [
    ("organise_list", "get", None),
    ("create", "get", None),
    ("series_list", "get", None),
    ("series_create", "get", None),
    ("series_edit", "get", "series"),
    ("series_duplicate", "get", "series"),
    ("speaker_list", "get", None),
    ("speaker_edit", "get", "speaker"),
    ("organisation_suggestions", "get", None),
    ("speaker_suggestions", "get", None),
]
ALL_URLS = WORKSHOP_URLS + SITE_URLS


@pytest.fixture
def world(db):
    """A draft workshop with two programme items starting together (so one can move) and a
    material, a series and a speaker."""
    workshop = WorkshopFactory(state="draft")
    ProgrammeItemFactory(workshop=workshop, title="Welcome")
    item = ProgrammeItemFactory(workshop=workshop, title="Keynote")
    material = MaterialFactory(workshop=workshop, title="Slides")
    return SimpleNamespace(
        workshop=workshop,
        item=item,
        material=material,
        series=WorkshopSeriesFactory(),
        speaker=SpeakerFactory(),
    )


def url_of(world, name, target):
    args = {
        None: [],
        "workshop": [world.workshop.slug],
        "item": [world.workshop.slug, world.item.pk],
        "material": [world.workshop.slug, world.material.pk],
        "series": [world.series.slug],
        "speaker": [world.speaker.pk],
    }[target]
    return reverse(f"workshops:{name}", args=args)


def call(client, method, url):
    return client.post(url, {"direction": "up"}) if method == "post" else client.get(url)


def snapshot(world):
    return {
        "state": Workshop.objects.get(pk=world.workshop.pk).state,
        "workshops": Workshop.objects.count(),
        "programme": list(
            ProgrammeItem.objects.filter(workshop=world.workshop)
            .order_by("position", "pk")
            .values_list("title", flat=True)
        ),
        "materials": list(Material.objects.values_list("title", flat=True)),
    }


def person(role, workshop):
    """Someone in `role` towards `workshop` (None for an anonymous visitor)."""
    if role == "anonymous":
        return None
    if role == "participant":
        return UserFactory()
    if role == "site_organiser":
        return OrganiserFactory()
    user = UserFactory()
    if role == "workshop_organiser":
        workshop.organisers.add(user)
    elif role == "other_organiser":
        WorkshopFactory().organisers.add(user)
    return user


def sign_in(client, role, workshop):
    user = person(role, workshop)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize(("name", "method", "target"), ALL_URLS)
def test_organiser_url_redirects_anonymous_to_login(client, world, name, method, target):
    url = url_of(world, name, target)
    before = snapshot(world)
    response = call(client, method, url)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert snapshot(world) == before


@pytest.mark.parametrize(("name", "method", "target"), ALL_URLS)
def test_organiser_url_forbidden_to_participant(client, world, participant, name, method, target):
    before = snapshot(world)
    client.force_login(participant)
    assert call(client, method, url_of(world, name, target)).status_code == 403
    assert snapshot(world) == before


@pytest.mark.parametrize(("name", "method", "target"), WORKSHOP_URLS)
def test_workshop_url_forbidden_to_organiser_of_another_workshop(
    client, world, name, method, target
):
    sign_in(client, "other_organiser", world.workshop)
    before = snapshot(world)
    assert call(client, method, url_of(world, name, target)).status_code == 403
    assert snapshot(world) == before


@pytest.mark.parametrize("role", ["workshop_organiser", "site_organiser"])
@pytest.mark.parametrize(("name", "method", "target"), WORKSHOP_URLS)
def test_workshop_url_allowed_to_its_organisers(client, world, role, name, method, target):
    sign_in(client, role, world.workshop)
    response = call(client, method, url_of(world, name, target))
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "method", "target"), SITE_URLS)
def test_site_url_allowed_to_site_organiser(client, world, organiser, name, method, target):
    client.force_login(organiser)
    assert call(client, method, url_of(world, name, target)).status_code == 200


@pytest.mark.parametrize(
    ("name", "status"),
    [("organise_list", 200), ("organisation_suggestions", 200), ("speaker_suggestions", 200)]
    + [("create", 403), ("series_list", 403), ("series_create", 403), ("speaker_list", 403)],
)
def test_site_url_for_organiser_of_one_workshop_only(client, world, name, status):
    sign_in(client, "workshop_organiser", world.workshop)
    assert client.get(reverse(f"workshops:{name}")).status_code == status


@pytest.mark.parametrize(
    ("name", "target", "change"),
    [
        ("publish", "workshop", {"state": "published"}),
        ("programme_item_delete", "item", {"programme": ["Welcome"]}),
        ("programme_item_move", "item", {"programme": ["Keynote", "Welcome"]}),
        ("material_delete", "material", {"materials": []}),
    ],
)
def test_workshop_post_by_its_organiser_takes_effect(client, world, name, target, change):
    expected = {**snapshot(world), **change}
    sign_in(client, "workshop_organiser", world.workshop)
    call(client, "post", url_of(world, name, target))
    assert snapshot(world) == expected


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("programme_item", "item"),
        ("programme_item_delete", "item"),
        ("material_delete", "material"),
    ],
)
def test_item_of_another_workshop_not_found_through_own_workshop(client, world, name, target):
    """An organiser cannot reach another workshop's item by putting its number in the address
    of a workshop they do organise."""
    own = WorkshopFactory(state="draft")
    user = UserFactory()
    own.organisers.add(user)
    client.force_login(user)
    before = snapshot(world)
    pk = getattr(world, target).pk
    url = reverse(f"workshops:{name}", args=[own.slug, pk])
    assert call(client, "post" if "delete" in name else "get", url).status_code == 404
    assert snapshot(world) == before


# Drafts


@pytest.mark.parametrize("role", ["anonymous", "participant", "other_organiser"])
@pytest.mark.parametrize("path", ["/workshops/{slug}/", "/workshops/{slug}/calendar.ics"])
def test_draft_page_and_calendar_not_found_for_public(client, role, path):
    draft = WorkshopFactory(state="draft")
    sign_in(client, role, draft)
    assert client.get(path.format(slug=draft.slug)).status_code == 404


@pytest.mark.parametrize("role", ["workshop_organiser", "site_organiser"])
def test_draft_page_previewed_by_its_organisers(client, role):
    draft = WorkshopFactory(state="draft", title="Planning together")
    sign_in(client, role, draft)
    response = client.get(reverse("workshops:detail", args=[draft.slug]))
    assert response.status_code == 200
    assert "Draft preview." in response.content.decode()
    assert '<h1 id="workshop-title">Planning together</h1>' in response.content.decode()


@pytest.mark.parametrize("path", ["/workshops/", "/", "/workshops/calendar.ics", "/downloads/"])
def test_draft_never_listed(client, path):
    MaterialFactory(workshop=WorkshopFactory(title="Published workshop"))
    draft = WorkshopFactory(state="draft", title="Secret plans")
    MaterialFactory(workshop=draft, title="Draft slides")
    content = client.get(path).content.decode()
    assert "Published workshop" in content
    assert "Secret plans" not in content
    assert "Draft slides" not in content


# The join link


@pytest.mark.parametrize("role", ["anonymous", "participant"])
@pytest.mark.parametrize(
    "path",
    ["/workshops/{slug}/", "/workshops/{slug}/calendar.ics", "/workshops/", "/"]
    + ["/workshops/calendar.ics"],
)
def test_join_link_never_public(client, role, path):
    workshop = WorkshopFactory()
    sign_in(client, role, workshop)
    response = client.get(path.format(slug=workshop.slug))
    assert response.status_code == 200
    assert workshop.title in response.content.decode()
    assert SECRET not in response.content.decode()


def test_json_ld_locates_online_workshop_at_its_page(client):
    workshop = WorkshopFactory()
    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()
    [raw] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    data = json.loads(raw)
    page = f"http://testserver/workshops/{workshop.slug}/"
    assert data["location"] == {"@type": "VirtualLocation", "url": page}
    assert SECRET not in raw


@pytest.mark.parametrize("role", ["workshop_organiser", "site_organiser"])
def test_join_link_shown_to_workshop_organisers(client, role):
    workshop = WorkshopFactory()
    sign_in(client, role, workshop)
    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()
    assert f'<a href="{SECRET}">{SECRET}</a>' in content


def test_join_link_not_cached_for_public_after_organiser_visit(client, organiser):
    workshop = WorkshopFactory()
    url = reverse("workshops:detail", args=[workshop.slug])
    client.force_login(organiser)
    assert SECRET in client.get(url).content.decode()
    client.logout()
    content = client.get(url).content.decode()
    assert workshop.title in content
    assert SECRET not in content


@pytest.mark.parametrize(
    ("status", "format", "sees"),
    [
        ("confirmed", "online", True),
        ("confirmed", "hybrid", True),
        ("confirmed", "in_person", False),
        ("waiting", "online", False),
        ("cancelled", "online", False),
    ],
)
def test_link_holder_sees_join_link_only_with_a_confirmed_place_online(status, format, sees):
    registration = RegistrationFactory(
        workshop=WorkshopFactory(format=format, venue_name="Leeds"), status=status
    )
    holder = LinkHolder(registration)
    assert holder.is_authenticated is False
    assert holder.has_perm("workshops.view_join_link", registration.workshop) is sees
    assert holder.has_perm("workshops.view_participant_materials", registration.workshop) is (
        status == "confirmed"
    )


def test_link_holder_holds_no_place_at_another_workshop():
    holder = LinkHolder(RegistrationFactory())
    other = WorkshopFactory()
    assert holder.has_perm("workshops.view_join_link", other) is False
    assert holder.has_perm("workshops.view_participant_materials", other) is False
