"""Settings for the test suite: the real ones, with each pytest-xdist worker kept apart.

Every worker gets its own Celery queue and cache prefix on the shared Redis, so workers never
take each other's tasks or see each other's cached pages.
"""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside Django

from socialjustice.settings import *  # noqa: E402,F403
from socialjustice.settings import CACHES  # noqa: E402

# TEST_NAMESPACE keeps two test runs on one machine apart (each with its own DATABASE_URL too).
TEST_WORKER = os.environ.get("TEST_NAMESPACE", "") + os.environ.get("PYTEST_XDIST_WORKER", "main")

CELERY_TASK_DEFAULT_QUEUE = f"test-{TEST_WORKER}"
# Tasks run in the test's own process unless a test starts a real worker (the
# `celery_worker` fixture turns this off for its duration).
CELERY_TASK_ALWAYS_EAGER = True
CACHES["default"]["KEY_PREFIX"] = f"test-{TEST_WORKER}"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_URL = "http://testserver"

# Email templates used only by the outbox's own tests.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405

# Many tests register several people from the one test client: the registration limits are
# tried in their own tests, with the production values (tests/workshops/test_abuse.py).
ACCOUNT_RATE_LIMITS = {
    "workshop_register": "1000/m/ip",
    "workshop_register_address": "1000/m/key",
    "workshop_register_workshop": "1000/m/key",
}
