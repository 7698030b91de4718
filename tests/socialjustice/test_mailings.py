"""Mailings: one row in the event's transaction, expanded into outbox rows after commit, in
batches, once, resumed after a worker dies, and found again by the sweep."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from networks.models import User
from socialjustice import mailings
from socialjustice.enums import MailingState
from socialjustice.models import Mailing, OutgoingEmail
from socialjustice.outbox import Letter
from tests.factories import NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@mailings.register
class NetworkNews(mailings.MailingKind):
    """A test kind: news of a network to every member, one email each."""

    name = "tests.network_news"

    def prepare(self, mailing):
        if mailing.data.get("withdrawn"):
            return None
        return {"greeting": "Hello"}

    def recipients(self, mailing, shared):
        return User.objects.filter(email__endswith="@members.example.org")

    def letter(self, mailing, person, shared):
        return Letter(
            to=person.email,
            kind="tests.news",
            key=f"news:{mailing.pk}:{person.pk}",
            template="emails/test_welcome",
            context={"name": person.display_name},
            about=person,
        )


@pytest.fixture
def members():
    return [UserFactory(email=f"member{n}@members.example.org") for n in range(5)]


def queue(**kwargs):
    return mailings.queue_mailing(
        kind=NetworkNews.name, key=kwargs.pop("key", "news-1"), about=NetworkFactory(), **kwargs
    )


def test_queue_mailing_writes_one_row_and_expands_it_after_commit(
    members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailing = queue()
        assert OutgoingEmail.objects.count() == 0  # nothing is expanded before the commit

    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE
    assert mailing.emails_queued == 5
    assert mailing.last_recipient == members[-1].pk
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(
        m.email for m in members
    )
    assert sorted(message.to[0] for message in mail.outbox) == sorted(m.email for m in members)


def test_queue_mailing_same_key_twice_is_one_mailing(members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="same")
        second = queue(key="same")

    assert first.pk == second.pk
    assert Mailing.objects.count() == 1
    assert len(mail.outbox) == 5


def test_queue_mailing_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="No mailing kind 'nobody.knows' is registered."):
        mailings.queue_mailing(kind="nobody.knows", key="x", about=NetworkFactory())


def test_expand_mailing_in_small_batches_queues_everyone_once(members):
    mailing = queue()

    queued = mailings.expand_mailing(mailing.pk, batch_size=2)

    mailing.refresh_from_db()
    assert queued == 5
    assert (mailing.state, mailing.emails_queued) == (MailingState.DONE, 5)
    assert OutgoingEmail.objects.filter(kind="tests.news").count() == 5


def test_expand_mailing_already_claimed_by_another_worker_does_nothing(members):
    mailing = queue()
    Mailing.objects.filter(pk=mailing.pk).update(
        state=MailingState.EXPANDING, claimed_at=timezone.now()
    )

    assert mailings.expand_mailing(mailing.pk) == 0
    assert OutgoingEmail.objects.count() == 0


def test_expand_mailing_resumed_after_its_worker_died_doubles_nobody(members):
    mailing = queue()
    mailings.expand_mailing(mailing.pk, batch_size=2)
    # As if the worker had died after two batches: queued again, resuming after the 2nd person.
    Mailing.objects.filter(pk=mailing.pk).update(
        state=MailingState.QUEUED, last_recipient=members[1].pk, emails_queued=2
    )

    queued = mailings.expand_mailing(mailing.pk, batch_size=2)

    mailing.refresh_from_db()
    assert queued == 0  # the rest were written before the "death": their keys are taken
    assert OutgoingEmail.objects.count() == 5
    assert mailing.state == MailingState.DONE


def test_expand_mailing_with_nothing_left_to_say_is_done_with_no_email(members):
    mailing = queue(data={"withdrawn": True})

    assert mailings.expand_mailing(mailing.pk) == 0
    mailing.refresh_from_db()
    assert mailing.state == MailingState.DONE
    assert OutgoingEmail.objects.count() == 0


def test_sweep_expands_lost_mailings_and_takes_over_stuck_ones(members, settings):
    now = timezone.now()
    lost = queue(key="lost")
    queue(key="recent")
    stuck = queue(key="stuck")
    moving = queue(key="moving")
    old = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS + 1)
    Mailing.objects.filter(pk__in=[lost.pk, stuck.pk, moving.pk]).update(next_attempt_at=old)
    Mailing.objects.filter(pk=stuck.pk).update(
        state=MailingState.EXPANDING,
        claimed_at=now - timedelta(seconds=settings.MAILING_STUCK_AFTER_SECONDS + 1),
    )
    Mailing.objects.filter(pk=moving.pk).update(state=MailingState.EXPANDING, claimed_at=now)

    handed_over = mailings.sweep_mailings(now=now)

    assert sorted(handed_over) == sorted([lost.pk, stuck.pk])
    states = dict(Mailing.objects.values_list("key", "state"))
    assert states == {
        "lost": MailingState.DONE,
        "recent": MailingState.QUEUED,
        "stuck": MailingState.DONE,
        "moving": MailingState.EXPANDING,
    }
    # A second sweep straight after waits again: nothing is handed over twice.
    assert mailings.sweep_mailings(now=now) == []
