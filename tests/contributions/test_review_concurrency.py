"""Two organisers deciding the same contribution at once, on the real database with real
threads: the second is told what happened meanwhile and nothing is overwritten."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from contributions.models import Contribution, Review
from contributions.services.review import decide
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row
from socialjustice.models import ActivityLog, OutgoingEmail
from tests.factories import CallFactory, ContributionFactory, OrganiserFactory, UserFactory


def _waiting_for_a_lock() -> int:
    """How many connections to this test database wait for a row lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_decide_by_two_organisers_at_once_refuses_the_second_and_overwrites_nothing():
    """Both organisers read version 1 and press their button together. The row is held until
    both decisions are waiting for it, so they truly overlap; whichever gets it first wins
    and the other is told what happened meanwhile."""
    call = CallFactory()
    contributor = UserFactory(email="amina@example.org")
    sent = ContributionFactory(call=call, author=contributor)
    organisers = {"accept": OrganiserFactory(), "decline": OrganiserFactory()}
    outcome = {}
    ready = threading.Barrier(3)

    def review(decision):
        opened = Contribution.objects.get(pk=sent.pk)
        ready.wait()
        try:
            outcome[decision] = decide(
                opened, decision=decision, message="", version=1, by=organisers[decision]
            )
        except PortalError as error:
            outcome[decision] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(d,), name=d) for d in organisers]
    with transaction.atomic():
        lock_row(Contribution, sent.pk)
        for thread in threads:
            thread.start()
        ready.wait()
        deadline = time.monotonic() + 4
        while _waiting_for_a_lock() < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        waiting = _waiting_for_a_lock()
    for thread in threads:
        thread.join()

    assert waiting == 2
    [review_row] = Review.objects.all()
    winner = review_row.decision
    loser = {"accept": "decline", "decline": "accept"}[winner]
    state = {"accept": "accepted", "decline": "declined"}[winner]
    assert outcome[winner] == review_row
    assert outcome[loser] == f"This contribution was {state} meanwhile: nothing was changed."
    sent.refresh_from_db()
    assert (sent.state, sent.version) == (state, 1)
    assert review_row.reviewer == organisers[winner]
    decisions = ActivityLog.objects.filter(
        verb__in=["contributions.contribution.accepted", "contributions.contribution.declined"]
    )
    assert list(decisions.values_list("actor", flat=True)) == [organisers[winner].pk]
    kind = {"accept": "contribution.accepted", "decline": "contribution.declined"}[winner]
    assert list(OutgoingEmail.objects.values_list("kind", "key", "state")) == [
        (kind, f"contribution:{sent.pk}:review:{review_row.pk}", "sent")
    ]
    assert [email.to for email in mail.outbox] == [["amina@example.org"]]
