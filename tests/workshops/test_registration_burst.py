"""A registration at the cost a burst needs: few statements, the workshop read once, the
emails about a place rendered when sent and reading exactly as if rendered at once, and the
calendar file stored once per workshop version."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from socialjustice.emailtext import from_snapshot, render_email, snapshot
from socialjustice.models import OutgoingEmail
from tests.factories import WorkshopFactory
from workshops import emails
from workshops.email_parts import email_context, plain_context
from workshops.models import Registration, Workshop
from workshops.services import registration as services

pytestmark = pytest.mark.django_db


def person(n):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org")


def form_data(n):
    return {"name": f"Person {n}", "email": f"person{n}@example.org", "consent": "on"}


@pytest.mark.parametrize(("capacity", "queries"), [(5, 10), (0, 9)])
def test_register_post_makes_few_statements(client, django_assert_num_queries, capacity, queries):
    """A guest's POST: the workshop, its stored calendar file, the lock (with its time limit),
    one count, the registration, its email (and the calendar file beside a place), within the
    test's savepoint. The page is not built: it redirects."""
    workshop = WorkshopFactory(capacity=capacity)
    emails.calendar_attachment(workshop)  # stored already, as after the first registration
    ContentType.objects.get_for_model(Registration)  # known to the process already, likewise
    url = reverse("workshops:register", args=[workshop.slug])
    with django_assert_num_queries(queries):
        response = client.post(url, form_data(1))
    assert response.status_code == 302
    assert response.url == reverse("workshops:registered", args=[workshop.slug])
    expected = "confirmed" if capacity else "waiting"
    assert Registration.objects.get().status == expected


def test_register_post_shows_the_places_afresh_in_one_round_trip_to_redis(
    client, redis_commands, django_capture_on_commit_callbacks
):
    """After the commit, the workshop's page group gets its new token, stored and confirmed
    in one round trip (the email's hand-over, one more over HTTP, is in-process in tests:
    tests/socialjustice/test_handover.py)."""
    workshop = WorkshopFactory(capacity=5)
    url = reverse("workshops:register", args=[workshop.slug])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, form_data(1))
    assert response.status_code == 302
    redis_commands.clear()

    for callback in callbacks:
        callback()

    assert redis_commands == ["SET"]


def test_register_decides_on_the_workshop_as_saved_since_it_was_read(
    django_capture_on_commit_callbacks,
):
    read = WorkshopFactory(capacity=1)
    changed = Workshop.objects.get(pk=read.pk)
    changed.capacity = 0
    changed.title = "Understandings of Inequality, renamed"
    changed.save()

    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = services.register([read], person(1))

    assert outcome.registration.status == "waiting"  # the places as saved, not as read
    assert outcome.workshop.title == "Understandings of Inequality, renamed"
    assert mail.outbox[0].subject == (
        "You are on the waiting list: Understandings of Inequality, renamed"
    )


def test_register_closed_since_it_was_read_is_refused():
    read = WorkshopFactory(capacity=10)
    Workshop.objects.filter(pk=read.pk).update(state="cancelled")  # no `updated_at` moved

    with pytest.raises(services.RegistrationClosed):
        services.register([read], person(1))
    assert Registration.objects.count() == 0


def test_email_about_a_place_is_rendered_when_sent(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(capacity=0)
    with django_capture_on_commit_callbacks() as callbacks:
        [outcome] = services.register([workshop], person(1))

    email = OutgoingEmail.objects.get()
    # Queued: the subject for the organisers' list, the bodies still to be rendered.
    assert (email.kind, email.subject) == (
        "registration.waiting",
        f"You are on the waiting list: {workshop.title}",
    )
    assert (email.body_text, email.template) == ("", "emails/registration_waiting")
    for callback in callbacks:
        callback()

    [sent] = mail.outbox
    assert "you are on the waiting list, number 1." in sent.body
    assert outcome.registration.token in sent.body
    email.refresh_from_db()
    assert (email.state, email.body_text) == ("sent", sent.body)


IN_PERSON = {
    "format": "hybrid",
    "venue_name": "Leeds Civic Hall",
    "venue_address": "Calverley Street, Leeds LS1 1UR",
    "what_to_bring": "A photo ID for the front desk.",
    "access_information": "Step-free entrance on Portland Crescent; hearing loop in the hall.",
    "contact_email": "workshops@example.org",
}


@pytest.mark.parametrize("details", [{}, IN_PERSON], ids=["online", "hybrid"])
@pytest.mark.parametrize(
    ("kind", "status"),
    [
        ("confirmed", "confirmed"),
        ("promoted", "confirmed"),
        ("waiting", "waiting"),
        ("manage_link", "waiting"),
        ("cancelled", "cancelled"),
        ("cancelled_by_organiser", "cancelled"),
    ],
)
def test_emails_about_a_place_read_the_same_rendered_when_sent(details, kind, status):
    """What the snapshot keeps is all these templates show: rendered from it, each email is
    the one rendered from the registration and the workshop themselves."""
    starts = timezone.now().replace(month=7, day=1, hour=9, minute=30) + timedelta(days=365)
    workshop = WorkshopFactory(starts_at=starts, ends_at=starts + timedelta(hours=3), **details)
    registration = Registration.objects.create(
        workshop=workshop,
        name="Amina O'Neill & Co <b>",
        email="amina@example.org",
        email_normalised="amina@example.org",
        consented_at=timezone.now(),
        status=status,
    )
    template = f"emails/registration_{kind}"

    live = render_email(template, email_context(registration, workshop, position=7))
    kept = snapshot(plain_context(registration, workshop, position=7))
    assert render_email(template, from_snapshot(kept)) == live
    assert workshop.join_link not in str(kept["workshop"])  # only `join_link`, if theirs


def test_snapshot_refuses_what_could_change_before_sending():
    with pytest.raises(TypeError, match="plain values only, not Workshop"):
        snapshot({"workshop": WorkshopFactory()})


@pytest.mark.django_db(transaction=True)
def test_calendar_file_is_stored_once_per_workshop_version(django_assert_num_queries):
    workshop = WorkshopFactory()
    first = emails.calendar_attachment(workshop)
    with django_assert_num_queries(0):
        again = emails.calendar_attachment(workshop)
    assert again.pk == first.pk

    workshop.title = "Understandings of Inequality, moved"
    workshop.save()
    changed = emails.calendar_attachment(workshop)
    assert changed.pk != first.pk
    stored = bytes(type(changed).objects.get(pk=changed.pk).content)
    assert b"Understandings of Inequality, moved" in stored


def test_calendar_file_stored_in_a_transaction_is_not_kept(django_assert_num_queries):
    """It might yet be rolled back: the next registration looks for it again."""
    workshop = WorkshopFactory()
    emails.calendar_attachment(workshop)
    with django_assert_num_queries(1):
        emails.calendar_attachment(workshop)


def test_waiting_positions_told_in_a_burst_are_all_different(django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            services.register([workshop], person(n))
    told = sorted(
        int(re.search(r"number (\d+)\.", message.body).group(1))
        for message in mail.outbox
        if "waiting list" in message.subject
    )
    assert told == [1, 2, 3, 4]
