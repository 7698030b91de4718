"""Places: registering, the waiting list and its order, cancelling, changing the places,
and many people asking at once."""

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
from tests.factories import WorkshopFactory, WorkshopSeriesFactory
from workshops.models import Registration
from workshops.selectors.registration import waiting_position
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
    assert [waiting_position(r) for r in waiting] == [1, 2]


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
    promoted = services.change_capacity(workshop, capacity=3, by=None)
    assert [r.email for r in promoted] == ["person1@example.org", "person2@example.org"]
    assert [s for _, s in statuses(workshop)] == ["confirmed", "confirmed", "confirmed", "waiting"]


def test_lowering_capacity_below_confirmed_removes_nobody_and_new_people_wait():
    workshop = WorkshopFactory(capacity=3)
    for n in range(3):
        register(workshop, n)
    services.change_capacity(workshop, capacity=1, by=None)
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
    assert waiting_position(again) == 1


def test_confirm_by_hand_goes_beyond_capacity():
    workshop = WorkshopFactory(capacity=1)
    register(workshop, 1)
    waiting = register(workshop, 2)
    services.confirm_by_hand(waiting, by=None)
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
    assert sorted(waiting_position(r) for r in waiting) == list(range(1, 41))
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
