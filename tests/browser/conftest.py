"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Every page a test loads must be audited with axe-core (`axe.check()`); a violation fails the
test naming the rule and the element, and so does a page the test loaded but never audited.
The same check looks at the page on a 390 px wide phone: a page wider than the screen fails,
naming the elements that stick out.
"""

import os
import re
import threading
import time

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
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
PHONE = {"width": 390, "height": 844}
# The document's width and the outermost elements that reach past the screen's right edge, or
# whose own text does (a long address in a box that fits), widest first. A scrolling box (a
# .table-responsive) keeps its contents to itself, so nothing inside one is looked at unless
# the box itself sticks out.
OVERFLOW = """limit => {
  const edge = window.innerWidth, found = [], range = document.createRange();
  const note = (element, right) => {
    const text = (element.innerText || element.textContent || "").trim().replace(/\\s+/g, " ");
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + [...element.classList].map(c => "." + c).join("");
    found.push({right: Math.round(right), name, text: text.slice(0, 60)});
  };
  const visit = element => {
    const box = element.getBoundingClientRect();
    if (box.right > edge + 0.5) return note(element, box.right);
    if (element !== document.body && getComputedStyle(element).overflowX !== "visible") return;
    for (const child of element.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE) visit(child);
      else if (child.nodeType === Node.TEXT_NODE && child.data.trim()) {
        range.selectNodeContents(child);
        const right = range.getBoundingClientRect().right;
        if (right > edge + 0.5) return note(element, right);
      }
    }
  };
  visit(document.body);
  found.sort((a, b) => b.right - a.right);
  return {width: document.documentElement.scrollWidth, widest: found.slice(0, limit)};
}"""


class InFlight:
    """The requests the live server (or anyone in this process) is answering now, by the
    thread answering each. A request whose browser went away mid-answer may never signal its
    end: it counts only while its thread is alive."""

    def __init__(self):
        self.answering, self.lock = {}, threading.Lock()
        request_started.connect(self.started, weak=False, dispatch_uid="browser:in-flight:start")
        request_finished.connect(self.finished, weak=False, dispatch_uid="browser:in-flight:end")

    def started(self, **kwargs):
        with self.lock:
            self.answering[threading.get_ident()] = threading.current_thread()

    def finished(self, **kwargs):
        with self.lock:
            self.answering.pop(threading.get_ident(), None)

    def busy(self) -> bool:
        with self.lock:
            current = threading.current_thread()
            return any(t.is_alive() and t is not current for t in self.answering.values())

    def wait_until_quiet(self, *, quiet=0.25, timeout=10.0):
        """Until no request has been in flight for `quiet` seconds (or `timeout` passed)."""
        deadline, since = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            if self.busy():
                since = None
            elif since is None:
                since = time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.02)


IN_FLIGHT = InFlight()


@pytest.fixture(autouse=True)
def _server_quiet_when_done(page):
    """A page's last requests are answered before the test ends: leaving it sends what its
    scripts send on the way out (a facilitator's last autosave, `keepalive`), and the live
    server finishes them, so nothing they save or the cache they empty reaches the next
    test, which runs in this process with the same cache."""
    yield
    page.goto("about:blank")
    IN_FLIGHT.wait_until_quiet()


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
        """Audit the page now showing; fail on any axe violation or if it does not fit a phone."""
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
        self.check_fits_a_phone()

    def check_fits_a_phone(self):
        """Fail if the page showing is wider than a 390 px screen (measured at that size, then
        put back to the size the test chose)."""
        size = self.page.viewport_size
        if size != PHONE:
            self.page.set_viewport_size(PHONE)
        try:
            measured = self.page.evaluate(OVERFLOW, 5)
        finally:
            if size != PHONE:
                self.page.set_viewport_size(size)
        if measured["width"] > PHONE["width"]:
            lines = [f"{self.page.url} is {measured['width']} px wide on a 390 px screen:"]
            for element in measured["widest"]:
                lines.append(
                    f"- {element['name']} reaches {element['right']} px: {element['text']!r}"
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
