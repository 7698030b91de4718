"""The portal's production settings with what the benchmark needs on top.

bench/run.py sets the environment (DEBUG off, a secret key, allowed hosts, no HTTPS redirect)
before gunicorn imports this, so everything else is exactly what production runs.
"""

from socialjustice.settings import *  # noqa: F403
from socialjustice.settings import MIDDLEWARE, STORAGES

ROOT_URLCONF = "bench.urls"

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

# Plain storage, so `{% static %}` works with DEBUG off without a collectstatic manifest; the
# benchmark measures pages, not static files, and WhiteNoise finds those without collectstatic.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Nothing is collected, so WhiteNoise need not look (and warn) for a staticfiles/ folder.
STATIC_ROOT = None

# The registration benchmark sends 500 registrations from one address in seconds: that is
# what it measures, so the portal's limits on registering are off here.
ACCOUNT_RATE_LIMITS = {
    "workshop_register": None,
    "workshop_register_address": None,
    "workshop_register_workshop": None,
}
