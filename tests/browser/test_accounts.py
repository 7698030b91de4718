"""Accounts in the browser: sign up, verify, sign in and out, reset a password, sign in by code,
edit a profile. Emails are read from a real SMTP server on 127.0.0.1."""

import re

import pytest
from playwright.sync_api import expect

from networks.models import User
from tests.browser.conftest import field
from tests.factories import NetworkFactory, UserFactory
from tests.networks.test_account_wording import AMERICAN, FORBIDDEN

pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://\S+")


def link_in(mailbox, message):
    return LINK.search(mailbox.text(message)).group(0)


def in_plain_words(page):
    """The page (its title and main part) has none of allauth's default wording."""
    text = page.title() + " " + page.locator("main").inner_text()
    assert [words for words in FORBIDDEN if words in text] == []
    assert AMERICAN.findall(text) == []


def test_sign_up_verify_sign_out_and_sign_in(page, axe, live_server, smtp_server, settings):
    settings.PORTAL_URL = live_server.url
    page.goto(live_server.url + "/")
    axe.check()
    page.get_by_role("link", name="Create an account").click()
    axe.check()

    field(page, "Your name").fill("Wendy Bottero")
    field(page, "Email").fill("wendy@example.org")
    field(page, "Password").fill("a-sense-of-inequality")
    field(page, "Password (again)").fill("a-sense-of-inequality")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("status")).to_have_text(
        "We have sent an email to wendy@example.org. Open the link in it to confirm the address."
    )
    axe.check()
    in_plain_words(page)

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "wendy@example.org"
    assert message["Subject"] == "Confirm your email address for Partnerships for Social Justice"
    page.goto(link_in(smtp_server, message))
    axe.check()
    in_plain_words(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My page: Wendy Bottero")
    axe.check()

    page.get_by_role("button", name="Sign out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    axe.check()

    nav.get_by_role("link", name="Sign in").click()
    axe.check()
    in_plain_words(page)
    field(page, "Email").fill("wendy@example.org")
    field(page, "Password").fill("a-sense-of-inequality")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My page: Wendy Bottero")
    axe.check()


def test_sign_in_with_wrong_password_shows_error_summary(page, axe, live_server):
    UserFactory(email="morgan@example.org")
    page.goto(live_server.url + "/accounts/login/")
    axe.check()
    field(page, "Email").fill("morgan@example.org")
    field(page, "Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in", exact=True).click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The email address or the password is not right.")
    expect(summary).to_be_focused()
    expect(field(page, "Email")).to_have_value("morgan@example.org")
    axe.check()


def test_password_reset_by_email_link(page, axe, live_server, smtp_server, settings):
    settings.PORTAL_URL = live_server.url
    UserFactory(email="ghazala@example.org")
    page.goto(live_server.url + "/accounts/login/")
    axe.check()
    page.get_by_role("link", name="Forgotten your password?").click()
    axe.check()
    in_plain_words(page)
    field(page, "Email").fill("ghazala@example.org")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe.check()
    in_plain_words(page)

    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Reset your password for Partnerships for Social Justice"
    page.goto(link_in(smtp_server, message))
    axe.check()
    in_plain_words(page)
    field(page, "New password").fill("equitable-services-2026")
    field(page, "New password (again)").fill("equitable-services-2026")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is changed")
    axe.check()
    in_plain_words(page)

    page.goto(live_server.url + "/accounts/login/")
    axe.check()
    field(page, "Email").fill("ghazala@example.org")
    field(page, "Password").fill("equitable-services-2026")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My page:")
    axe.check()


def test_sign_in_by_code_from_email(page, axe, live_server, smtp_server):
    UserFactory(email="arkadiusz@example.org", display_name="Arkadiusz")
    page.goto(live_server.url + "/accounts/login/")
    axe.check()
    page.get_by_role("link", name="Send me a sign-in code").click()
    axe.check()
    in_plain_words(page)
    field(page, "Email").fill("arkadiusz@example.org")
    page.get_by_role("button", name="Email me a code").click()

    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Your sign-in code for Partnerships for Social Justice"
    code = re.search(r"Your sign-in code is:\s+(\S+)", smtp_server.text(message)).group(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Type your sign-in code")
    axe.check()
    in_plain_words(page)
    field(page, "Code").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My page: Arkadiusz")
    axe.check()


def test_edit_profile_with_a_mistake_then_save(page, axe, live_server, sign_in):
    network = NetworkFactory(name="Leeds Equality Network")
    user = UserFactory(display_name="Daniel")
    # Networks are joined on their own pages: the profile lists them with a link to each.
    user.memberships.create(network=network)
    sign_in(user)
    page.goto(live_server.url + "/me/")
    axe.check()
    page.get_by_role("link", name="Edit my profile").click()
    axe.check()

    field(page, "Name").fill("")
    field(page, "Job title").fill("Lecturer")
    field(page, "Sector").select_option(label="Academic")
    expect(page.get_by_role("link", name="Leeds Equality Network")).to_be_visible()
    field(page, "Access needs").fill("Slides in advance, please")
    page.get_by_role("button", name="Save my profile").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    axe.check()
    summary.get_by_role("link", name=re.compile("Name")).click()
    expect(field(page, "Name")).to_be_focused()
    expect(field(page, "Job title")).to_have_value("Lecturer")
    expect(field(page, "Access needs")).to_have_value("Slides in advance, please")

    field(page, "Name").fill("Dr Daniel Edmiston")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("My page: Dr Daniel Edmiston")
    axe.check()
    user.refresh_from_db()
    assert list(user.networks.values_list("name", flat=True)) == ["Leeds Equality Network"]
    assert User.objects.get(pk=user.pk).access_needs == "Slides in advance, please"


def test_keyboard_user_can_skip_to_main_content(page, axe, live_server):
    page.goto(live_server.url + "/networks/")
    axe.check()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


PHONE = {"width": 390, "height": 844}


def test_own_account_pages_on_a_phone(page, axe, live_server, sign_in):
    sign_in(UserFactory(display_name="Daniel"))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/me/")
    axe.check()
    page.get_by_role("link", name="Change my email address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your email addresses")
    axe.check()
    in_plain_words(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    field(page, "Email").fill("daniel@work.example.org")
    page.get_by_role("button", name="Add this address").click()
    expect(page.get_by_role("status")).to_contain_text(
        "We have sent an email to daniel@work.example.org."
    )
    expect(page.get_by_text("daniel@work.example.org (not confirmed yet)")).to_be_visible()
    axe.check()
    in_plain_words(page)

    page.goto(live_server.url + "/me/")
    axe.check()
    page.get_by_role("link", name="Change my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    axe.check()
    in_plain_words(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
