"""The coverage map on a phone, with the keyboard only, and an organiser's stakeholder list;
every page audited with axe."""

import pytest
from playwright.sync_api import expect

from networks.models import Stakeholder
from tests.browser.conftest import field
from tests.factories import OrganiserFactory, StakeholderFactory, StakeholderListFactory
from tests.networks.coverage_data import YORKSHIRE, build, replace_groups

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def tab_to(page, selector: str, *, limit: int = 80):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector}")


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_visitor_finds_who_is_missing_with_the_keyboard(page, axe, live_server):
    groups = replace_groups()
    build(groups)
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/networks/coverage/")
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coverage map: who is missing")

    # Two groups at once, a region and a town, then show the map: Tab, Space and Enter only.
    tab_to(page, "#group-disability")
    page.keyboard.press("Space")
    tab_to(page, "#group-migrant-status")
    page.keyboard.press("Space")
    tab_to(page, "#coverage-region")
    page.keyboard.type("Yorkshire")
    tab_to(page, "#coverage-city")
    page.keyboard.type("Leeds")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/networks/coverage/?*")
    axe.check()
    fits(page)

    assert "groups=disability&groups=migrant-status" in page.url
    assert "city=Leeds" in page.url
    expect(page.locator("#coverage-region")).to_have_value(YORKSHIRE)
    summary = page.get_by_role("region", name="Who is missing in Leeds")
    expect(summary).to_contain_text(
        "Two networks in Leeds cover Disability and Migrant status together: Equal England "
        "and Leeds Equality Network."
    )
    expect(summary).to_contain_text("No network in Leeds covers Age and Race and ethnicity.")
    expect(summary).to_contain_text("Age: one network covers it in other places: Scottish Network.")

    table = page.get_by_role("table", name="Organisations serving each equality group, by network")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Equality group", "Any organisation", "Equal England", "Leeds Equality Network"]
    )
    together = table.get_by_role("row", name="All at once: Disability + Migrant status")
    expect(together.get_by_role("cell")).to_have_text(["1", "1", "Gap"])
    expect(table.get_by_role("row", name="Race and ethnicity").get_by_role("cell")).to_have_text(
        ["No one", "Gap", "Gap"]
    )
    # The wide table scrolls in its own region, which the keyboard reaches.
    tab_to(page, "[role=region][tabindex='0']")
    expect(
        page.get_by_role("region", name="Organisations serving each equality group")
    ).to_be_focused()
    expect(page.get_by_role("link", name="Download the map as a CSV file")).to_have_attribute(
        "href",
        "/networks/coverage.csv?groups=disability&groups=migrant-status&region="
        "Yorkshire+and+the+Humber&city=Leeds",
    )


def test_an_organiser_fills_a_gap_on_a_stakeholder_list(page, axe, live_server, sign_in):
    groups = replace_groups()
    made = build(groups)
    organisers = StakeholderListFactory(
        title="Open conversation", region=YORKSHIRE, equality_groups=[groups["D"], groups["M"]]
    )
    StakeholderFactory(
        stakeholder_list=organisers, organisation=made["organisations"]["Leeds Disability Forum"]
    )
    sign_in(OrganiserFactory())
    page.set_viewport_size(PHONE)

    page.goto(live_server.url + "/networks/stakeholders/")
    axe.check()
    fits(page)
    page.get_by_role("link", name="New stakeholder list").click()
    axe.check()
    field(page, "Title").fill("Who we invite in Scotland")
    field(page, "Region (optional)").fill("Scotland")
    page.get_by_label("Age").check()
    page.get_by_role("button", name="Save the list").click()
    expect(page.get_by_role("status")).to_contain_text("The list is saved.")
    axe.check()
    fits(page)

    page.goto(live_server.url + f"/networks/stakeholders/{organisers.slug}/")
    axe.check()
    fits(page)
    lacks = page.get_by_role("region", name="What the list still lacks")
    expect(lacks).to_contain_text("The list lacks 4 groups or intersections")
    page.get_by_role("button", name="Add Disabled Migrants Leeds").first.click()
    expect(page.get_by_role("status")).to_contain_text("Disabled Migrants Leeds is on the list.")
    axe.check()
    expect(lacks).to_contain_text("The list lacks 2 groups or intersections")

    entry = Stakeholder.objects.get(organisation__name="Disabled Migrants Leeds")
    page.locator(f"#state-{entry.pk}").select_option(label="Invited, no answer yet")
    page.locator(f"#note-{entry.pk}").fill("Emailed on Monday.")
    page.get_by_role("button", name="Save Disabled Migrants Leeds").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Disabled Migrants Leeds: Invited, no answer yet."
    )
    axe.check()
    entry.refresh_from_db()
    assert (entry.state, entry.note) == ("invited", "Emailed on Monday.")

    field(page, "Organisation name").fill("york carers")
    page.get_by_role("button", name="Add to the list").click()
    expect(page.get_by_role("status")).to_contain_text("York Carers is on the list.")
    axe.check()

    page.get_by_role("link", name="Edit the list").click()
    axe.check()
    fits(page)
    field(page, "Title").fill("Open conversation in Leeds")
    page.get_by_role("button", name="Save the list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open conversation in Leeds")
    axe.check()
