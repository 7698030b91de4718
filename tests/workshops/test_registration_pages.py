"""The registration pages: the form, the private manage link and what it opens, a person's
own page, and the materials kept for participants."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    MaterialFactory,
    NetworkFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
)
from workshops.models import Registration
from workshops.services import registration as services

pytestmark = pytest.mark.django_db


def person(n, **kwargs):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org", **kwargs)


def register(workshop, n, **kwargs):
    [outcome] = services.register([workshop], person(n, **kwargs))
    return outcome.registration


def form_data(**overrides):
    return {"name": "Amina Khan", "email": "amina@example.org", "consent": "on", **overrides}


def test_register_page_for_guest_confirms_and_redirects(client):
    workshop = WorkshopFactory(format="in_person", venue_name="Leeds")
    response = client.post(
        reverse("workshops:register", args=[workshop.slug]),
        form_data(dietary_needs="Vegetarian", access_requirements="Step-free access"),
    )
    assert response.status_code == 302
    assert response.url == reverse("workshops:registered", args=[workshop.slug])
    registration = Registration.objects.get()
    assert (registration.status, registration.dietary_needs, registration.person) == (
        "confirmed",
        "Vegetarian",
        None,
    )
    page = client.get(response.url).content.decode()
    assert GUEST_ANSWER % {"email": registration.email, "title": workshop.title} in page


def test_register_page_without_consent_keeps_input_and_explains(client):
    workshop = WorkshopFactory()
    response = client.post(
        reverse("workshops:register", args=[workshop.slug]), form_data(consent="")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_consent"' in content
    assert "Please agree to the privacy notice to register." in content
    assert 'value="Amina Khan"' in content
    assert Registration.objects.count() == 0


GUEST_ANSWER = (
    "Thank you. We have emailed %(email)s about %(title)s: whether you have a place or a "
    "place on the waiting list, and your private link to change or cancel."
)


def test_register_page_second_time_says_the_same_as_the_first_and_shows_no_link(client):
    """Whether an address was registered already is for its owner's inbox, not the page."""
    workshop = WorkshopFactory(capacity=1)
    url = reverse("workshops:register", args=[workshop.slug])
    first = client.post(url, form_data(), follow=True).content.decode()
    second = client.post(url, form_data(), follow=True).content.decode()
    registration = Registration.objects.get()
    answer = GUEST_ANSWER % {"email": registration.email, "title": workshop.title}
    assert answer in first
    assert answer in second
    assert "already registered" not in second
    assert registration.token not in second


def test_register_page_signed_in_person_registering_their_own_address_sees_their_status(client):
    workshop = WorkshopFactory(capacity=1)
    RegistrationFactory(workshop=workshop)
    person = UserFactory()
    client.force_login(person)
    url = reverse("workshops:register", args=[workshop.slug])
    page = client.post(url, form_data(email=person.email), follow=True).content.decode()
    assert (
        f"{workshop.title} is full, so you are on the waiting list, number 1. We will email "
        "you if a place becomes free."
    ) in page


def test_register_page_filled_from_a_signed_in_profile(client):
    network = NetworkFactory(name="Equal England")
    user = UserFactory(display_name="Ghazala Mir", access_needs="Captions")
    user.networks.add(network)
    client.force_login(user)
    workshop = WorkshopFactory()
    content = client.get(reverse("workshops:register", args=[workshop.slug])).content.decode()
    assert 'value="Ghazala Mir"' in content
    assert f'value="{user.email}"' in content
    assert "Captions</textarea>" in content


def test_register_page_of_a_draft_is_not_found(client):
    workshop = WorkshopFactory(state="draft")
    assert client.get(reverse("workshops:register", args=[workshop.slug])).status_code == 404


def test_manage_link_opens_only_its_own_registration(client):
    workshop = WorkshopFactory(capacity=1)
    mine = register(workshop, 1, access_requirements="Hearing loop")
    register(workshop, 2, access_requirements="Quiet room")

    content = client.get(reverse("workshops:manage_registration", args=[mine.token])).content
    assert b"Hearing loop" in content
    assert b"Quiet room" not in content
    assert b"secret-room-123" in content  # confirmed, online: the joining link
    wrong = client.get(reverse("workshops:manage_registration", args=["not-a-real-token"]))
    assert wrong.status_code == 404


def test_manage_page_for_waiting_person_shows_position_not_join_link(client):
    workshop = WorkshopFactory(capacity=0)
    waiting = register(workshop, 1)
    content = client.get(reverse("workshops:manage_registration", args=[waiting.token])).content
    assert b"On the waiting list, number 1" in content
    assert b"secret-room-123" not in content


def test_manage_page_updates_needs_and_cancels(client, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(format="hybrid", venue_name="Leeds", capacity=1)
    mine = register(workshop, 1)
    waiting = register(workshop, 2)
    url = reverse("workshops:manage_registration", args=[mine.token])

    client.post(url, {"access_requirements": "BSL interpreter", "dietary_needs": "Halal"})
    mine.refresh_from_db()
    assert (mine.access_requirements, mine.dietary_needs) == ("BSL interpreter", "Halal")

    cancel_url = reverse("workshops:cancel_registration", args=[mine.token])
    assert b"Yes, cancel my registration" in client.get(cancel_url).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url)
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "confirmed")


def test_my_page_lists_registrations_with_join_link_when_confirmed(client):
    user = UserFactory()
    online = WorkshopFactory(title="Online one")
    full = WorkshopFactory(title="Full one", capacity=0)
    services.register([online], person(1, person=user))
    services.register([full], person(1, person=user))
    client.force_login(user)
    content = client.get(reverse("networks:me")).content.decode()
    assert "Online one" in content and "Full one" in content
    assert content.count("https://meet.example.org/join/secret-room-123") == 2  # text and href


def test_join_link_never_in_public_pages_after_registration_opens(client):
    workshop = WorkshopFactory()
    register(workshop, 1)
    for url in (
        reverse("workshops:detail", args=[workshop.slug]),
        reverse("workshops:register", args=[workshop.slug]),
        reverse("workshops:privacy"),
    ):
        assert b"secret-room-123" not in client.get(url).content


def test_raising_places_in_the_workshop_form_confirms_waiting_people(
    client, organiser, django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=1)
    workshop.organisers.add(organiser)
    register(workshop, 1)
    waiting = register(workshop, 2)
    client.force_login(organiser)
    local = timezone.localtime(workshop.starts_at)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:edit", args=[workshop.slug]),
            {
                "title": workshop.title,
                "date": local.date().isoformat(),
                "start_time": "10:00",
                "end_time": "12:30",
                "format": "online",
                "capacity": "2",
                "organisers": [organiser.pk],
            },
        )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["A place is now yours"]


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def participants_only_slides(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return MaterialFactory(
        workshop=WorkshopFactory(capacity=1),
        url="",
        file=SimpleUploadedFile("slides.pdf", PDF),
        filename="slides.pdf",
        mimetype="application/pdf",
        visibility="registrants",
    )


def test_participants_only_material_for_confirmed_people_signed_in(
    client, participants_only_slides
):
    workshop = participants_only_slides.workshop
    holder, waiting = UserFactory(), UserFactory()
    services.register([workshop], person(1, person=holder))
    services.register([workshop], person(2, person=waiting))
    url = reverse("workshops:material_download", args=[workshop.slug, participants_only_slides.pk])

    client.force_login(holder)
    response = client.get(url)
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    client.force_login(waiting)
    assert client.get(url).status_code == 403


def test_participants_only_material_through_the_manage_link(client, participants_only_slides):
    workshop = participants_only_slides.workshop
    holder = register(workshop, 1)
    waiting = register(workshop, 2)
    download = reverse(
        "workshops:material_download", args=[workshop.slug, participants_only_slides.pk]
    )

    page = client.get(reverse("workshops:manage_registration", args=[holder.token]))
    link = f"{download}?registration={holder.token}"
    assert link.encode() in page.content
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert b"".join(response.streaming_content) == PDF
    refused = client.get(f"{download}?registration={waiting.token}")
    assert refused.status_code == 403
    assert PDF not in refused.content
    other = register(WorkshopFactory(), 3)
    assert client.get(f"{download}?registration={other.token}").status_code == 403
    assert client.get(f"{download}?registration=not-a-real-token").status_code == 403
