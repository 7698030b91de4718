"""After the plenary, in the browser on a phone-sized screen: an organiser writes the report's
summary and opens the draft to the attendees, an attendee suggests a correction, the organiser
accepts it and publishes, and a visitor finds the report from the workshop's page. Every page
is audited with axe and must fit a 390 px wide screen."""

import pytest
from playwright.sync_api import expect

from breakouts.models import Correction, Recommendation, Report
from tests.factories import (
    GroupFactory,
    NetworkFactory,
    RecommendationFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    london,
)

from .test_breakouts import PHONE, fits

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_takes_corrections_publishes_and_a_visitor_reads_the_report(
    page, live_server, axe, sign_in, organiser
):
    workshop = WorkshopFactory(title="Understandings of Inequality", starts_at=london(days=-3))
    workshop.organisers.add(organiser)
    group = GroupFactory(item__workshop=workshop, name="Promoting Action")
    network = NetworkFactory(name="Leeds Equality Network")
    owner = UserFactory(email="coordinator@example.org", display_name="Chidi")
    network.coordinators.add(owner)
    RecommendationFactory(
        group=group,
        text="Co-produce letters with the people who get them",
        owner_network=network,
    )
    attendee = UserFactory(email="amina@example.org", display_name="Amina")
    RegistrationFactory(workshop=workshop, person=attendee, email=attendee.email)
    page.set_viewport_size(PHONE)

    sign_in(organiser)
    page.goto(f"{live_server.url}/organise/workshops/{workshop.slug}/")
    axe.check()
    page.get_by_role("link", name="Report", exact=True).click()
    axe.check()
    fits(page)
    page.get_by_role("textbox", name="Summary").fill(
        "The groups agreed services must be designed with people."
    )
    page.get_by_role("button", name="Save the summary").click()
    axe.check()
    expect(page.locator(".alert-success")).to_contain_text("The summary is saved.")
    page.get_by_label("Days the attendees have to suggest corrections").fill("5")
    page.get_by_role("button", name="Open the draft for corrections").click()
    axe.check()
    expect(page.locator(".alert-success")).to_contain_text("open for corrections")

    page.context.clear_cookies()
    sign_in(attendee)
    page.goto(f"{live_server.url}/workshops/{workshop.slug}/report/")
    axe.check()
    fits(page)
    expect(
        page.get_by_text("Co-produce letters with the people who get them", exact=True)
    ).to_be_visible()
    page.get_by_label("Your correction").fill("We also asked for British Sign Language.")
    page.get_by_role("button", name="Send my correction").click()
    axe.check()
    expect(page.locator(".alert-success")).to_contain_text("the organisers have your suggestion")

    page.context.clear_cookies()
    sign_in(organiser)
    page.goto(f"{live_server.url}/organise/workshops/{workshop.slug}/report/")
    axe.check()
    correction = page.locator("article").filter(has_text="British Sign Language")
    correction.get_by_label("Accept").check()
    correction.get_by_label("Reply to the person who suggested it (optional)").fill("Added.")
    correction.get_by_role("button", name="Save the decision").click()
    axe.check()
    expect(page.locator(".alert-success")).to_contain_text("Your decision is saved")
    assert Correction.objects.get().state == "accepted"
    page.get_by_role("button", name="Publish the report").click()
    axe.check()
    fits(page)
    expect(page.locator(".alert-success")).to_contain_text("The report is published")
    assert Report.objects.get().state == "published"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/workshops/{workshop.slug}/")
    axe.check()
    page.get_by_role("link", name="Read the report").click()
    axe.check()
    fits(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report of Understandings of Inequality"
    )
    expect(
        page.get_by_text("Co-produce letters with the people who get them", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("services must be designed with people")).to_be_visible()
    expect(
        page.get_by_role("link", name="The recommendations as a spreadsheet (CSV)")
    ).to_be_visible()

    # The visitor follows the recommendation into the tracker; its owner updates it there.
    page.get_by_role("link", name="Follow it up in the tracker").click()
    axe.check()
    fits(page)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Recommendations", exact=True).click()
    axe.check()
    fits(page)
    expect(page.get_by_text("Co-produce letters with the people who get them")).to_be_visible()

    sign_in(owner)
    page.get_by_role("link", name="Co-produce letters with the people who get them").click()
    axe.check()
    page.get_by_role("link", name="Update its status").click()
    axe.check()
    fits(page)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress (%)").fill("40")
    page.get_by_label("Note").fill("The council agreed to try it in two surgeries.")
    page.get_by_role("button", name="Save the update").click()
    axe.check()
    fits(page)
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_text("The council agreed to try it in two surgeries.")).to_be_visible()
    recommendation = Recommendation.objects.get()
    assert (recommendation.status, recommendation.progress) == ("in_progress", 40)
