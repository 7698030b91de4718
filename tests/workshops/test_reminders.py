"""Reminders before a workshop: one per confirmed person, the workshop's reminder time ahead,
never twice."""

import threading
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import EmailState
from socialjustice.models import OutgoingEmail
from tests.factories import LONDON, RegistrationFactory, WorkshopFactory
from workshops.models import Workshop
from workshops.services.reminders import send_due_reminders
from workshops.tasks import send_reminders_task

pytestmark = pytest.mark.django_db
JOIN = "https://meet.example.org/join/secret-room-123"


def manage_link(registration):
    return "http://testserver" + reverse("workshops:manage_registration", args=[registration.token])


NOW = datetime(2030, 11, 18, 12, 0, tzinfo=LONDON)


@pytest.fixture
def soon(db):
    """A workshop starting in 22 hours (reminders 24 hours before), in person at a venue."""
    return WorkshopFactory(
        title="More United than Divided",
        starts_at=NOW + timedelta(hours=22),
        ends_at=NOW + timedelta(hours=26),
        format="hybrid",
        venue_name="University of Leeds",
        what_to_bring="A device which can connect to the internet",
        access_information="Step-free entrance on Woodhouse Lane; hearing loop in the hall.",
        reminder_hours=24,
    )


def reminded():
    return sorted(OutgoingEmail.objects.filter(kind="workshop.reminder").values_list("key", "to"))


def test_send_due_reminders_reminds_each_confirmed_person(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    first = RegistrationFactory(workshop=soon, name="Amina Khan", email="amina@x.org")
    second = RegistrationFactory(workshop=soon, email="sarah@x.org")
    RegistrationFactory(workshop=soon, email="waiting@x.org", status="waiting")
    RegistrationFactory(workshop=soon, email="cancelled@x.org", status="cancelled")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=NOW) == 2

    assert reminded() == [
        (f"reminder:{first.pk}", "amina@x.org"),
        (f"reminder:{second.pk}", "sarah@x.org"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["amina@x.org", "sarah@x.org"]
    message = next(m for m in mailoutbox if m.to == ["amina@x.org"])
    assert message.subject == "Reminder: More United than Divided on Tuesday 19 November"
    assert message.body == (
        "Dear Amina Khan,\n\n"
        "This is a reminder: the workshop you have a place at is coming soon.\n\n"
        "More United than Divided\n"
        "Tuesday 19 November 2030, 10:00 to 14:00 UK time (GMT)\n"
        "University of Leeds (or online)\n"
        f"http://testserver/workshops/{soon.slug}/\n\n"
        "Join online with this link (it is for you only):\n"
        f"{JOIN}\n\n"
        "Map and directions to the venue:\n"
        "https://www.openstreetmap.org/search?query=University%20of%20Leeds\n\n"
        "What to bring:\n"
        "A device which can connect to the internet\n\n"
        "Access information:\n"
        "Step-free entrance on Woodhouse Lane; hearing loop in the hall.\n\n"
        "If you cannot come after all, please cancel so that someone on the waiting list can "
        "have your place.\n\n"
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):\n"
        f"{manage_link(first)}"
    )


def test_send_due_reminders_run_twice_reminds_once(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=soon)
    RegistrationFactory(workshop=soon)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=NOW) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=NOW + timedelta(minutes=5)) == 0

    assert len(mailoutbox) == 2
    assert len(reminded()) == 2


def test_send_due_reminders_someone_confirmed_later_gets_theirs(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    RegistrationFactory(workshop=soon, email="early@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=NOW)
    RegistrationFactory(workshop=soon, email="late@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=NOW + timedelta(minutes=5)) == 1
    assert [m.to for m in mailoutbox] == [["early@x.org"], ["late@x.org"]]


@pytest.mark.parametrize(
    ("changes", "description"),
    [
        ({"starts_at": NOW + timedelta(hours=25)}, "starts after the reminder time"),
        ({"starts_at": NOW - timedelta(minutes=1)}, "has started"),
        ({"state": "draft"}, "is a draft"),
        ({"state": "cancelled"}, "is cancelled"),
        ({"reminder_hours": 12}, "reminds only 12 hours before"),
    ],
)
def test_send_due_reminders_outside_the_window_reminds_nobody(
    soon, changes, description, mailoutbox
):
    Workshop.objects.filter(pk=soon.pk).update(**changes)
    RegistrationFactory(workshop=soon)
    assert send_due_reminders(now=NOW) == 0, description
    assert reminded() == []


def test_send_due_reminders_longer_reminder_time_widens_the_window(db):
    workshop = WorkshopFactory(
        starts_at=NOW + timedelta(hours=40), ends_at=NOW + timedelta(hours=42), reminder_hours=48
    )
    RegistrationFactory(workshop=workshop)
    assert send_due_reminders(now=NOW) == 1


def test_send_due_reminders_in_person_reminder_has_no_join_link(
    soon, django_capture_on_commit_callbacks, mailoutbox
):
    Workshop.objects.filter(pk=soon.pk).update(format="in_person")
    RegistrationFactory(workshop=soon)
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(now=NOW)
    [message] = mailoutbox
    assert JOIN not in message.body
    assert "University of Leeds\n" in message.body


def test_send_reminders_task_reminds_people_due_now(django_capture_on_commit_callbacks, mailoutbox):
    starts = timezone.now() + timedelta(hours=2)
    workshop = WorkshopFactory(starts_at=starts, ends_at=starts + timedelta(hours=2))
    RegistrationFactory(workshop=workshop, email="now@x.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders_task.delay().get() == 1
    assert [m.to for m in mailoutbox] == [["now@x.org"]]


@pytest.mark.django_db(transaction=True)
def test_send_due_reminders_concurrently_in_two_threads_reminds_once():
    workshop = WorkshopFactory(
        starts_at=NOW + timedelta(hours=3), ends_at=NOW + timedelta(hours=5), reminder_hours=24
    )
    people = [RegistrationFactory(workshop=workshop) for _ in range(6)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(send_due_reminders(now=NOW))
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(results) == 6
    assert reminded() == sorted((f"reminder:{p.pk}", p.email) for p in people)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
