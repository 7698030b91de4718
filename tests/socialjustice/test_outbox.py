import contextlib
import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from socialjustice import outbox
from socialjustice.celery import app as celery_app
from socialjustice.enums import EmailState
from socialjustice.models import ActivityLog, EmailAttachment, OutgoingEmail
from tests.factories import OrganiserFactory, OutgoingEmailFactory

pytestmark = pytest.mark.django_db


def queue_test_email(key="welcome-1", to="amina@example.org", **kwargs):
    return outbox.queue_email(
        to=to,
        kind="test.welcome",
        key=key,
        template="emails/test_welcome",
        context={"name": "Amina"},
        **kwargs,
    )


def test_queue_email_renders_both_parts_and_sends_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_test_email()
        assert mail.outbox == []  # nothing leaves before the transaction commits

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["amina@example.org"]
    assert sent.subject == "Welcome, Amina"
    assert sent.body == "Hello Amina, welcome to the workshop."
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert "<h1" in html and "Hello Amina, welcome to the workshop." in html


def test_queue_email_same_key_twice_queues_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue_test_email(key="same-event")
        second = queue_test_email(key="same-event", to="someone-else@example.org")

    assert first.pk == second.pk
    assert OutgoingEmail.objects.filter(key="same-event").count() == 1
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]


def test_queue_email_rolled_back_with_the_event_sends_nothing(django_capture_on_commit_callbacks):
    class EventFailed(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(EventFailed),
        transaction.atomic(),
    ):
        queue_test_email(key="rolled-back")
        raise EventFailed

    assert OutgoingEmail.objects.filter(key="rolled-back").exists() is False
    assert mail.outbox == []


def test_queue_email_keeps_attachments(django_capture_on_commit_callbacks):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_test_email(
            attachments=(outbox.Attachment("workshop.ics", ics, "text/calendar"),),
        )

    assert mail.outbox[0].attachments == [("workshop.ics", ics.decode(), "text/calendar")]
    [stored] = EmailAttachment.objects.all()
    assert (stored.filename, stored.mimetype, bytes(stored.content)) == (
        "workshop.ics",
        "text/calendar",
        ics,
    )
    assert list(email.attachments.all()) == [stored]


def test_queue_email_same_attachment_twice_stores_one_shared_row(
    django_capture_on_commit_callbacks,
):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    attachment = outbox.Attachment("workshop.ics", ics, "text/calendar")
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_test_email(key="shared-1", attachments=(attachment,))
        second = queue_test_email(key="shared-2", to="grace@example.org", attachments=(attachment,))

    [stored] = EmailAttachment.objects.all()
    assert stored.digest == attachment.digest
    assert list(first.attachments.all()) == [stored]
    assert list(second.attachments.all()) == [stored]
    assert sorted(stored.emails.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert [m.attachments for m in mail.outbox] == [
        [("workshop.ics", ics.decode(), "text/calendar")],
        [("workshop.ics", ics.decode(), "text/calendar")],
    ]


def test_queue_emails_batch_shares_one_stored_attachment(django_capture_on_commit_callbacks):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    attachment = outbox.Attachment("workshop.ics", ics, "text/calendar")
    letters = [
        outbox.Letter(
            to=f"person{n}@example.org",
            kind="test.welcome",
            key=f"batch-{n}",
            template="emails/test_welcome",
            context={"name": "Amina"},
            attachments=(attachment,),
        )
        for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.queue_emails(letters) == 3

    [stored] = EmailAttachment.objects.all()
    assert stored.emails.count() == 3
    assert [m.attachments for m in mail.outbox] == [
        [("workshop.ics", ics.decode(), "text/calendar")]
    ] * 3


def test_queue_email_different_attachments_are_stored_apart():
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    first = queue_test_email(
        key="apart-1", attachments=(outbox.Attachment("workshop.ics", ics, "text/calendar"),)
    )
    second = queue_test_email(
        key="apart-2", attachments=(outbox.Attachment("other.ics", ics, "text/calendar"),)
    )

    assert EmailAttachment.objects.count() == 2
    assert [a.filename for a in first.attachments.all()] == ["workshop.ics"]
    assert [a.filename for a in second.attachments.all()] == ["other.ics"]


def test_send_failure_is_recorded_and_retried_with_backoff(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    email = OutgoingEmailFactory()

    with pytest.raises(outbox.EmailDeliveryFailed) as failure:
        outbox.send_outgoing_email(email.pk)

    email.refresh_from_db()
    assert email.state == EmailState.QUEUED
    assert email.attempts == 1
    assert (
        email.last_error == "the email server could not be reached: [Errno 111] Connection refused"
    )
    assert failure.value.retry_in == timedelta(seconds=30)
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=25)


def test_send_failure_after_last_attempt_marks_failed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = OutgoingEmailFactory(attempts=1)

    with pytest.raises(outbox.EmailDeliveryFailed) as failure:
        outbox.send_outgoing_email(email.pk)

    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert failure.value.retry_in is None


def test_send_skips_an_email_already_sent_or_being_sent():
    sent = OutgoingEmailFactory(state=EmailState.SENT)
    sending = OutgoingEmailFactory(state=EmailState.SENDING)

    assert outbox.send_outgoing_email(sent.pk) is None
    assert outbox.send_outgoing_email(sending.pk) is None
    assert mail.outbox == []


def test_resend_puts_a_failed_email_back_and_sends_it(django_capture_on_commit_callbacks):
    email = OutgoingEmailFactory(state=EmailState.FAILED, attempts=5, last_error="Refused")
    organiser = OrganiserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.resend_email(email, by=organiser)

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert email.attempts == 1
    assert len(mail.outbox) == 1
    [entry] = ActivityLog.objects.all()
    assert (entry.actor, entry.verb, entry.target_id, entry.data) == (
        organiser,
        "outbox.resent",
        str(email.pk),
        {"to": email.to},
    )


def test_resend_refuses_an_email_that_did_not_fail():
    email = OutgoingEmailFactory(state=EmailState.SENT)
    with pytest.raises(outbox.PortalError, match="Only a failed email can be sent again."):
        outbox.resend_email(email, by=OrganiserFactory())

    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert ActivityLog.objects.exists() is False


def test_sweep_requeues_only_overdue_and_long_stuck_rows(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    now = timezone.now()
    overdue = OutgoingEmailFactory(next_attempt_at=now - timedelta(minutes=10))
    fresh = OutgoingEmailFactory(next_attempt_at=now)
    stuck = OutgoingEmailFactory(
        state=EmailState.SENDING, claimed_at=now - timedelta(hours=2), attempts=1
    )
    busy = OutgoingEmailFactory(state=EmailState.SENDING, claimed_at=now - timedelta(minutes=1))

    dispatched = outbox.sweep_outbox(now=now)

    assert sorted(dispatched) == sorted([overdue.pk, stuck.pk])
    states = dict(OutgoingEmail.objects.values_list("pk", "state"))
    assert states == {
        overdue.pk: EmailState.SENT,
        fresh.pk: EmailState.QUEUED,
        stuck.pk: EmailState.SENT,
        busy.pk: EmailState.SENDING,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([overdue.to, stuck.to])


# End to end: a real Celery worker on the real Redis delivering to a real SMTP server.


@pytest.mark.django_db(transaction=True)
def test_email_is_delivered_by_the_worker_to_smtp(celery_worker, smtp_server):
    with transaction.atomic():
        email = queue_test_email(to="grace@example.org")

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "grace@example.org"
    assert message["Subject"] == "Welcome, Amina"
    assert smtp_server.text(message).strip() == "Hello Amina, welcome to the workshop."
    _wait_for_state(email.pk, EmailState.SENT)


@pytest.mark.django_db(transaction=True)
def test_email_queued_while_broker_down_is_delivered_once_after_sweep(
    broker_down, smtp_server, settings
):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    with transaction.atomic():
        email = queue_test_email(to="broker-was-down@example.org")

    email.refresh_from_db()
    assert email.state == EmailState.QUEUED  # the request went on; the email waits
    assert smtp_server.messages == []

    restore_broker = broker_down
    restore_broker()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert outbox.sweep_outbox() == [email.pk]
        smtp_server.wait_for(1)
        _wait_for_state(email.pk, EmailState.SENT)
        # A second sweep finds nothing to do: the email is sent.
        assert outbox.sweep_outbox() == []
    assert [m["To"] for m in smtp_server.messages] == ["broker-was-down@example.org"]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_and_a_worker_at_once_send_each_email_once(celery_worker, smtp_server, settings):
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    emails = [
        OutgoingEmailFactory(to=f"person{n}@example.org", next_attempt_at=timezone.now())
        for n in range(10)
    ]
    barrier = threading.Barrier(3)

    def sweep():
        barrier.wait()
        try:
            outbox.sweep_outbox()
        finally:
            connection.close()

    def send_directly():
        barrier.wait()
        try:
            for email in emails:
                with contextlib.suppress(outbox.EmailDeliveryFailed):
                    outbox.send_outgoing_email(email.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=f) for f in (sweep, sweep, send_directly)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    smtp_server.wait_for(10)
    for email in emails:
        _wait_for_state(email.pk, EmailState.SENT)
    # Give any duplicate task that might still be in flight time to (wrongly) deliver.
    outbox.sweep_outbox()
    time.sleep(1)
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted(e.to for e in emails)
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {1}


def _wait_for_state(email_id, state, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if OutgoingEmail.objects.get(pk=email_id).state == state:
            return
        time.sleep(0.1)
    raise AssertionError(
        f"Email {email_id} is {OutgoingEmail.objects.get(pk=email_id).state}, not {state}."
    )
