"""Sessions for the people the benchmark signs in as, made the way Django's login makes them.

Made with the server's SECRET_KEY (bench/run.py passes the same environment to the set-up
commands and to gunicorn), or the session's hash would not match and sign the person out.
Used by bench/people.py, bench/breakouts_data.py and bench/registration_data.py, once Django
is set up.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY


def signed_in(user) -> str:
    """A new session for `user`, an hour long; returns its key, the cookie's value."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(3600)
    session.create()
    return session.session_key
