"""Change and cancellation notices: everyone confirmed or waiting hears of a new date, time
or venue, or that the workshop is cancelled, through one mailing per event."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socialjustice.enums import EmailState, MailingState
from socialjustice.errors import PortalError
from socialjustice.mailings import sweep_mailings
from socialjustice.models import Mailing, OutgoingEmail
from socialjustice.tasks import expand_mailing_task
from tests.factories import LONDON, RegistrationFactory, WorkshopFactory
from workshops import emails
from workshops.models import Workshop
from workshops.services.workshops import WorkshopDetails, cancel_workshop, update_workshop

pytestmark = pytest.mark.django_db
JOIN = "https://meet.example.org/join/secret-room-123"


def manage_link(registration):
    return "http://testserver" + reverse("workshops:manage_registration", args=[registration.token])


def attachments_of(message):
    return [(name, mimetype) for name, _content, mimetype in message.attachments]


def details_of(workshop, **changes):
    """The workshop's details as its edit form would send them, with `changes`."""
    workshop = Workshop.objects.get(pk=workshop.pk)
    row = {
        name: getattr(workshop, name)
        for name in WorkshopDetails.names()
        if name not in WorkshopDetails.MANY
    }
    return WorkshopDetails(**{**row, **changes}, networks=tuple(workshop.networks.all()))


@pytest.fixture
def announced(db):
    """A published online workshop on 19 November 2030 with one person confirmed, one
    waiting and one who cancelled."""
    workshop = WorkshopFactory(
        title="Understandings of Inequality",
        slug="understandings-of-inequality",
        starts_at=datetime(2030, 11, 19, 10, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, 12, 30, tzinfo=LONDON),
        format="online",
        capacity=1,
    )
    confirmed = RegistrationFactory(workshop=workshop, name="Amina Khan", email="amina@x.org")
    waiting = RegistrationFactory(
        workshop=workshop, name="Sarah Salway", email="sarah@x.org", status="waiting"
    )
    RegistrationFactory(workshop=workshop, email="gone@x.org", status="cancelled")
    return workshop, confirmed, waiting


MOVED = {
    "starts_at": datetime(2030, 11, 20, 14, 0, tzinfo=LONDON),
    "ends_at": datetime(2030, 11, 20, 16, 30, tzinfo=LONDON),
}


def move_to_20th(workshop):
    update_workshop(workshop, details_of(workshop, **MOVED), by=None)


def test_workshop_change_notifies_confirmed_and_waiting_with_ics_and_join_link_for_confirmed(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, confirmed, waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)

    assert [m.to for m in mailoutbox] == [["amina@x.org"], ["sarah@x.org"]]
    to_confirmed, to_waiting = mailoutbox
    assert to_confirmed.subject == "Changed: Understandings of Inequality"
    assert to_confirmed.body == (
        "Dear Amina Khan,\n\n"
        "The organisers have changed when or where this workshop takes place.\n\n"
        "What has changed:\n"
        "Starts: now Wednesday 20 November 2030, 14:00 "
        "(before: Tuesday 19 November 2030, 10:00)\n"
        "Ends: now Wednesday 20 November 2030, 16:30 (before: Tuesday 19 November 2030, 12:30)\n\n"
        "The workshop now:\n"
        "Understandings of Inequality\n"
        "Wednesday 20 November 2030, 14:00 to 16:30 UK time (GMT)\n"
        "Online\n"
        "http://testserver/workshops/understandings-of-inequality/\n\n"
        "Join online with this link (it is for you only):\n"
        f"{JOIN}\n\n"
        "Your place is still confirmed. The attached calendar file updates the workshop in "
        "your calendar.\n\n"
        "If you cannot come now, please cancel so that someone on the waiting list can have "
        "your place.\n\n"
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):\n"
        f"{manage_link(confirmed)}"
    )
    assert attachments_of(to_confirmed) == [("understandings-of-inequality.ics", "text/calendar")]
    assert b"20301120T140000" in to_confirmed.attachments[0][1].encode()

    assert JOIN not in to_waiting.body
    assert attachments_of(to_waiting) == []
    assert to_waiting.body.splitlines()[-4:] == [
        "You are still on the waiting list. If a place becomes free, we email you straight away.",
        "",
        "To see your registration, change your access or dietary needs, or cancel, use your "
        "private link (keep it to yourself):",
        manage_link(waiting),
    ]


def test_workshop_change_notified_again_for_the_same_change_sends_nothing_more(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, _confirmed, _waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    [email] = OutgoingEmail.objects.filter(kind="workshop.changed", to="amina@x.org")
    assert email.key.rsplit(":", 1)[1] == str(workshop.updated_at.timestamp())
    [mailing] = Mailing.objects.all()
    assert (mailing.kind, mailing.state, mailing.emails_queued) == (
        "workshops.changed",
        MailingState.DONE,
        2,
    )

    # The same change announced again is the same mailing, and its task run again (or an
    # expansion started over) writes nobody's email twice.
    old = {name: (getattr(workshop, name), MOVED[name]) for name in MOVED}
    with django_capture_on_commit_callbacks(execute=True):
        again = emails.workshop_changed(Workshop.objects.get(pk=workshop.pk), old)
    assert again.pk == mailing.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert expand_mailing_task.delay(mailing.pk).get() == 0
    Mailing.objects.filter(pk=mailing.pk).update(state=MailingState.QUEUED, last_recipient=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert expand_mailing_task.delay(mailing.pk).get() == 0

    assert len(mailoutbox) == 2
    assert OutgoingEmail.objects.filter(kind="workshop.changed").count() == 2
    assert Mailing.objects.count() == 1


def test_workshop_second_change_notifies_again(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, _confirmed, _waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    with django_capture_on_commit_callbacks(execute=True):
        update_workshop(
            workshop,
            details_of(workshop, format="in_person", venue_name="Leeds Civic Hall"),
            by=None,
        )

    assert [m.to[0] for m in mailoutbox] == [
        "amina@x.org",
        "sarah@x.org",
        "amina@x.org",
        "sarah@x.org",
    ]
    second = mailoutbox[2].body
    assert "Format: now In person (before: Online)\nVenue: now Leeds Civic Hall (before: none)" in (
        second
    )
    # In person now: no joining link, even for a confirmed place.
    assert JOIN not in second
    assert Mailing.objects.count() == 2


def test_workshop_change_of_a_draft_notifies_nobody(django_capture_on_commit_callbacks, mailoutbox):
    workshop = WorkshopFactory(state="draft")
    RegistrationFactory(workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        move_to_20th(workshop)
    assert mailoutbox == []
    assert Mailing.objects.count() == 0


def test_workshop_cancelled_notifies_confirmed_and_waiting_once(
    announced, django_capture_on_commit_callbacks, mailoutbox
):
    workshop, confirmed, waiting = announced
    with django_capture_on_commit_callbacks(execute=True):
        cancel_workshop(workshop, note="The venue flooded. We will find a new date.", by=None)

    assert [m.to for m in mailoutbox] == [["amina@x.org"], ["sarah@x.org"]]
    assert [m.subject for m in mailoutbox] == ["Cancelled: Understandings of Inequality"] * 2
    assert mailoutbox[0].body == (
        "Dear Amina Khan,\n\n"
        "We are sorry: Understandings of Inequality, planned for Tuesday 19 November 2030, is "
        "cancelled. It will not take place.\n\n"
        "The organisers say:\n"
        "The venue flooded. We will find a new date.\n\n"
        "You do not need to do anything.\n\n"
        "The workshop's page:\n"
        "http://testserver/workshops/understandings-of-inequality/\n\n"
        "Your registration, with your private link (keep it to yourself):\n"
        f"{manage_link(confirmed)}"
    )
    assert manage_link(waiting) in mailoutbox[1].body
    assert [attachments_of(m) for m in mailoutbox] == [[], []]

    [mailing] = Mailing.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.workshop_cancelled(workshop).pk == mailing.pk
        assert expand_mailing_task.delay(mailing.pk).get() == 0
    with pytest.raises(PortalError), django_capture_on_commit_callbacks(execute=True):
        cancel_workshop(workshop, note="Again", by=None)
    assert len(mailoutbox) == 2
    assert Mailing.objects.count() == 1


def test_workshop_change_rolled_back_queues_no_notice(
    announced, django_capture_on_commit_callbacks
):
    # The services own their (durable) transaction; what they write for the notice is the
    # mailing, in the caller's transaction, so it goes with a change that is undone.
    workshop, _confirmed, _waiting = announced

    class Undone(Exception):
        pass

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(Undone),
        transaction.atomic(),
    ):
        Workshop.objects.filter(pk=workshop.pk).update(**MOVED)
        emails.workshop_changed(
            Workshop.objects.get(pk=workshop.pk),
            {name: (getattr(workshop, name), MOVED[name]) for name in MOVED},
        )
        assert Mailing.objects.filter(kind="workshops.changed").count() == 1
        raise Undone

    assert Mailing.objects.count() == 0
    assert callbacks == []
    assert OutgoingEmail.objects.count() == 0
    assert Workshop.objects.get(pk=workshop.pk).starts_at == workshop.starts_at


@pytest.mark.django_db(transaction=True)
def test_workshop_change_notices_are_queued_with_the_change_even_with_the_broker_down(
    announced, worker_after_broker_back, smtp_server
):
    workshop, confirmed, waiting = announced
    move_to_20th(workshop)

    # Nothing could reach Celery, but the mailing was saved with the change, for the sweep.
    [mailing] = Mailing.objects.all()
    assert (mailing.kind, mailing.state) == ("workshops.changed", MailingState.QUEUED)
    assert OutgoingEmail.objects.count() == 0
    assert sweep_mailings() == []  # its task may merely be slow

    later = timezone.now() + timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS + 1)
    with worker_after_broker_back as worker:
        assert sweep_mailings(now=later) == [mailing.pk]
        worker.sent(2)
        assert sweep_mailings(now=later + timedelta(hours=1)) == []

    assert Mailing.objects.get().state == MailingState.DONE
    assert sorted(OutgoingEmail.objects.values_list("key", "state")) == sorted(
        (f"workshop-changed:{workshop.pk}:{r.pk}:{mailing.data['stamp']}", EmailState.SENT)
        for r in (confirmed, waiting)
    )
    assert sorted(m["To"] for m in smtp_server.messages) == ["amina@x.org", "sarah@x.org"]
