"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Every page a test loads must be audited with axe-core (`axe.check()`); a violation fails the
test naming the rule and the element, and so does a page the test loaded but never audited.
"""

import os
import re

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


class AccessibilityAudit:
    def __init__(self, page):
        self.page = page
        self.pending: list[str] = []
        self.missed: list[str] = []
        page.on("load", lambda loaded: self.pending.append(loaded.url))

    def check(self):
        """Audit the page now showing; fail on any axe violation."""
        self.page.wait_for_load_state("load")
        # Pages loaded since the last audit, but the one showing, were never audited.
        self.missed.extend(self.pending[:-1])
        self.pending.clear()
        results = AXE.run(self.page)
        if results.violations_count:
            lines = [f"axe found {results.violations_count} violation(s) on {self.page.url}:"]
            for violation in results.response["violations"]:
                for node in violation["nodes"]:
                    lines.append(
                        f"- {violation['id']} ({violation['impact']}): {violation['help']} "
                        f"at {', '.join(map(str, node['target']))}: {node['html'][:200]}"
                    )
            pytest.fail("\n".join(lines), pytrace=False)

    def assert_every_page_audited(self):
        unaudited = self.missed + self.pending
        assert not unaudited, f"Pages loaded without an axe audit: {unaudited}"


@pytest.fixture
def axe(page):
    audit = AccessibilityAudit(page)
    yield audit
    audit.assert_every_page_audited()


@pytest.fixture
def sign_in(page, live_server):
    """Sign a person in by giving the browser a session cookie (for tests not about signing in)."""

    def _sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return _sign_in


def field(page, label: str):
    """The form field with exactly this label (a required field's label ends in '*')."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))
