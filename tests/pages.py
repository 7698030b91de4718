"""What tests read off a rendered page, and the client of someone signed in who reads it."""

import re

from django.test import Client

# A form's CSRF token: each request's own, put into cached pages as they are served.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_csrf_tokens(html: str) -> str:
    """The page with its forms' tokens taken out, for comparing one request's with another's."""
    return CSRF_TOKEN.sub("", html)


def signed_in(person, **kwargs) -> Client:
    """A test client signed in as `person` (`kwargs` as for Client: enforce_csrf_checks)."""
    client = Client(**kwargs)
    client.force_login(person)
    return client
