"""Why an email could not be sent, in words organisers can act on; a permanent refusal is not
tried again."""

import smtplib

import pytest

from socialjustice import outbox
from socialjustice.enums import EmailState
from socialjustice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def queued(to):
    email = outbox.queue_email(
        to=to,
        kind="test.welcome",
        key=f"welcome:{to}",
        template="emails/test_welcome",
        context={"name": "Amina"},
    )
    return email.pk


def test_an_address_the_receiving_server_does_not_know_is_failed_at_once(smtp_server):
    smtp_server.unknown.add("nobody@example.org")
    email_id = queued("nobody@example.org")

    with pytest.raises(outbox.EmailDeliveryFailed) as failed:
        outbox.send_outgoing_email(email_id)

    assert failed.value.retry_in is None
    email = OutgoingEmail.objects.get(pk=email_id)
    assert (email.state, email.attempts) == (EmailState.FAILED, 1)
    assert email.last_error == "the address was refused by the receiving server: 5.1.1 user unknown"


def test_an_address_the_server_knows_is_sent(smtp_server):
    smtp_server.unknown.add("nobody@example.org")
    email_id = queued("amina@example.org")

    outbox.send_outgoing_email(email_id)

    assert OutgoingEmail.objects.get(pk=email_id).state == EmailState.SENT
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["amina@example.org"]


@pytest.mark.parametrize(
    ("error", "words", "permanent"),
    [
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"4.2.1 mailbox busy")}),
            "the receiving server asked to try again later: 4.2.1 mailbox busy",
            False,
        ),
        (
            smtplib.SMTPSenderRefused(553, b"5.7.1 sender not allowed", "portal@localhost"),
            "the sending address was refused by the email server: 5.7.1 sender not allowed",
            True,
        ),
        (
            smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"),
            "the portal could not sign in to its email server: 5.7.8 bad credentials",
            True,
        ),
        (
            smtplib.SMTPDataError(552, b"5.3.4 message too big"),
            "the email was refused by the receiving server: 5.3.4 message too big",
            True,
        ),
        (
            smtplib.SMTPDataError(421, b"4.7.0 try again later"),
            "the email server asked to try again later: 4.7.0 try again later",
            False,
        ),
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            "the email server could not be reached: Connection unexpectedly closed",
            False,
        ),
    ],
)
def test_describe_failure_says_what_happened_and_whether_to_try_again(error, words, permanent):
    assert outbox.describe_failure(error) == (words, permanent)
