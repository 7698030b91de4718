"""Every other workshop page, used as organisers and visitors use them, each audited with axe."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import (
    MaterialFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)
from workshops.models import Material, WorkshopSeries

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_manages_series_speakers_and_materials(page, axe, live_server, sign_in):
    organiser = OrganiserFactory()
    workshop = WorkshopFactory(title="Leadership for Equity", state="draft")
    workshop.organisers.add(organiser)
    OrganisationFactory(name="University of Sheffield")
    speaker = SpeakerFactory(name="Sarah Salway", honorific="Professor", affiliation=None)
    ProgrammeItemFactory(workshop=workshop, chair=speaker, starts_at=time(10), ends_at=time(10, 5))
    sign_in(organiser)

    page.goto(live_server.url + "/organise/workshops/")
    axe.check()
    page.get_by_role("link", name="Series").click()
    axe.check()
    page.get_by_role("link", name="New series").click()
    axe.check()
    field(page, "Title").fill("Achieving equitable public services")
    page.get_by_role("button", name="Save the series").click()
    expect(page.get_by_role("status")).to_contain_text("The series is saved.")
    axe.check()
    assert WorkshopSeries.objects.get().title == "Achieving equitable public services"

    page.goto(live_server.url + "/organise/speakers/")
    axe.check()
    page.get_by_role("link", name="Professor Sarah Salway").click()
    axe.check()
    affiliation = field(page, "Affiliation")
    affiliation.press_sequentially("Sheff")
    suggestion = page.get_by_role("option", name="University of Sheffield")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(affiliation).to_have_value("University of Sheffield")
    field(page, "Short biography").fill("Professor of Public Health.")
    page.get_by_role("button", name="Save the speaker").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: Professor Sarah Salway.")
    axe.check()
    speaker.refresh_from_db()
    assert speaker.affiliation.name == "University of Sheffield"

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/materials/")
    axe.check()
    field(page, "Title").fill("Recording of the plenary")
    field(page, "Kind").select_option(label="Recording")
    field(page, "Link").fill("https://video.example.org/plenary")
    page.get_by_role("button", name="Add it").click()
    expect(page.get_by_role("status")).to_contain_text("Added: Recording of the plenary.")
    axe.check()
    assert Material.objects.get().url == "https://video.example.org/plenary"

    page.get_by_role("link", name="Overview").click()
    axe.check()
    page.get_by_role("link", name="Make a copy on another date").click()
    axe.check()
    field(page, "Date of the copy").fill("2031-06-30")
    page.get_by_role("button", name="Make the copy").click()
    expect(page.get_by_role("status")).to_contain_text("This is the copy, saved as a draft.")
    axe.check()
    page.get_by_role("link", name="Cancel the workshop").click()
    axe.check()
    field(page, "Why is it cancelled? (shown on the workshop page)").fill("Moved to June.")
    page.get_by_role("button", name="Cancel the workshop").click()
    expect(page.get_by_role("status")).to_contain_text("The workshop is cancelled.")
    axe.check()


def test_programme_editor_warns_about_an_overlap(page, axe, live_server, sign_in):
    organiser = OrganiserFactory()
    workshop = WorkshopFactory(title="More United than Divided")
    workshop.organisers.add(organiser)
    ProgrammeItemFactory(
        workshop=workshop, starts_at=time(10, 15), ends_at=time(11, 5), title="Opening"
    )
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/programme/")
    axe.check()
    expect(field(page, "Starts")).to_have_value("11:05")
    field(page, "Starts").fill("11.00")
    field(page, "Ends").fill("11.55")
    field(page, "Title").fill("The Power of Networks")
    page.get_by_role("button", name="Add the item").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("This item overlaps 10:15–11:05 Opening.")
    axe.check()
    page.get_by_label("Keep the overlap: save this item as it is").check()
    page.get_by_role("button", name="Add the item").click()
    expect(page.get_by_role("status")).to_contain_text("Saved: 11:00 The Power of Networks.")
    axe.check()
    page.get_by_role("link", name="Edit The Power of Networks").click()
    axe.check()


def test_visitor_filters_workshops_and_reads_downloads(page, axe, live_server):
    network = NetworkFactory(name="Leeds Equality Network")
    series = WorkshopSeriesFactory(title="Achieving equitable public services")
    online = WorkshopFactory(title="Understandings of Inequality", series=series)
    online.networks.add(network)
    WorkshopFactory(title="More United than Divided", format="in_person", venue_name="Leeds")
    MaterialFactory(workshop=online, title="Opening presentation")
    cancelled = WorkshopFactory(title="Leadership for Equity", state="cancelled")

    page.goto(live_server.url + "/workshops/")
    axe.check()
    field(page, "Format").select_option(label="In person")
    page.get_by_role("button", name="Show workshops").click()
    axe.check()
    expect(page.get_by_role("article")).to_have_count(1)
    expect(page.get_by_role("article")).to_contain_text("More United than Divided")
    page.goto(live_server.url + "/workshops/?network=leeds-equality-network")
    axe.check()
    expect(page.get_by_role("article")).to_have_text(re.compile("Understandings of Inequality"))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Downloads").click()
    axe.check()
    expect(page.get_by_role("link", name="Opening presentation")).to_be_visible()

    page.goto(live_server.url + f"/workshops/{cancelled.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancelled: Leadership for Equity")
    axe.check()
