"""Every edit form of the portal, opened in the browser with existing data and saved
unchanged, saves: what the browser sends is what counts (a date rendered as `24/06/2020` in
`<input type="date">` shows empty, and the unchanged form would be refused).

The forms are found, not listed: every page of the permission matrix an organiser may open
(tests/test_url_permissions.py, which walks the URLconf) is read, and each form on it that
posts and shows existing data in a text, number, date or time field, with every required
field filled, is an edit form. New apps' edit forms are covered the day their URLs are.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import CollaborationFactory
from tests.test_url_permissions import MATRIX, make_world, world_args

pytestmark = pytest.mark.django_db(transaction=True)

# In the page: each form that posts, with whether it shows existing data (the `value` the
# server rendered, not what the browser made of it) and whether a required field is empty.
FIND_EDIT_FORMS = """
() => Array.from(document.querySelectorAll('form')).map((form, index) => {
  if ((form.getAttribute('method') || '').toLowerCase() !== 'post') return null;
  const fields = Array.from(form.elements).filter(
    (e) => e.name && !e.name.startsWith('initial-') &&
      !['hidden', 'submit', 'button', 'checkbox', 'radio', 'file'].includes(e.type));
  const shown = (e) => e.tagName === 'TEXTAREA' ? e.textContent.trim() !== '' :
    e.tagName === 'SELECT' ? true : (e.getAttribute('value') || '').trim() !== '';
  const written = fields.filter((e) => e.tagName !== 'SELECT' && shown(e));
  const unticked = Array.from(form.elements).filter(
    (e) => e.type === 'checkbox' && e.required && !e.hasAttribute('checked'));
  const missing = fields.filter((e) => e.required && !shown(e)).concat(unticked);
  return written.length && !missing.length ? index : null;
}).filter((index) => index !== null)
"""


def organiser_pages(world):
    for name, route in MATRIX.items():
        if route.get and "organiser" in route.get:
            yield name, reverse(name, args=world_args(world, route.args))


def might_hold_an_edit_form(client, url) -> bool:
    """A cheap first look, by the server's HTML, before the page is opened in the browser."""
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return False
    html = response.content.decode()
    return bool(re.search(r'<form[^>]*method="post"', html)) and (
        bool(
            re.search(
                r'<input[^>]*type="(?:text|email|url|number|date|time|datetime-local)"'
                r'[^>]*value="[^"]+',
                html,
            )
        )
        or bool(re.search(r"<textarea[^>]*>[^<]+</textarea>", html))
    )


def test_every_edit_form_saves_unchanged(page, axe, live_server, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    # A list of boxes sends only what is ticked: saved unchanged, the links must stay.
    linked = CollaborationFactory(title="A transport partnership")
    world.workshop.collaborations.add(linked)
    organiser = world.people.organiser
    client = Client()
    client.force_login(organiser)
    sign_in(organiser)
    saved = []
    for name, url in organiser_pages(world):
        if not might_hold_an_edit_form(client, url):
            continue
        page.goto(live_server.url + url)
        axe.check()
        for index in page.evaluate(FIND_EDIT_FORMS):
            page.goto(live_server.url + url)
            axe.check()
            form = page.locator("form").nth(index)
            autosaved = form.get_attribute("data-autosave") is not None
            form.locator('button[type="submit"], input[type="submit"]').first.click()
            if autosaved:  # a recording page's part: its script saves it in place
                expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d"))
                saved.append(name)
                continue
            page.wait_for_load_state("load")
            axe.check()
            summary = page.locator("[data-error-summary]")
            assert summary.count() == 0, f"{name} ({url}): {summary.first.inner_text()}"
            expect(page.locator(".alert-success").first).to_be_visible()
            saved.append(name)
    # The edit forms the portal has today are all found (a new one only adds to this).
    assert set(saved) >= {
        "workshops:edit",
        "workshops:programme_item",
        "workshops:registrations",
        "workshops:series_edit",
        "workshops:speaker_edit",
        "workshops:manage_registration",
        "networks:profile_edit",
        "breakouts:group_edit",
        "breakouts:record",
        "breakouts:report_edit",
    }, saved
    assert list(world.workshop.collaborations.all()) == [linked]
