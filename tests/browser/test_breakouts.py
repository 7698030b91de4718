"""A facilitator's morning in the browser, on a phone-sized screen: they open their group,
type notes and two recommendations, lose the connection, type more, come back online and find
everything saved after a reload; a second facilitator's save is never overwritten; they mark
the group ready and the plenary screen shows it. Every page is audited with axe and must fit a
390 px wide screen."""

import re

import pytest
from playwright.sync_api import expect

from breakouts.models import Recommendation, Revision, Section
from tests.factories import (
    BreakoutItemFactory,
    FacilitatorFactory,
    GroupFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SAVED = re.compile(r"^Saved \d\d:\d\d$")


def fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 390 px screen"


@pytest.fixture
def group(db):
    return GroupFactory(facilitators=[FacilitatorFactory(email="kiran@example.org")])


def test_nothing_typed_is_lost_offline_and_the_plenary_shows_the_group(
    page, live_server, axe, sign_in, group
):
    page.set_viewport_size(PHONE)
    sign_in(group.facilitators.get())
    page.goto(f"{live_server.url}/breakouts/{group.pk}/")
    axe.check()
    fits(page)
    status = page.locator("#save-status")

    page.locator("#id_section-notes_text").fill("Introductions, then what works locally.")
    expect(status).to_have_text(SAVED)
    first = page.locator("#new-recommendation textarea[name=text]")
    first.fill("Co-produce letters with the people who receive them")
    expect(status).to_have_text(SAVED)
    # Once the first is saved, a fresh form waits for the next one.
    second = page.locator("[data-list=recommendation] form.record-part-new textarea[name=text]")
    expect(second).to_have_count(1)
    second.fill("Fund interpreters for every appointment")
    expect(status).to_have_text(SAVED)
    assert Recommendation.objects.filter(group=group).count() == 2

    page.context.set_offline(True)
    page.locator("#id_section-notes_text").fill(
        "Introductions, then what works locally. Typed while offline."
    )
    expect(status).to_contain_text("offline")
    assert Section.objects.get(group=group).text == "Introductions, then what works locally."
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text(SAVED)
    # The queue went once: one more version of the notes, not one per retry.
    assert Revision.objects.filter(group=group, part="section:notes").count() == 2

    page.reload()
    axe.check()
    expect(page.locator("#id_section-notes_text")).to_have_value(
        "Introductions, then what works locally. Typed while offline."
    )
    expect(page.get_by_text("Fund interpreters for every appointment")).to_have_count(1)

    page.get_by_role("button", name="Mark the group ready").click()
    axe.check()
    fits(page)
    page.get_by_role("link", name="Open the plenary screen").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", name=group.name)).to_be_visible()
    expect(page.get_by_text("Co-produce letters with the people who receive them")).to_be_visible()


def test_two_facilitators_at_once_see_both_texts_instead_of_overwriting(
    page, live_server, axe, sign_in, group
):
    page.set_viewport_size(PHONE)
    sign_in(group.facilitators.get())
    page.goto(f"{live_server.url}/breakouts/{group.pk}/")
    axe.check()
    other = page.context.new_page()
    other.goto(f"{live_server.url}/breakouts/{group.pk}/")
    other.locator("#id_section-chat_text").fill("Chat: people asked about easy read.")
    expect(other.locator("#save-status")).to_have_text(SAVED)
    other.close()

    page.locator("#id_section-chat_text").fill("Chat: captions were asked for twice.")
    conflict = page.locator("#section-chat .conflict")
    expect(conflict).to_contain_text("Chat: people asked about easy read.")
    expect(conflict).to_contain_text("Chat: captions were asked for twice.")
    axe.check()
    assert Section.objects.get(group=group, kind="chat").text == (
        "Chat: people asked about easy read."
    )
    merged = "Chat: people asked about easy read. Captions were asked for twice."
    page.locator("#id_section-chat_text").fill(merged)
    page.locator("#section-chat").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert Section.objects.get(group=group, kind="chat").text == merged


def test_an_organiser_sets_up_a_group_and_a_participant_chooses_it(
    page, live_server, axe, sign_in, organiser
):
    page.set_viewport_size(PHONE)
    item = BreakoutItemFactory()
    UserFactory(email="chair@example.org", display_name="Jo Chair")
    registration = RegistrationFactory(workshop=item.workshop, access_requirements="Captions")
    sign_in(organiser)
    page.goto(f"{live_server.url}/organise/workshops/{item.workshop.slug}/")
    axe.check()
    page.get_by_role("link", name="Breakout groups").click()
    axe.check()
    fits(page)
    page.get_by_text("Start a group from one of our usual questions").click()
    page.get_by_role("link", name="Promoting Action").click()
    axe.check()
    fits(page)
    page.get_by_label("Facilitators").fill("chair@example.org")
    page.get_by_label("Participants may choose this group").check()
    page.get_by_role("button", name="Save the group").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("row").filter(has_text="Promoting Action")).to_contain_text("Jo Chair")

    page.goto(f"{live_server.url}/registrations/{registration.token}/")
    axe.check()
    fits(page)
    page.get_by_label("Promoting Action").check()
    page.get_by_role("button", name="Join this group").click()
    axe.check()
    expect(
        page.get_by_role("paragraph").filter(has_text="You are in the group “Promoting Action”.")
    ).to_be_visible()

    page.goto(f"{live_server.url}/organise/workshops/{item.workshop.slug}/breakouts/")
    axe.check()
    row = page.get_by_role("row").filter(has_text="Promoting Action")
    expect(row).to_contain_text("1 person")
    expect(row).to_contain_text("1 with access requirements")
    row.get_by_role("link", name="People").click()
    axe.check()
    fits(page)
    expect(page.get_by_text("Captions")).to_be_visible()
