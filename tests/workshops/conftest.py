"""Fixtures shared by the tests of workshop emails: a workshop that has ended with its own
organiser, and a real worker started once the broker is back."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from socialjustice.celery import app as celery_app
from socialjustice.enums import EmailState
from socialjustice.models import OutgoingEmail
from tests.factories import LONDON, MaterialFactory, UserFactory, WorkshopFactory


@pytest.fixture
def ended(db):
    """A workshop that ended yesterday, with a public and a registrants-only material."""
    starts = timezone.localtime(timezone.now(), LONDON).replace(
        hour=10, minute=0, second=0, microsecond=0
    ) - timedelta(days=1)
    workshop = WorkshopFactory(
        title="Leadership for Equity",
        slug="leadership-for-equity",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    MaterialFactory(
        workshop=workshop, title="Opening presentation", url="https://example.org/opening.pdf"
    )
    MaterialFactory(
        workshop=workshop,
        title="Notes for participants",
        url="https://example.org/private.pdf",
        visibility="registrants",
    )
    return workshop


@pytest.fixture
def its_organiser(ended):
    """One of the ended workshop's organisers (not a site organiser)."""
    person = UserFactory()
    ended.organisers.add(person)
    return person


class WorkerBack:
    """The broker brought back, then a real worker on it; `sent(n)` waits until the outbox
    holds `n` emails, all sent."""

    def __init__(self, restore_broker):
        self._restore_broker = restore_broker

    def __enter__(self):
        self._restore_broker()
        self._worker = start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        )
        self._worker.__enter__()
        return self

    def __exit__(self, *exc):
        return self._worker.__exit__(*exc)

    @staticmethod
    def sent(count: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            states = list(OutgoingEmail.objects.values_list("state", flat=True))
            if len(states) >= count and set(states) == {EmailState.SENT}:
                return
            time.sleep(0.05)
        raise AssertionError(f"Expected {count} sent emails, the outbox has {states}.")


@pytest.fixture
def worker_after_broker_back(broker_down):
    """With the broker down for now: `with worker_after_broker_back:` brings it back and runs
    a real worker until the block ends (use with a transactional database)."""
    return WorkerBack(broker_down)
