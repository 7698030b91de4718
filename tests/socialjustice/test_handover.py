"""Emails handed to the workers cheaply: ids on a Redis list, one task for many, each email
sent once; and an email queued twice costs one statement, not a savepoint and a clash."""

import pytest
import redis
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialjustice import handover, outbox
from socialjustice.celery import app as celery_app
from socialjustice.enums import EmailState
from socialjustice.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def queue(n):
    return outbox.queue_email(
        to=f"person{n}@example.org",
        kind="test.welcome",
        key=f"welcome-{n}",
        template="emails/test_welcome",
        context={"name": f"Person {n}"},
    )


@pytest.fixture
def no_worker():
    """Tasks go to this test worker's queue on the real Redis, and nobody consumes them."""
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    queue_name = celery_app.conf.task_default_queue
    client.delete(queue_name, *handover.keys())
    celery_app.conf.task_always_eager = False
    try:
        yield client, queue_name
    finally:
        celery_app.conf.task_always_eager = True
        client.delete(queue_name, *handover.keys())


def test_many_emails_start_one_task_that_sends_each_once(
    no_worker, django_capture_on_commit_callbacks
):
    client, queue_name = no_worker
    ready, bell = handover.keys()
    rows = []
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            rows.append(queue(n))

    assert client.llen(queue_name) == 1  # one task, for all five
    assert [int(i) for i in client.lrange(ready, 0, -1)] == [row.pk for row in rows]
    assert mail.outbox == []

    assert outbox.send_ready_emails() == 5
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@example.org" for n in range(5)]
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    assert (client.llen(ready), client.exists(bell)) == (0, 0)

    # The bell is silent again: the next email starts a task of its own.
    with django_capture_on_commit_callbacks(execute=True):
        queue(5)
    assert client.llen(queue_name) == 2
    assert outbox.send_ready_emails() == 1
    assert outbox.send_ready_emails() == 0  # nothing twice
    assert len(mail.outbox) == 6


def test_email_handed_over_twice_is_sent_once(no_worker):
    email = queue(1)
    outbox.dispatch_email(email.pk)
    outbox.dispatch_email(email.pk)
    assert outbox.send_ready_emails() == 2
    assert [m.to[0] for m in mail.outbox] == ["person1@example.org"]


def test_email_lost_from_the_list_is_sent_by_the_sweep(no_worker, settings):
    client, _queue_name = no_worker
    settings.OUTBOX_REQUEUE_AFTER_SECONDS = 0
    email = queue(1)
    outbox.dispatch_email(email.pk)
    client.delete(handover.keys()[0])  # Redis restarted, say

    assert outbox.send_ready_emails() == 0
    assert outbox.sweep_outbox() == [email.pk]
    assert outbox.send_ready_emails() == 1
    assert [m.to[0] for m in mail.outbox] == ["person1@example.org"]


def test_queue_email_same_key_twice_is_one_statement_each():
    with CaptureQueriesContext(connection) as queries:
        first = queue(1)
        second = outbox.queue_email(
            to="someone-else@example.org",
            kind="test.welcome",
            key="welcome-1",
            template="emails/test_welcome",
            context={"name": "Someone else"},
        )

    assert second.pk == first.pk
    assert second.to == "person1@example.org"  # the email already queued, unchanged
    # The insert, the insert that finds the key taken, and the row already there.
    statements = [q["sql"] for q in queries.captured_queries]
    assert [sql.split()[0] for sql in statements] == ["INSERT", "INSERT", "SELECT"]
    assert all("ON CONFLICT DO NOTHING" in sql for sql in statements[:2])
