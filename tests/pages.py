"""What tests read off a rendered page."""

import re

# A form's CSRF token: each request's own, put into cached pages as they are served.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_csrf_tokens(html: str) -> str:
    """The page with its forms' tokens taken out, for comparing one request's with another's."""
    return CSRF_TOKEN.sub("", html)
