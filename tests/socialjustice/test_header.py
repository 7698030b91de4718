"""The page header, rendered once per kind of visitor (socialjustice/templatetags/portal.py):
each person still gets their own sign-out token, and each role its own links."""

import re

import pytest
from django.test import Client

from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(
    r'action="/accounts/logout/"[^>]*>\s*'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
)


def header_token(client, path="/workshops/") -> str:
    found = TOKEN.search(client.get(path).content.decode())
    assert found, "the header has no sign-out form with a token"
    return found.group(1)


def test_each_person_signs_out_with_the_token_their_own_header_carries():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(UserFactory())
    second.force_login(UserFactory())
    first_token, second_token = header_token(first), header_token(second)

    assert first_token != second_token
    # Another person's token is refused; one's own signs out.
    assert first.post("/accounts/logout/", {"csrfmiddlewaretoken": second_token}).status_code == 403
    assert first.post("/accounts/logout/", {"csrfmiddlewaretoken": first_token}).status_code == 302
    assert not first.get("/workshops/").wsgi_request.user.is_authenticated
    assert second.get("/workshops/").wsgi_request.user.is_authenticated


def test_each_kind_of_visitor_gets_the_links_that_are_theirs(client):
    header = re.compile(r"<header.*</header>", re.S)
    participant, organiser = Client(), Client()
    participant.force_login(UserFactory())
    organiser.force_login(OrganiserFactory())

    pages = {
        "participant": header.search(participant.get("/workshops/").content.decode()).group(),
        "organiser": header.search(organiser.get("/workshops/").content.decode()).group(),
        "visitor": header.search(client.get("/workshops/").content.decode()).group(),
    }

    assert 'href="/organise/"' in pages["organiser"]
    assert 'href="/organise/"' not in pages["participant"]
    assert "Sign out" in pages["participant"] and "Sign in" not in pages["participant"]
    assert "Sign in" in pages["visitor"] and "Sign out" not in pages["visitor"]
    assert "csrfmiddlewaretoken" not in pages["visitor"]


def test_the_style_sheets_scripts_and_footer_rendered_once_are_on_every_page(client):
    participant = Client()
    participant.force_login(UserFactory())
    pages = [client.get("/workshops/"), participant.get("/me/"), client.get("/accounts/login/")]

    for page in pages:
        content = page.content.decode()
        assert content.count('<link rel="stylesheet" href="/static/css/portal.css') == 1
        assert content.count('<script src="/static/js/portal.js') == 1
        assert '<a href="/privacy/">Privacy notice</a>' in content
        assert content.index("</main>") < content.index('<footer class="portal-footer">')
