"""An organiser pastes the in-person programme (seed 002) on a phone and on a desktop: the
preview puts speakers and chairs in their fields, says which speaker already in the portal a
line is saved as, numbers the lines it read, fits the screen, and saves from the top or the
bottom. Every page is audited with axe; nothing scrolls sideways at 390 px."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import OrganisationFactory, SpeakerFactory, UserFactory, WorkshopFactory
from workshops.models import Speaker

pytestmark = pytest.mark.django_db(transaction=True)

SEED_002 = (Path(__file__).parent.parent / "workshops/programmes/seed_002.txt").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def fits(page, width):
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    assert scrolled <= width, f"{page.url} is {scrolled} px wide on a {width} px screen"


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_organiser_pastes_a_programme_checks_the_people_and_saves(
    page, axe, live_server, sign_in, screen
):
    page.set_viewport_size(screen)
    organiser = UserFactory()
    workshop = WorkshopFactory(
        title="More United than Divided",
        state="draft",
        starts_at=datetime(2030, 11, 19, 9, 30, tzinfo=ZoneInfo("Europe/London")),
        ends_at=datetime(2030, 11, 19, 16, 0, tzinfo=ZoneInfo("Europe/London")),
    )
    workshop.organisers.add(organiser)
    known = SpeakerFactory(
        honorific="Dr",
        name="Ghazala Mir",
        affiliation=OrganisationFactory(name="Leeds Institute of Health Sciences"),
    )
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/programme/")
    axe.check()
    page.get_by_role("link", name="Paste a programme from a document").click()
    axe.check()
    fits(page, screen["width"])
    field(page, "Programme text").fill(SEED_002.replace("Dr Ghazala Mir", "Ghazala Mir"))
    page.get_by_role("button", name="Preview the items").click()
    expect(page.get_by_role("heading", name="Check 10 items before saving")).to_be_visible()
    axe.check()
    fits(page, screen["width"])

    # The people are in their fields, and the merge with a known speaker is said.
    welcome = page.get_by_role("group", name="Item 2", exact=True)
    expect(welcome.get_by_label("Title")).to_have_value("Welcome and Introduction")
    expect(welcome.get_by_label("Speakers")).to_have_value(
        "Professor Adam Crawford (Director, Leeds Social Sciences Institute)\n"
        "Ghazala Mir (Leeds Institute of Health Sciences)"
    )
    expect(welcome).to_contain_text(
        "“Ghazala Mir (Leeds Institute of Health Sciences)”: matched to the speaker Dr Ghazala "
        "Mir (Leeds Institute of Health Sciences), already in the list of speakers."
    )
    groups = page.get_by_role("group", name="Item 8", exact=True)
    expect(groups.get_by_label("Chair")).to_have_value(
        "Professor Gary Dymski (Leeds University Business School)"
    )

    # Ten items in about two screens on a desktop.
    if screen is DESKTOP:
        items = page.locator("fieldset.pasted-item")
        top = items.first.bounding_box()["y"]
        last = items.last.bounding_box()
        height = last["y"] + last["height"] - top
        assert height <= 2.1 * screen["height"]

    # Each item says, and on request shows, the numbered lines it was read from.
    opening = page.get_by_role("group", name="Item 3", exact=True)
    opening.get_by_text("From lines 7 to 9").click()
    expect(opening.locator("ol.source-lines li")).to_have_count(2)
    expect(opening.locator("ol.source-lines li").nth(1)).to_contain_text(
        "Leeds Poverty Truth Commission"
    )
    fits(page, screen["width"])

    # Save at the top and at the bottom.
    saves = page.get_by_role("button", name="Save these items")
    expect(saves).to_have_count(2)

    # Leave the registration out, with the tick box labelled beside it, and save from the top.
    page.get_by_label("Include item 1", exact=True).uncheck()
    saves.first.click()
    expect(page.get_by_role("status")).to_contain_text("9 programme items are saved.")
    axe.check()
    fits(page, screen["width"])
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.filter(has_text="Welcome and Introduction")).to_contain_text(
        "Speakers: Professor Adam Crawford (Director, Leeds Social Sciences Institute); "
        "Dr Ghazala Mir (Leeds Institute of Health Sciences)"
    )
    assert Speaker.objects.filter(name="Ghazala Mir").get() == known


def test_organiser_saves_from_the_bottom_on_a_phone(page, axe, live_server, sign_in):
    page.set_viewport_size(PHONE)
    organiser = UserFactory()
    workshop = WorkshopFactory(state="draft")
    workshop.organisers.add(organiser)
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/programme/paste/")
    axe.check()
    field(page, "Programme text").fill(
        "10:00 Welcome Chair: Professor Sarah Salway University of Sheffield\n"
        "10.30 – 11.00 Recommendations and Feedback – Cllr Jane Smith (Leeds City Council)\n"
    )
    page.get_by_role("button", name="Preview the items").click()
    axe.check()
    fits(page, PHONE["width"])
    second = page.get_by_role("group", name="Item 2", exact=True)
    expect(second.get_by_label("Speakers")).to_have_value("Cllr Jane Smith (Leeds City Council)")
    second.get_by_label(re.compile(r"^\s*Title")).fill("Feedback from the groups")
    page.get_by_role("button", name="Save these items").last.click()
    expect(page.get_by_role("status")).to_contain_text("2 programme items are saved.")
    axe.check()
    fits(page, PHONE["width"])
    expect(page.get_by_role("cell", name=re.compile("^Feedback from the groups"))).to_contain_text(
        "Cllr Jane Smith (Leeds City Council)"
    )
