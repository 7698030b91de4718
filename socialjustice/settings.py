"""Settings for the portal, read from the environment (django-environ).

Development works with no environment at all: Postgres and Redis on 127.0.0.1 and emails
printed to the console. With DEBUG off the portal refuses to start without SECRET_KEY and
ALLOWED_HOSTS, and turns on HTTPS-only cookies, HSTS and the redirect to HTTPS.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="development-only-key-never-used-with-debug-off")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    # Production must be configured on purpose: no default secret, no wildcard host.
    SECRET_KEY = env("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set in the environment when DEBUG is off."
        )

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The portal's own address, for links in emails sent by the Celery worker (no request there).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
PORTAL_NAME = env("PORTAL_NAME", default="Partnerships for Social Justice")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules",
    "socialjustice",
    "django_filters",
    "networks",
    "workshops",
    "contributions",
    "breakouts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "socialjustice.middleware.RequestSafetyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "networks.middleware.SessionPermissionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "workshops.middleware.MovedWorkshopMiddleware",
]

ROOT_URLCONF = "socialjustice.urls"
WSGI_APPLICATION = "socialjustice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socialjustice.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL",
        default="postgres://socialjustice:socialjustice@127.0.0.1:5432/socialjustice",
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that does not answer is given up on quickly: the person gets the 503 page.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=5
)
# The planner's cost of reading a page out of order: Postgres' default (4) is for spinning
# disks; on SSDs 1.1 is usual, and with it searches read the indexes instead of the tables.
DATABASES["default"]["OPTIONS"]["options"] = "-c random_page_cost=" + env(
    "DATABASE_RANDOM_PAGE_COST", default="1.1"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/1")
CACHES = {
    "default": {
        # django-redis, ignoring connection errors: with the cache's Redis unreachable, pages
        # are built without it and every write still works (socialjustice/cache.py).
        "BACKEND": "socialjustice.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="sj"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "socialjustice.cache"

AUTH_USER_MODEL = "networks.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "networks:me"

# django-allauth: email is the login, verified before first use; a one-time code by email
# can stand in for the password. Rate limits stay at allauth's defaults (on).
ACCOUNT_ADAPTER = "networks.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SIGNUP_FORM_CLASS = "networks.forms.people.SignupForm"
ACCOUNT_FORMS = {
    "login": "networks.account_forms.LoginForm",
    "change_password": "networks.account_forms.ChangePasswordForm",
    "reset_password_from_key": "networks.account_forms.ResetPasswordKeyForm",
    "request_login_code": "networks.account_forms.RequestLoginCodeForm",
    "confirm_login_code": "networks.account_forms.ConfirmLoginCodeForm",
}
# allauth's own limits stay at its defaults; these are the portal's public forms, counted the
# same way (socialjustice/ratelimits.py). Registering for workshops: per connection, per
# address (each registration emails the address typed) and per workshop.
ACCOUNT_RATE_LIMITS = {
    "workshop_register": env("RATE_LIMIT_REGISTER", default="10/10m/ip"),
    "workshop_register_address": env("RATE_LIMIT_REGISTER_ADDRESS", default="3/h/key"),
    "workshop_register_workshop": env("RATE_LIMIT_REGISTER_WORKSHOP", default="300/10m/key"),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: every message goes through the outbox (socialjustice.outbox) and is sent by Celery.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Partnerships for Social Justice <portal@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# How the outbox retries: attempts before an email is marked failed, and when the sweep
# re-queues rows whose task was lost (broker or worker down) or whose worker died mid-send.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)
OUTBOX_REQUEUE_AFTER_SECONDS = env.int("OUTBOX_REQUEUE_AFTER_SECONDS", default=120)
OUTBOX_STUCK_AFTER_SECONDS = env.int("OUTBOX_STUCK_AFTER_SECONDS", default=3600)
# A mailing (one email to many people) whose worker has not finished a batch for this long
# is handed to another worker, which resumes after the last person done.
MAILING_STUCK_AFTER_SECONDS = env.int("MAILING_STUCK_AFTER_SECONDS", default=300)
# How long a request waits for a row someone else has locked before it is told the portal is
# busy (socialjustice.locking).
LOCK_TIMEOUT_MS = env.int("LOCK_TIMEOUT_MS", default=5000)

# Celery: Redis as broker; the beat schedule lives here so one settings file says it all.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must never hang because Redis is down: publishing gives up quickly and the
# outbox sweep sends the email later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "socialjustice.tasks.sweep_outbox_task",
        "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
    },
    "pagecache-retry": {
        "task": "socialjustice.tasks.retry_invalidations_task",
        "schedule": 60,
    },
    "contribution-digests": {
        "task": "contributions.tasks.send_digests_task",
        "schedule": crontab(hour=8, minute=0),
    },
    "workshop-reminders": {
        "task": "workshops.tasks.send_reminders_task",
        "schedule": 300,
    },
    "mailings-sweep": {
        "task": "socialjustice.tasks.sweep_mailings_task",
        "schedule": env.int("OUTBOX_SWEEP_SECONDS", default=60),
    },
    "recommendation-reminders": {
        "task": "breakouts.tasks.send_due_reminders_task",
        "schedule": crontab(hour=8, minute=0),
    },
}
CELERY_TIMEZONE = "Europe/London"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
# Workshop materials: uploads larger than this are refused with a clear message.
MATERIAL_MAX_UPLOAD_BYTES = env.int("MATERIAL_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
# A contribution's attachment (PDF, Word or OpenDocument text).
CONTRIBUTION_MAX_UPLOAD_BYTES = env.int("CONTRIBUTION_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# A workshop pack with more contributions than this has its PDF built by a Celery worker,
# not in the request (contributions/views/pack.py).
PACK_PDF_INLINE_LIMIT = env.int("PACK_PDF_INLINE_LIMIT", default=40)
# The same for a workshop's report, counted in recommendations and other outputs
# (breakouts/views/report.py).
REPORT_PDF_INLINE_LIMIT = env.int("REPORT_PDF_INLINE_LIMIT", default=150)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    # Uploaded materials: the local MEDIA_ROOT, or any Django storage backend (S3 and the like)
    # named here; downloads always go through the portal, which checks who may have them.
    "default": {
        "BACKEND": env(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# No inline scripts or styles anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Read from Redis, written to both: a signed-in request costs no query for its session, and with
# the cache's Redis unreachable sessions are read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
