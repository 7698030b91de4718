import re
import threading
from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from socialjustice.errors import PortalError
from socialjustice.models import OutgoingEmail
from tests.factories import NetworkFactory, UserFactory, WorkshopFactory, WorkshopSeriesFactory
from workshops.models import Registration
from workshops.services import registration as services

pytestmark = pytest.mark.django_db


def person(n, **kwargs):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org", **kwargs)


def register(workshop, n, **kwargs):
    [outcome] = services.register([workshop], person(n, **kwargs))
    return outcome.registration


def statuses(workshop):
    return list(
        Registration.objects.filter(workshop=workshop)
        .order_by("created_at", "pk")
        .values_list("email", "status")
    )


def test_register_confirms_while_places_remain_then_waits():
    workshop = WorkshopFactory(capacity=2)
    for n in range(4):
        register(workshop, n)
    assert statuses(workshop) == [
        ("person0@example.org", "confirmed"),
        ("person1@example.org", "confirmed"),
        ("person2@example.org", "waiting"),
        ("person3@example.org", "waiting"),
    ]
    waiting = Registration.objects.filter(workshop=workshop, status="waiting").order_by("pk")
    assert [services.waiting_position(r) for r in waiting] == [1, 2]


def test_register_with_no_capacity_confirms_everyone():
    workshop = WorkshopFactory(capacity=None)
    for n in range(5):
        register(workshop, n)
    assert {s for _, s in statuses(workshop)} == {"confirmed"}


def test_register_same_email_twice_makes_one_registration_and_emails_the_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory()
    first = register(workshop, 1)
    with django_capture_on_commit_callbacks(execute=True):
        [again] = services.register(
            [workshop], services.Registrant(name="Someone", email="  PERSON1@Example.org ")
        )
    assert again.already_registered is True
    assert again.registration == first
    assert Registration.objects.count() == 1
    assert [m.subject for m in mailoutbox] == [f"Your registration: {workshop.title}"]
    assert reverse("workshops:manage_registration", args=[first.token]) in mailoutbox[0].body


def test_confirmation_email_has_calendar_file_and_join_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(title="Understandings of Inequality", format="online")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(workshop, 1)

    [message] = mailoutbox
    assert message.to == ["person1@example.org"]
    assert message.subject == "Your place is confirmed: Understandings of Inequality"
    assert "https://meet.example.org/join/secret-room-123" in message.body
    assert reverse("workshops:manage_registration", args=[registration.token]) in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{workshop.slug}.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Understandings of Inequality"


def test_waiting_list_email_gives_position_and_no_join_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop, 2)
    [message] = mailoutbox
    assert message.subject == f"You are on the waiting list: {workshop.title}"
    assert "number 1." in message.body
    assert "secret-room-123" not in message.body


def test_cancel_confirmed_place_goes_to_first_waiting_who_is_emailed(
    django_capture_on_commit_callbacks, mailoutbox
):
    workshop = WorkshopFactory(capacity=1)
    first = register(workshop, 1)
    second = register(workshop, 2)
    register(workshop, 3)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(first)

    assert promoted == [second]
    assert statuses(workshop) == [
        ("person1@example.org", "cancelled"),
        ("person2@example.org", "confirmed"),
        ("person3@example.org", "waiting"),
    ]
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        ("person1@example.org", "Your registration is cancelled"),
        ("person2@example.org", "A place is now yours"),
    ]
    assert "secret-room-123" in next(m for m in mailoutbox if m.to == ["person2@example.org"]).body


def test_cancel_waiting_registration_promotes_nobody():
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    waiting = register(workshop, 2)
    assert services.cancel_registration(waiting) == []
    with pytest.raises(PortalError, match="already cancelled"):
        services.cancel_registration(waiting)


def test_raising_capacity_confirms_the_first_waiting_people():
    workshop = WorkshopFactory(capacity=1)
    for n in range(4):
        register(workshop, n)
    promoted = services.change_capacity(workshop, capacity=3)
    assert [r.email for r in promoted] == ["person1@example.org", "person2@example.org"]
    assert [s for _, s in statuses(workshop)] == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_lowering_capacity_below_confirmed_removes_nobody_and_new_people_wait():
    workshop = WorkshopFactory(capacity=3)
    for n in range(3):
        register(workshop, n)
    services.change_capacity(workshop, capacity=1)
    newcomer = register(workshop, 9)
    assert [s for _, s in statuses(workshop)] == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert newcomer.status == "waiting"
    # One cancellation still leaves two confirmed, above the new capacity: nobody moves up.
    services.cancel_registration(Registration.objects.filter(status="confirmed").first())
    newcomer.refresh_from_db()
    assert newcomer.status == "waiting"


def test_cancelled_person_registering_again_joins_the_end_of_the_queue():
    workshop = WorkshopFactory(capacity=1)
    first = register(workshop, 1)
    register(workshop, 2)
    services.cancel_registration(first)
    again = register(workshop, 1)
    assert again.pk == first.pk
    assert again.status == "waiting"
    assert services.waiting_position(again) == 1


def test_confirm_by_hand_goes_beyond_capacity():
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    waiting = register(workshop, 2)
    services.confirm_by_hand(waiting)
    assert waiting.status == "confirmed"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"state": "draft"}, "This workshop is not open for registration."),
        (
            {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
            "Registration for this workshop has closed.",
        ),
        (
            {
                "starts_at": timezone.now() - timedelta(minutes=5),
                "ends_at": timezone.now() + timedelta(hours=1),
            },
            "Registration for this workshop has closed.",
        ),
    ],
)
def test_register_refused_when_closed(changes, reason):
    workshop = WorkshopFactory(**changes)
    with pytest.raises(services.RegistrationClosed, match=reason):
        register(workshop, 1)
    assert Registration.objects.count() == 0


def test_register_for_two_workshops_of_a_series_at_once():
    series = WorkshopSeriesFactory()
    first, second = WorkshopFactory(series=series), WorkshopFactory(series=series, capacity=0)
    outcomes = services.register([second, first], person(1))
    assert sorted((o.workshop.pk, o.registration.status) for o in outcomes) == [
        (first.pk, "confirmed"),
        (second.pk, "waiting"),
    ]


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_for_ten_places():
    workshop = WorkshopFactory(capacity=10)
    barrier = threading.Barrier(50)
    errors = []

    def attempt(n):
        try:
            barrier.wait()
            register(workshop, n)
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    registrations = Registration.objects.filter(workshop=workshop)
    assert registrations.count() == 50
    assert registrations.filter(status="confirmed").count() == 10
    waiting = list(registrations.filter(status="waiting"))
    assert sorted(services.waiting_position(r) for r in waiting) == list(range(1, 41))
    assert OutgoingEmail.objects.filter(kind="registration.confirmed").count() == 10
    told = [
        int(re.search(r"number (\d+)\.", body).group(1))
        for body in OutgoingEmail.objects.filter(kind="registration.waiting").values_list(
            "body_text", flat=True
        )
    ]
    assert sorted(told) == list(range(1, 41))  # each person waiting told a different number


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_submissions_make_one_registration():
    workshop = WorkshopFactory()
    barrier = threading.Barrier(8)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            outcomes.extend(services.register([workshop], person(1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Registration.objects.count() == 1
    assert sorted(o.already_registered for o in outcomes) == [False] + [True] * 7


# The pages


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
    assert "Your place at" in page and "is confirmed" in page


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


def test_register_page_second_time_never_shows_the_manage_link(client):
    workshop = WorkshopFactory()
    url = reverse("workshops:register", args=[workshop.slug])
    client.post(url, form_data())
    response = client.post(url, form_data(), follow=True)
    content = response.content.decode()
    token = Registration.objects.get().token
    assert "already registered" in content
    assert token not in content


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
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import MaterialFactory

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

    page = client.get(reverse("workshops:manage_registration", args=[holder.token]))
    link = reverse(
        "workshops:registration_material", args=[holder.token, participants_only_slides.pk]
    )
    assert link.encode() in page.content
    response = client.get(link)
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    waiting_link = reverse(
        "workshops:registration_material", args=[waiting.token, participants_only_slides.pk]
    )
    assert client.get(waiting_link).status_code == 404
    other = register(WorkshopFactory(), 3)
    other_link = reverse(
        "workshops:registration_material", args=[other.token, participants_only_slides.pk]
    )
    assert client.get(other_link).status_code == 404
