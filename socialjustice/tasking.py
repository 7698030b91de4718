"""Starting Celery tasks from services: by name, after the transaction commits.

Services never import tasks (tasks import services): a task is named here, and looked up in
the Celery app's registry only when it starts. After commit, so a worker never looks for a
row that is not there yet and nothing starts for a change that was rolled back. A broker
that is down is logged, not raised: the change is saved, and each kind of work has a beat
sweep that finds what was not started.
"""

import logging
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction

from .celery import app

logger = logging.getLogger(__name__)


def _task(name: str):
    if name not in app.tasks:
        # The apps' tasks modules are found lazily (autodiscover_tasks); a web process that
        # has not started a task yet has not imported them. The task's own module, by name:
        # Celery's own loader would set Django up again, in the middle of a request.
        import_module(name.rsplit(".", 1)[0])
    return app.tasks[name]


def start_task(name: str, *args) -> bool:
    """Hand a task to the broker now; False (and a warning) if the broker is unreachable."""
    task = _task(name)
    try:
        task.apply_async(args)
    except Exception:
        # Most often the broker is down (kombu's OperationalError); logged with the error, so
        # anything else shows too.
        logger.warning("Could not start %s%r: it waits for its sweep.", name, args, exc_info=True)
        return False
    return True


def after_commit(func, *, using=None) -> None:
    """Run `func` once the current transaction commits (at once outside one).

    The one way the portal defers work to after a commit. Robust: what runs then (a cache
    invalidation, handing a task to the broker) may fail, and it is logged, never raised: the
    change is saved, and nothing after the commit may turn it into an error page. Each such
    piece of work has its own way to be retried (the sweeps, the page cache's retries).
    """
    transaction.on_commit(func, using=using, robust=True)


def start_task_on_commit(name: str, *args) -> None:
    """Start the task once the current transaction commits (at once outside one)."""
    after_commit(lambda: start_task(name, *args))


def take_overdue(model, *, queued: str, in_flight: str, stuck_after: int, now, limit: int):
    """The ids of `model`'s rows whose task was lost, for a beat sweep to hand over again.

    Rows still `queued` `OUTBOX_REQUEUE_AFTER_SECONDS` after they were due lost their task
    (the broker or the worker was down). Rows `in_flight` (claimed by a worker) for more than
    `stuck_after` seconds belong to a worker that died: they are queued again first. Taking a
    row moves its clock on, so the next sweep waits again before it takes the same row a
    second time; two sweeps at once may both take it, and only one worker's conditional claim
    gets it.
    """
    requeue_before = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        model.objects.filter(
            state=in_flight, claimed_at__lt=now - timedelta(seconds=stuck_after)
        ).update(state=queued, next_attempt_at=requeue_before)
        due = list(
            model.objects.filter(state=queued, next_attempt_at__lte=requeue_before)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        model.objects.filter(pk__in=due).update(next_attempt_at=now)
    return due
