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
    moved = details_of(
        workshop,
        starts_at=workshop.starts_at + timedelta(days=7),
        ends_at=workshop.ends_at + timedelta(days=7),
    )
    start = threading.Barrier(2)
    took = {}

    def move():
        start.wait()
        try:
            update_workshop(workshop, moved, by=organiser)
        finally:
            connection.close()

    def register():
        start.wait()
        began = time.monotonic()
        try:
            response = Client().post(
                f"/workshops/{workshop.slug}/register/",
                {"name": "Amina Yusuf", "email": "amina@example.org", "consent": "on"},
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

    seconds, status = took["register"]
    assert status == 302
    assert seconds < 1.0, f"the registration took {seconds:.2f} s"
    assert sorted(holds) == ["move", "register"]
    assert holds["move"] < 50, f"the move held the lock {holds['move']:.1f} ms"
    assert Registration.objects.filter(workshop=workshop).count() == PEOPLE + 1

    [mailing] = Mailing.objects.filter(kind="workshops.changed", object_id=str(workshop.pk))
    assert mailing.state == MailingState.QUEUED
    assert mailings.expand_mailing(mailing.pk) == PEOPLE  # the guest came after the move
    assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == PEOPLE
    # One stored calendar file, the moved workshop's, shared by every confirmed person's notice.
    attached = OutgoingEmail.attachments.through.objects.filter(
        outgoingemail__kind="workshop.changed"
    )
    assert attached.count() == PEOPLE
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
