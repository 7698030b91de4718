"""A guest registers in the browser, gets the email, manages and cancels; the waiting list moves."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import NetworkFactory, WorkshopFactory
from workshops.models import Registration
from workshops.services import registration as services

pytestmark = pytest.mark.django_db(transaction=True)


def test_guest_registers_manages_and_cancels_and_the_next_person_gets_the_place(
    page, axe, live_server, smtp_server, settings
):
    settings.PORTAL_URL = live_server.url
    workshop = WorkshopFactory(title="Understandings of Inequality", format="online", capacity=1)

    page.goto(live_server.url + f"/workshops/{workshop.slug}/")
    axe.check()
    page.get_by_role("link", name=re.compile("^Register for your place")).click()
    axe.check()
    field(page, "Your name").fill("Morgan Campbell")
    field(page, "Email address").fill("morgan@example.org")
    field(page, "Access requirements (optional)").fill("Live captions, please")
    page.get_by_role("link", name=re.compile("Read the privacy notice")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    axe.check()
    page.go_back()
    axe.check()
    expect(field(page, "Your name")).to_have_value("Morgan Campbell")
    page.get_by_role("button", name="Register").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Please agree to the privacy notice to register.")
    axe.check()
    page.get_by_label(re.compile("I agree to the privacy notice")).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("status")).to_contain_text("whether you have a place or a place")
    expect(page.get_by_role("status")).to_be_focused()
    axe.check()

    # Someone else registers and waits.
    services.register(
        [workshop], services.Registrant(name="Sarah Salway", email="sarah@example.org")
    )

    [confirmation, _waiting] = smtp_server.wait_for(2)
    assert confirmation["To"] == "morgan@example.org"
    assert confirmation["Subject"] == "Your place is confirmed: Understandings of Inequality"
    text = smtp_server.text(confirmation)
    assert "https://meet.example.org/join/secret-room-123" in text
    [attachment] = list(confirmation.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"

    manage_link = re.search(r"http\S+/registrations/\S+/", text).group(0)
    page.goto(manage_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your registration for Understandings of Inequality"
    )
    expect(page.get_by_text("Live captions, please")).to_be_visible()
    axe.check()
    page.get_by_role("link", name="Cancel my registration").click()
    axe.check()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_role("status")).to_contain_text("Your registration is cancelled.")
    axe.check()

    promoted = smtp_server.wait_for(4)
    assert sorted((m["To"], m["Subject"].split(":")[0]) for m in promoted[2:]) == [
        ("morgan@example.org", "Your registration is cancelled"),
        ("sarah@example.org", "A place is now yours"),
    ]
    assert Registration.objects.get(email="sarah@example.org").status == "confirmed"


def test_networks_ticked_and_typed_with_suggestions_chosen_by_keyboard(page, axe, live_server):
    leeds = NetworkFactory(name="Leeds Equality Network")
    workshop = WorkshopFactory(title="Leadership for Equity", format="online")
    workshop.networks.add(leeds)
    NetworkFactory(name="Race, Faith and Belief Network")
    NetworkFactory(name="Race Equality Forum")
    NetworkFactory(name="Bradford Inclusion Forum")

    page.goto(live_server.url + f"/workshops/{workshop.slug}/register/")
    axe.check()
    # The workshop's own network is a box; the rest of the directory is typed.
    page.get_by_label("Leeds Equality Network").check()
    expect(page.get_by_label("Race Equality Forum")).to_have_count(0)
    box = field(page, "Other networks you belong to (optional)")
    box.press_sequentially("Bradford", delay=30)
    suggestions = page.get_by_role("listbox", name=re.compile("^Suggestions: Other networks"))
    expect(suggestions.get_by_role("option")).to_have_text(["Bradford Inclusion Forum"])
    axe.check()  # the open list too
    box.press("ArrowDown")
    box.press("Enter")  # picks it; does not send the form
    expect(box).to_have_value("Bradford Inclusion Forum")

    # A second name after a comma: only it is replaced, though the name holds a comma itself.
    box.press_sequentially(", Race, Fa", delay=30)
    expect(suggestions.get_by_role("option")).to_have_text(["Race, Faith and Belief Network"])
    box.press("ArrowDown")
    box.press("Enter")
    expect(box).to_have_value("Bradford Inclusion Forum, Race, Faith and Belief Network")

    field(page, "Your name").fill("Ghazala Mir")
    field(page, "Email address").fill("ghazala@example.org")
    page.get_by_label(re.compile("I agree to the privacy notice")).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe.check()
    registration = Registration.objects.get(email="ghazala@example.org")
    assert sorted(registration.networks.values_list("name", flat=True)) == [
        "Bradford Inclusion Forum",
        "Leeds Equality Network",
        "Race, Faith and Belief Network",
    ]
