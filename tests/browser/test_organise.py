"""Organisers in the browser: the Organise area and the email list; others are kept out."""

import pytest
from playwright.sync_api import expect

from socialjustice.enums import EmailState
from socialjustice.models import OutgoingEmail
from tests.factories import OrganiserFactory, OutgoingEmailFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_sends_a_failed_email_again(page, axe, live_server, sign_in, smtp_server):
    failed = OutgoingEmailFactory(
        to="leeds@example.org",
        subject="Your place at the workshop",
        state=EmailState.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    OutgoingEmailFactory(to="sent@example.org", state=EmailState.SENT)
    sign_in(OrganiserFactory())

    page.goto(live_server.url + "/")
    axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organise").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organise")
    expect(page.get_by_text("1 failed")).to_be_visible()
    axe.check()

    page.get_by_role("link", name="See the emails").click()
    axe.check()
    page.get_by_label("Show").select_option(label="Failed")
    page.get_by_role("button", name="Filter").click()
    axe.check()
    row = page.get_by_role("row").filter(has_text="leeds@example.org")
    expect(row).to_contain_text("Connection unexpectedly closed")
    expect(page.get_by_role("row").filter(has_text="sent@example.org")).to_have_count(0)

    row.get_by_role("button", name="Send again to leeds@example.org").click()
    expect(page.get_by_role("status")).to_contain_text("The email to leeds@example.org is queued")
    axe.check()

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "leeds@example.org"
    assert OutgoingEmail.objects.get(pk=failed.pk).state == EmailState.SENT


def test_participant_gets_a_clear_forbidden_page(page, axe, live_server, sign_in):
    sign_in(UserFactory())
    page.goto(live_server.url + "/")
    axe.check()
    expect(page.get_by_role("link", name="Organise")).to_have_count(0)

    response = page.goto(live_server.url + "/organise/emails/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to see this page"
    )
    axe.check()


def test_missing_page_is_explained(page, axe, live_server):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe.check()
    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("reduce inequality")
    axe.check()


def test_account_settings_pages_are_accessible(page, axe, live_server, sign_in):
    sign_in(UserFactory())
    page.goto(live_server.url + "/me/")
    axe.check()
    page.get_by_role("link", name="Change my email address").click()
    axe.check()
    page.goto(live_server.url + "/me/")
    axe.check()
    page.get_by_role("link", name="Change my password").click()
    axe.check()
