"""An organiser writes to a workshop's confirmed participants in the browser: preview, send,
see it listed with its delivery state; the email arrives."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import UserFactory, WorkshopFactory
from workshops.models import OrganiserMessage, Registration

pytestmark = pytest.mark.django_db(transaction=True)


def registration(workshop, name, email, status):
    return Registration.objects.create(
        workshop=workshop,
        name=name,
        email=email,
        email_normalised=email,
        consented_at=timezone.now(),
        status=status,
    )


def test_organiser_messages_confirmed_participants(
    page, axe, live_server, sign_in, smtp_server, settings
):
    settings.PORTAL_URL = live_server.url
    organiser = UserFactory()
    workshop = WorkshopFactory(title="Understandings of Inequality")
    workshop.organisers.add(organiser)
    registration(workshop, "Amina Khan", "amina@example.org", "confirmed")
    registration(workshop, "Sarah Salway", "sarah@example.org", "waiting")
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/messages/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Messages: Understandings of Inequality"
    )
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    axe.check()

    # Nothing typed: the error summary names what is missing.
    page.get_by_role("button", name="Preview the email").click()
    expect(page.get_by_role("alert")).to_contain_text("Subject: This field is required.")
    axe.check()

    page.get_by_label("Everyone with a confirmed place").check()
    expect(page.get_by_label("Start the email with “Dear” and each person's name")).to_be_checked()
    field(page, "Subject").fill("The room has changed")
    field(page, "Message").fill(
        "We meet in room 2.14, on the second floor. The lift is on the left."
    )
    page.get_by_role("button", name="Preview the email").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_contain_text("This email goes to 1 person.")
    expect(preview).to_contain_text("The room has changed")
    expect(preview).to_contain_text("Dear [their name],")
    expect(preview).to_contain_text("We meet in room 2.14, on the second floor.")
    axe.check()
    assert OrganiserMessage.objects.count() == 0

    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your message “The room has changed” is on its way."
    )
    row = page.get_by_role("row").filter(has_text="The room has changed")
    expect(row).to_contain_text("Everyone with a confirmed place")
    expect(row).to_contain_text("0 queued, 1 sent, 0 failed")
    axe.check()

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "The room has changed"
    text = smtp_server.text(message)
    assert text.splitlines()[:3] == [
        "Dear Amina Khan,",
        "",
        "We meet in room 2.14, on the second floor. The lift is on the left.",
    ]

    row.get_by_role("link", name="The room has changed").click()
    expect(page.get_by_role("row").filter(has_text="amina@example.org")).to_contain_text("Sent")
    axe.check()


def test_organiser_sends_the_follow_up_once(page, axe, live_server, sign_in, smtp_server):
    organiser = UserFactory()
    starts = timezone.now() - timedelta(days=1)
    workshop = WorkshopFactory(
        title="Leadership for Equity", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    workshop.organisers.add(organiser)
    came = registration(workshop, "Amina Khan", "amina@example.org", "confirmed")
    came.attended_at = timezone.now()
    came.save()
    registration(workshop, "Sarah Salway", "sarah@example.org", "confirmed")
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/follow-up/")
    axe.check()
    page.get_by_label("Everyone marked as attended").check()
    field(page, "Your own message (optional)").fill("The recording follows next week.")
    page.get_by_role("button", name="Preview the email").click()
    expect(page.get_by_role("region", name="Preview")).to_contain_text(
        "Thank you for taking part: Leadership for Equity"
    )
    axe.check()
    page.get_by_role("button", name="Send the follow-up").click()
    expect(page.get_by_role("status")).to_contain_text("The follow-up is on its way to 1 person.")
    expect(page.get_by_text("It is sent only once.")).to_be_visible()
    # What is left to send is the second follow-up, "New materials", to the same people.
    expect(page.get_by_role("heading", name="New materials")).to_be_visible()
    expect(page.get_by_label("Everyone marked as attended")).to_have_count(0)
    axe.check()

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "amina@example.org"
    assert message["Subject"] == "Thank you for taking part: Leadership for Equity"
