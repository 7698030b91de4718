"""Participants on their way, at desktop and phone sizes: a full workshop says so before the
form is sent, the message after sending is announced and focused, the manage page offers the
calendars with a place and the way back after cancelling, and a waiting person sees their
number. Every page audited with axe and checked for sideways scrolling."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import WorkshopFactory
from workshops.services import registration as services

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


def checked(page, axe):
    """The page now showing passes axe and, on a phone, does not scroll sideways."""
    axe.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} is {width} px wide on a {viewport} px screen"


def registrant(n: int):
    return services.Registrant(name=f"Person {n}", email=f"person{n}@example.org")


@pytest.mark.parametrize("size", SIZES)
def test_full_workshop_says_so_and_the_answer_is_announced(page, axe, live_server, size):
    page.set_viewport_size(size)
    workshop = WorkshopFactory(title="More United than Divided", capacity=1)
    services.register([workshop], registrant(1))

    page.goto(live_server.url + f"/workshops/{workshop.slug}/")
    checked(page, axe)
    take_part = page.locator("section.take-part")
    expect(take_part.get_by_role("heading", level=2)).to_have_text("Join the waiting list")
    expect(take_part).to_contain_text("Full: you can join the waiting list.")
    expect(page.get_by_role("link", name="Add to Google Calendar")).to_be_visible()
    expect(page.get_by_role("link", name="Add to Outlook")).to_be_visible()
    take_part.get_by_role("link", name=re.compile("^Join the waiting list")).click()

    checked(page, axe)
    expect(page.get_by_text("Full: you can join the waiting list.")).to_be_visible()
    field(page, "Your name").fill("Sarah Salway")
    field(page, "Email address").fill("sarah@example.org")
    page.get_by_label(re.compile("I agree to the privacy notice")).check()
    page.get_by_role("button", name="Join the waiting list").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    status = page.get_by_role("status")
    expect(status).to_contain_text("We have emailed sarah@example.org")
    expect(status).to_be_focused()
    checked(page, axe)


@pytest.mark.parametrize("size", SIZES)
def test_confirmed_person_cancels_and_is_offered_the_way_back(page, axe, live_server, size):
    page.set_viewport_size(size)
    workshop = WorkshopFactory(
        title="Leadership for Equity",
        format="in_person",
        venue_name="Leeds Civic Hall",
        venue_address="Calverley Street\nLeeds LS1 1UR",
        capacity=5,
    )
    [outcome] = services.register([workshop], registrant(1))

    page.goto(live_server.url + f"/registrations/{outcome.registration.token}/")
    checked(page, axe)
    expect(page.get_by_role("link", name="Map and directions")).to_be_visible()
    expect(page.get_by_role("link", name="Add to your calendar (.ics)")).to_be_visible()
    expect(page.get_by_role("link", name="Add to Google Calendar")).to_be_visible()
    page.get_by_role("link", name="Cancel my registration").click()
    checked(page, axe)
    page.get_by_role("button", name="Yes, cancel my registration").click()

    status = page.get_by_role("status")
    expect(status).to_have_text("Your registration is cancelled. We have emailed you.")
    expect(status).to_be_focused()
    checked(page, axe)
    expect(page.get_by_role("link", name=re.compile("Add to"))).to_have_count(0)
    again = page.locator("section", has=page.get_by_role("heading", name="Register again"))
    expect(again).to_contain_text("5 places left out of 5.")
    again.get_by_role("link", name="Register again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for Leadership for Equity")
    checked(page, axe)


@pytest.mark.parametrize("size", SIZES)
def test_waiting_person_sees_their_number_now(page, axe, live_server, size):
    page.set_viewport_size(size)
    workshop = WorkshopFactory(title="Understandings of Inequality", capacity=1)
    services.register([workshop], registrant(1))
    [ahead] = services.register([workshop], registrant(2))
    [mine] = services.register([workshop], registrant(3))
    services.cancel_registration(ahead.registration)

    page.goto(live_server.url + f"/registrations/{mine.registration.token}/")
    checked(page, axe)
    expect(page.get_by_text("On the waiting list, number 1")).to_be_visible()
    expect(page.get_by_text(re.compile("we email you when you get a place"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Add to"))).to_have_count(0)
