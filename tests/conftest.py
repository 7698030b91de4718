"""Fixtures every test can use: real Redis kept apart per worker, a real SMTP server, a real
Celery worker, and the broker taken away."""

import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django_redis import get_redis_connection

from socialjustice.celery import app as celery_app
from socialjustice.handover import keys

from . import factories


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (allauth's rate limits live there too)."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = get_redis_connection("default")
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.delete(key)
    yield


@pytest.fixture
def saved(django_capture_on_commit_callbacks):
    """Changes made inside are committed, as a request's are: what runs after commit runs."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this thread sends to Redis, by name, in order: one entry a round trip, a
    pipeline's as its commands' names joined by "+"."""
    import redis
    from redis.client import Pipeline

    sent = []
    original, original_pipeline = redis.Redis.execute_command, Pipeline.execute
    me = threading.get_ident()

    def counting(self, *args, **options):
        if threading.get_ident() == me:
            sent.append(str(args[0]))
        return original(self, *args, **options)

    def counting_pipeline(self, *args, **options):
        if threading.get_ident() == me and self.command_stack:
            sent.append("+".join(str(command[0][0]) for command in self.command_stack))
        return original_pipeline(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    monkeypatch.setattr(Pipeline, "execute", counting_pipeline)
    return sent


@pytest.fixture(scope="session", autouse=True)
def _empty_test_queue():
    """Tasks left in this worker's queue by an earlier run must not be picked up now."""
    with celery_app.connection_for_write() as connection:
        connection.default_channel.client.delete(settings.CELERY_TASK_DEFAULT_QUEUE, *keys())
    yield


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What the SMTP server received, parsed, in order of arrival."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Condition()
        # Addresses this server refuses for good, as a real one does for a mailbox that
        # does not exist: add to it in a test.
        self.unknown = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 user unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
            self._lock.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 15.0):
        """Wait until `count` messages have arrived; return them all."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"Expected {count} emails within {timeout}s, got {len(self.messages)}."
                    )
                self._lock.wait(remaining)
            return list(self.messages)

    def last_to(self, address: str):
        for message in reversed(self.messages):
            if message["To"] == address:
                return message
        raise AssertionError(f"No email to {address} among {len(self.messages)}.")

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; the portal's email settings point at it."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    mailbox.port = port
    yield mailbox
    controller.stop()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in a thread, consuming this test worker's queue on the real Redis.

    It sees only committed data, hence the transactional database.
    """
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture
def broker_down():
    """Point the portal's Celery client at a port where nothing listens, then restore it."""
    original = celery_app.conf.broker_url

    def reconnect(url):
        celery_app.conf.broker_url = url
        celery_app.conf.broker_write_url = None
        # Forget the cached pools without closing them: the ones for the real broker are
        # shared (kombu keeps them per address) and are used again once it is back.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    celery_app.conf.task_always_eager = False
    reconnect(f"redis://127.0.0.1:{free_port()}/0")
    try:
        yield lambda: reconnect(original)
    finally:
        reconnect(original)
        celery_app.conf.task_always_eager = True


@pytest.fixture
def participant(db):
    return factories.UserFactory()


@pytest.fixture
def organiser(db):
    return factories.OrganiserFactory()


@pytest.fixture
def facilitator(db):
    return factories.FacilitatorFactory()


@pytest.fixture
def cache_down(settings):
    """The cache's Redis unreachable: the portal's cache pointed at a closed port."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        }
    }
    yield


@pytest.fixture
def database_down(transactional_db):
    """Call it to make the database unreachable (a closed port) for this thread's next
    query; the real one is back after the test. Needs the transactional database: the test's
    own transaction cannot survive the connection being closed."""
    original = dict(connection.settings_dict)

    def take_away():
        connection.close()
        connection.settings_dict["PORT"] = str(free_port())
        connection.settings_dict["HOST"] = "127.0.0.1"

    yield take_away
    connection.close()
    connection.settings_dict.update(original)
