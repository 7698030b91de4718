"""The one way to lock rows: in pk order, with a time limit, inside a transaction.

Every write that decides something scarce (a place, a waiting-list position, a follow-up sent
once) locks the rows it decides on through `lock_rows` or `lock_row`, from a service wrapped in
`transaction.atomic(durable=True)`. pretix's `lock_objects` is the model:

- rows are locked in one order (by pk), so two requests locking the same rows never wait for
  each other in a circle;
- Postgres gives up after `LOCK_TIMEOUT_MS` (`SET LOCAL lock_timeout`, so the limit ends with
  the transaction), and the wait becomes `Busy`: the person sees "busy, please try again"
  (503 with `Retry-After`), and a stuck lock never hangs a request;
- outside a transaction a lock would be released as soon as it is taken, so that is refused.
"""

import logging
import time

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Model, QuerySet

from .errors import Busy
from .tasking import after_commit

logger = logging.getLogger(__name__)

# SQLSTATE 55P03: lock_not_available, what Postgres raises when lock_timeout runs out.
LOCK_NOT_AVAILABLE = "55P03"


def is_lock_timeout(error: BaseException) -> bool:
    cause = error.__cause__ or error
    return getattr(cause, "pgcode", None) == LOCK_NOT_AVAILABLE


def _queryset(rows: type[Model] | QuerySet) -> QuerySet:
    return rows if isinstance(rows, QuerySet) else rows._default_manager.all()


def lock_rows(rows: type[Model] | QuerySet, pks) -> dict:
    """Lock the rows with these pks, in pk order; returns them by pk (missing ones are left
    out). `rows` is a model or a queryset (for `select_related` or `only`); only the model's
    own table is locked, never the joined ones."""
    queryset = _queryset(rows)
    connection = transaction.get_connection(queryset.db)
    if not connection.in_atomic_block:
        raise RuntimeError(
            "lock_rows() needs a transaction: outside one, the lock is released at once."
        )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = %s", [f"{settings.LOCK_TIMEOUT_MS}ms"])
    started = time.perf_counter()
    try:
        locked = {
            row.pk: row
            for row in queryset.select_for_update(of=("self",))
            .filter(pk__in=list(pks))
            .order_by("pk")
        }
    except OperationalError as error:
        if is_lock_timeout(error):
            logger.warning(
                "Gave up waiting for a lock on %s %s after %s ms.",
                queryset.model._meta.label,
                list(pks),
                settings.LOCK_TIMEOUT_MS,
            )
            raise Busy() from error
        raise
    acquired = time.perf_counter()
    label = queryset.model._meta.label

    def released():
        waited_ms = (acquired - started) * 1000
        held_ms = (time.perf_counter() - acquired) * 1000
        logger.debug(
            "Lock on %s %s: waited %.1f ms, held %.1f ms.",
            label,
            sorted(locked),
            waited_ms,
            held_ms,
            extra={"lock": label, "pks": sorted(locked), "held_ms": held_ms},
        )

    after_commit(released, using=queryset.db)
    return locked


def lock_row(rows: type[Model] | QuerySet, pk):
    """Lock one row and return it; DoesNotExist if there is no such row."""
    queryset = _queryset(rows)
    try:
        return lock_rows(queryset, [pk])[pk]
    except KeyError:
        raise queryset.model.DoesNotExist(
            f"No {queryset.model._meta.verbose_name} with pk {pk}."
        ) from None
