"""Workshops in the browser: an organiser schedules one from a pasted programme, and a
visitor finds it, reads its programme and takes it into their calendar."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import PASSWORD, OrganiserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEED_PROGRAMME = (
    "10:00\tWelcome Chair: Professor Sarah Salway University of Sheffield Introduction to the "
    "platform – Arkadiusz Zadka\n"
    "10.05\tUnderstandings of Inequality: what does the existing research tell us? Ghazala Mir "
    "and Morgan Campbell University of Leeds\n"
    "10:20\tQ & A plus chat feedback\n"
    '10:30\tWendy Bottero: "Why do people so often put up with inequality - and how can it help '
    "us to understand why they sometimes don't?\"  Q & A plus feedback (chat)\n"
    "11.00\tBREAK\n"
    "11:10\t<ul> <li>[with chat recorded] facilitators from each network to explore research "
    "questions and organisations interested in collaboration:</li> <li>Challenges and good "
    "practice - what works and what prevents implementation of good practice? Potential research "
    "questions</li> </ul>\n"
    "12:00\tRecommendations, feedback, from facilitators for each group and next steps\n"
    "12.30\tFinish\n"
)


def test_organiser_schedules_a_workshop_and_a_visitor_finds_it(page, axe, live_server):
    OrganiserFactory(email="sarah@example.org")
    day = timezone.localdate() + timedelta(days=40)

    # The organiser signs in and creates the workshop.
    page.goto(live_server.url + "/accounts/login/")
    axe.check()
    field(page, "Email").fill("sarah@example.org")
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    axe.check()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organise").click()
    axe.check()
    page.get_by_role("link", name="New workshop").click()
    axe.check()
    field(page, "Title").fill("Understandings of Inequality")
    field(page, "Theme").fill("Workshop 1: Understanding Inequalities")
    field(page, "Date").fill(day.isoformat())
    field(page, "Starts at (London time)").fill("10:00")
    field(page, "Ends at (London time)").fill("12.30")
    field(page, "Format").select_option(label="Online")
    field(page, "Online joining link").fill("https://meet.example.org/private-room")
    field(page, "Key questions").fill("How should we define inequality?")
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_role("status")).to_contain_text("saved as a draft")
    axe.check()

    # They paste the programme from their document, correct one item, and save.
    page.get_by_role("link", name="Paste a programme from a document").click()
    axe.check()
    field(page, "Programme text").fill(SEED_PROGRAMME)
    page.get_by_role("button", name="Preview the items").click()
    expect(page.get_by_role("heading", name="Check 8 items before saving")).to_be_visible()
    axe.check()
    second = page.get_by_role("group", name=re.compile(r"^Item 2\b"))
    second.get_by_label(re.compile(r"^\s*Title")).fill("What does the existing research tell us?")
    page.get_by_role("button", name="Save these items").first.click()
    expect(page.get_by_role("status")).to_contain_text("8 programme items are saved.")
    axe.check()
    # The speakers the paste found are shown under the title.
    expect(
        page.get_by_role("cell", name=re.compile(r"^What does the existing research tell us\?"))
    ).to_contain_text("Speakers: Ghazala Mir (University of Leeds); Morgan Campbell")

    # They publish it.
    page.get_by_role("link", name="Overview").click()
    axe.check()
    page.get_by_role("button", name="Publish the workshop").click()
    expect(page.get_by_role("status")).to_contain_text("The workshop is published")
    axe.check()
    page.get_by_role("button", name="Sign out").click()
    axe.check()

    # A visitor finds it, reads the programme and downloads the calendar file.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    axe.check()
    page.get_by_role("link", name="Understandings of Inequality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Understandings of Inequality")
    axe.check()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(9)  # the header and 8 items
    expect(rows.nth(1)).to_contain_text("10:00–10:05")
    expect(rows.nth(1)).to_contain_text("Chair: Professor Sarah Salway (University of Sheffield)")
    expect(rows.nth(2)).to_contain_text("What does the existing research tell us?")
    expect(rows.nth(5)).to_contain_text("11:00–11:10")
    expect(page.get_by_text("meet.example.org/private-room")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Understandings of Inequality"
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute, str(start.tzinfo)) == (
        day,
        10,
        0,
        "Europe/London",
    )
    assert b"private-room" not in content
