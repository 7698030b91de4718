"""Handing queued emails to the workers at the cost of one Redis round trip each.

Publishing a Celery task costs about a millisecond of the web process's time (Celery's and
kombu's machinery around one LPUSH), and in a burst every registration publishes one. So the
outbox hands emails over in two parts, on the broker's own Redis:

- each email's id is pushed onto the ready list, and in the same MULTI the bell is rung
  (`SET … NX EX`): one round trip;
- only the dispatch that finds the bell silent starts a `send_ready_emails_task`. The task
  silences the bell first, then sends every id on the list, so an id pushed while it works
  is either on the list it is still reading or rings the bell again for the next task.

An id lost with the list (Redis restarted, a worker killed while sending) is still a queued
row in the outbox, and its sweep hands it over again, as it does for a lost Celery message.
The bell expires by itself, so a task that never ran is started again by a later dispatch.
With `task_always_eager` (the tests) there is nothing to gather: each email's own task runs.
"""

import logging
from collections.abc import Callable, Iterable

import redis

from .celery import app
from .tasking import start_task

logger = logging.getLogger(__name__)

SEND_READY_TASK = "socialjustice.tasks.send_ready_emails_task"
# Long enough that a busy worker is not sent a second task for the same list; short enough
# that a task lost on its way starts again at the next email rather than at the sweep.
BELL_SECONDS = 30
BATCH = 100

_clients: dict[str, redis.Redis] = {}


def _broker() -> redis.Redis:
    """A client of the broker's Redis, wherever the Celery app points now."""
    url = app.conf.broker_url
    if url not in _clients:
        timeout = app.conf.broker_connection_timeout
        _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
    return _clients[url]


def keys() -> tuple[str, str]:
    """The ready list and the bell, per Celery queue (the tests' workers and the benchmark
    each have their own)."""
    queue = app.conf.task_default_queue
    return f"outbox:ready:{queue}", f"outbox:bell:{queue}"


def hand_over(task_name: str, ids: Iterable[int]) -> None:
    """Get these emails sent by a worker; logged, never raised, if Redis is down (the rows
    stay queued for their sweep)."""
    ids = list(ids)
    if not ids:
        return
    if app.conf.task_always_eager:
        for email_id in ids:
            start_task(task_name, email_id)
        return
    ready, bell = keys()
    try:
        pipe = _broker().pipeline(transaction=True)
        pipe.rpush(ready, *ids)
        pipe.set(bell, 1, nx=True, ex=BELL_SECONDS)
        _pushed, rang = pipe.execute()
    except redis.RedisError:
        logger.warning(
            "Could not hand emails %r over: they wait for the sweep.", ids, exc_info=True
        )
        return
    if rang and not start_task(SEND_READY_TASK):
        # The bell is ours: silenced again, so the next email tries to start the task.
        _silence(bell)


def _silence(bell: str) -> None:
    try:
        _broker().delete(bell)
    except redis.RedisError:
        logger.warning("Could not silence %s: it expires by itself.", bell, exc_info=True)


def send_ready(send: Callable[[int], None]) -> int:
    """Call `send` for every id on the ready list; returns how many were taken."""
    ready, bell = keys()
    _silence(bell)
    taken = 0
    while True:
        ids = _broker().lpop(ready, BATCH)
        if not ids:
            return taken
        for email_id in ids:
            try:
                send(int(email_id))
            except Exception:
                # The row is still queued: its sweep hands it over again.
                logger.exception("Could not send email %s: it waits for the sweep.", email_id)
        taken += len(ids)


def start_later(task_name: str, *args, countdown: float) -> None:
    """Start a task in `countdown` seconds; logged if the broker is down (the sweep)."""
    try:
        app.send_task(task_name, args=args, countdown=countdown)
    except Exception:
        logger.warning("Could not start %s%r later: it waits for its sweep.", task_name, args)
