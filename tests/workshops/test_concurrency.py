"""Changes to a workshop while others use it: a move announced to 1,500 people holds the lock
for milliseconds, and an edit from a form opened earlier never undoes what happened since."""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client

from socialjustice import mailings
from socialjustice.enums import MailingState
from socialjustice.models import EmailAttachment, Mailing, OutgoingEmail
from tests.factories import OrganiserFactory, RegistrationFactory, WorkshopFactory
from workshops.calendar import LONDON
from workshops.forms.workshops import WorkshopForm
from workshops.models import Registration, Workshop
from workshops.services.workshops import WorkshopDetails, cancel_workshop, update_workshop

PEOPLE = 1500


def details_of(workshop: Workshop, **changes) -> WorkshopDetails:
    return WorkshopDetails(
        **{
            name: getattr(workshop, name)
            for name in WorkshopDetails.names()
            if name not in WorkshopDetails.MANY
        }
        | changes
    )


@contextmanager
def held_locks():
    """How long each thread held the workshop's lock, in ms, as the locking helper logs it."""
    holds = {}

    class Handler(logging.Handler):
        def emit(self, record):
            if getattr(record, "lock", "") == "workshops.Workshop":
                holds[threading.current_thread().name] = record.held_ms

    locking_log = logging.getLogger("socialjustice.locking")
    handler, level = Handler(), locking_log.level
    locking_log.addHandler(handler)
    locking_log.setLevel(logging.DEBUG)
    try:
        yield holds
    finally:
        locking_log.removeHandler(handler)
        locking_log.setLevel(level)


def fill(workshop: Workshop, count: int) -> None:
    Registration.objects.bulk_create(
        RegistrationFactory.build(workshop=workshop, email=f"person{n}-{workshop.pk}@example.org")
        for n in range(count)
    )


def _race(workshop, organiser, *, weeks: int) -> tuple[float, float, int]:
    """Move the workshop `weeks` later while a guest registers; returns how long the move
    held the lock (ms), how long the registration took (s), and its answer."""
    current = Workshop.objects.get(pk=workshop.pk)
    moved = details_of(
        current,
        starts_at=workshop.starts_at + timedelta(days=7 * weeks),
        ends_at=workshop.ends_at + timedelta(days=7 * weeks),
    )
    start = threading.Barrier(2)
    took = {}

    def move():
        start.wait()
        try:
            update_workshop(current, moved, by=organiser)
        finally:
            connection.close()

    def register():
        start.wait()
        began = time.monotonic()
        try:
            response = Client().post(
                f"/workshops/{workshop.slug}/register/",
                {"name": "Amina Yusuf", "email": f"guest{weeks}@example.org", "consent": "on"},
            )
            took["register"] = (time.monotonic() - began, response.status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, name="move"),
        threading.Thread(target=register, name="register"),
    ]
    with held_locks() as holds:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(holds) == ["move", "register"]
    return holds["move"], *took["register"]


@pytest.mark.django_db(transaction=True)
def test_moving_a_workshop_of_1500_holds_its_lock_briefly_while_a_guest_registers(
    broker_down,
):
    """The notice to 1,500 people is one mailing row in the move's transaction: the move holds
    the workshop's lock for milliseconds and a guest registering meanwhile is served at once.
    (The broker is down, so nothing is expanded during the race; the expansion follows.)"""
    organiser = OrganiserFactory()
    # A running portal has imported and cached what a move uses; so does this process first
    # (a first move here costs tens of milliseconds of imports and lookups, once).
    warm = WorkshopFactory()
    fill(warm, 1)
    update_workshop(warm, details_of(warm, venue_name="Leeds"), by=organiser)
    Client().get(f"/workshops/{warm.slug}/register/")
    workshop = WorkshopFactory()
    fill(workshop, PEOPLE)
    # The machine may be busy with other tests: the best of three moves (each a week later,
    # each with a guest registering meanwhile) shows what a move holds, every registration
    # must be served within the second.
    moves, registrations = [], []
    for attempt in range(1, 4):
        hold, seconds, status = _race(workshop, organiser, weeks=attempt)
        moves.append(hold)
        registrations.append((seconds, status))
        if hold < 50:
            break
    assert all(status == 302 for _seconds, status in registrations)
    assert max(seconds for seconds, _status in registrations) < 1.0, registrations
    assert min(moves) < 50, f"the moves held the lock {moves} ms"
    assert Registration.objects.filter(workshop=workshop).count() == PEOPLE + len(moves)
    moved = Workshop.objects.get(pk=workshop.pk)

    mailing = Mailing.objects.filter(kind="workshops.changed", object_id=str(workshop.pk)).latest(
        "pk"
    )
    assert mailing.state == MailingState.QUEUED
    # The guests came after the move they raced (each mailing goes to those there before it).
    assert mailings.expand_mailing(mailing.pk) == PEOPLE + len(moves) - 1
    assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == PEOPLE + len(moves) - 1

    # One stored calendar file, the moved workshop's, shared by every confirmed person's notice.
    attached = OutgoingEmail.attachments.through.objects.filter(
        outgoingemail__kind="workshop.changed", outgoingemail__content_type__model="registration"
    )
    confirmed = PEOPLE + len(moves) - 1
    assert attached.count() == confirmed
    [shared] = set(attached.values_list("emailattachment", flat=True))
    new_start = moved.starts_at.astimezone(LONDON)
    expected = f"DTSTART;TZID=Europe/London:{new_start:%Y%m%dT%H%M%S}".encode()
    assert expected in bytes(EmailAttachment.objects.get(pk=shared).content)


@pytest.mark.django_db
def test_edit_saved_after_a_cancellation_keeps_the_cancellation_and_its_own_changes():
    organiser = OrganiserFactory()
    workshop = WorkshopFactory()
    opened = Workshop.objects.get(pk=workshop.pk)  # the edit form's copy, loaded first
    cancel_workshop(Workshop.objects.get(pk=workshop.pk), note="The venue is closed.", by=organiser)

    update_workshop(opened, details_of(opened, title="A new title"), by=organiser)

    workshop.refresh_from_db()
    assert (workshop.state, workshop.cancellation_note, workshop.title) == (
        "cancelled",
        "The venue is closed.",
        "A new title",
    )


@pytest.mark.django_db
def test_edit_form_opened_before_a_cancellation_and_places_change_keeps_both(
    client, django_capture_on_commit_callbacks
):
    """The organiser changes only the title in a form opened earlier; meanwhile the workshop
    was cancelled and its places raised on the dashboard. Both stay as they are now."""
    organiser = OrganiserFactory()
    workshop = WorkshopFactory(capacity=20)
    client.force_login(organiser)
    form = WorkshopForm(instance=Workshop.objects.get(pk=workshop.pk))
    data = {}
    for bound in form:
        for name, value in (
            (bound.html_name, bound.value()),
            (bound.html_initial_name, bound.value()),
        ):
            rendered = bound.field.widget.format_value(value)
            if rendered not in (None, "", []):
                data[name] = rendered
    data["title"] = "Leadership for equity, rearranged"
    Workshop.objects.filter(pk=workshop.pk).update(capacity=30)
    cancel_workshop(Workshop.objects.get(pk=workshop.pk), note="Postponed.", by=organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organise/workshops/{workshop.slug}/edit/", data)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.title, workshop.state, workshop.cancellation_note, workshop.capacity) == (
        "Leadership for equity, rearranged",
        "cancelled",
        "Postponed.",
        30,
    )
