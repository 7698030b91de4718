"""The one locking helper: rows in pk order, a time limit, and only inside a transaction."""

import threading
import time

import pytest
from django.db import connection, transaction

from socialjustice.errors import Busy
from socialjustice.locking import lock_row, lock_rows
from tests.factories import OrganiserFactory, WorkshopFactory
from workshops.models import Workshop


@pytest.mark.django_db
def test_lock_rows_returns_the_rows_by_pk_leaving_out_missing_ones():
    first, second = WorkshopFactory(), WorkshopFactory()
    with transaction.atomic():
        locked = lock_rows(Workshop, [second.pk, first.pk, 999_999])

    assert list(locked) == [first.pk, second.pk]
    assert locked[first.pk].title == first.title


@pytest.mark.django_db
def test_lock_row_of_a_missing_row_raises_does_not_exist():
    with transaction.atomic(), pytest.raises(Workshop.DoesNotExist):
        lock_row(Workshop, 999_999)


@pytest.mark.django_db
def test_lock_rows_locks_in_pk_order_whatever_order_is_asked():
    workshops = [WorkshopFactory() for _ in range(3)]
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(record):
        lock_rows(Workshop, [w.pk for w in reversed(workshops)])

    [statement] = [sql for sql in statements if "FOR UPDATE" in sql]
    assert statement.endswith(
        'ORDER BY "workshops_workshop"."id" ASC FOR UPDATE OF "workshops_workshop"'
    )
    assert statements[0] == "SET LOCAL lock_timeout = %s"


@pytest.mark.django_db(transaction=True)
def test_lock_rows_outside_a_transaction_is_refused():
    workshop = WorkshopFactory()
    with pytest.raises(RuntimeError, match="needs a transaction"):
        lock_rows(Workshop, [workshop.pk])


def hold_lock(pk: int, *, seconds: float) -> threading.Thread:
    """Another request holding the workshop's lock for `seconds`, in its own connection."""
    taken = threading.Event()

    def hold():
        try:
            with transaction.atomic():
                lock_row(Workshop, pk)
                taken.set()
                time.sleep(seconds)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(5)
    return thread


@pytest.mark.django_db(transaction=True)
def test_lock_held_longer_than_the_limit_raises_busy_after_the_limit(settings):
    settings.LOCK_TIMEOUT_MS = 200
    workshop = WorkshopFactory()
    holder = hold_lock(workshop.pk, seconds=1.5)
    started = time.monotonic()
    try:
        with pytest.raises(Busy), transaction.atomic():
            lock_row(Workshop, workshop.pk)
        waited = time.monotonic() - started
    finally:
        holder.join()

    assert 0.15 < waited < 1.0


@pytest.mark.django_db(transaction=True)
def test_busy_workshop_answers_503_with_retry_after_and_changes_nothing(client, settings):
    settings.LOCK_TIMEOUT_MS = 200
    workshop = WorkshopFactory(state="draft")
    client.force_login(OrganiserFactory())
    holder = hold_lock(workshop.pk, seconds=1.5)
    try:
        response = client.post(f"/organise/workshops/{workshop.slug}/publish/")
    finally:
        holder.join()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "The portal is busy just now" in response.content.decode()
    assert "Nothing was changed, so you can safely try again." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.state == "draft"
