"""An organiser moves a published workshop in the browser: the edit form opens with its
data, saved unchanged it saves; the new date asks first, showing the email and how many
people get it; going back keeps what was typed; sending it saves, emails everyone
registered once, and the old address leads to the new one."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import LONDON, RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_moves_a_workshop_after_reading_the_email(
    page, axe, live_server, sign_in, smtp_server, settings
):
    settings.PORTAL_URL = live_server.url
    day = timezone.localdate() + timedelta(days=30)
    later = day + timedelta(days=7)
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)
    organiser = UserFactory()
    workshop = WorkshopFactory(
        title="Understandings of Inequality",
        slug=f"understandings-of-inequality-{day:%Y-%m-%d}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        capacity=2,
        hashtags="#SocialJustice",
    )
    workshop.organisers.add(organiser)
    RegistrationFactory(workshop=workshop, name="Amina Khan", email="amina@example.org")
    RegistrationFactory(workshop=workshop, name="Sarah Salway", email="sarah@example.org")
    RegistrationFactory(
        workshop=workshop, name="Dev Patel", email="dev@example.org", status="waiting"
    )
    sign_in(organiser)
    edit = f"{live_server.url}/organise/workshops/{workshop.slug}/edit/"

    # Opened with its data and saved unchanged, it saves without asking or emailing.
    page.goto(edit)
    expect(field(page, "Date")).to_have_value(day.isoformat())
    expect(field(page, "Hashtags")).to_have_value("#SocialJustice")
    expect(page.get_by_text("Nobody registered is emailed about a correction.")).to_be_visible()
    axe.check()
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_role("status")).to_have_text("The workshop is saved.")
    axe.check()

    # A new date asks first.
    page.goto(edit)
    axe.check()
    field(page, "Date").fill(later.isoformat())
    field(page, "Hashtags").fill("#SocialJustice #Moved")
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the email about the change")
    expect(page.get_by_text("This will email 3 people")).to_be_visible()
    email = page.get_by_role("region", name="The email")
    expect(email).to_contain_text("Changed: Understandings of Inequality")
    expect(email).to_contain_text("Dear [their name],")
    expect(email).to_contain_text(
        f"{live_server.url}/workshops/understandings-of-inequality-{later:%Y-%m-%d}/"
    )
    axe.check()
    assert Workshop.objects.get(pk=workshop.pk).starts_at == starts

    # Going back keeps what was typed.
    page.get_by_role("button", name="Go back and edit").click()
    expect(field(page, "Date")).to_have_value(later.isoformat())
    expect(field(page, "Hashtags")).to_have_value("#SocialJustice #Moved")
    axe.check()
    page.get_by_role("button", name="Save the workshop").click()
    expect(page.get_by_text("This will email 3 people")).to_be_visible()
    axe.check()

    page.get_by_role("button", name="Save and send the change").click()
    expect(page.get_by_role("status")).to_have_text(
        "The workshop is saved. Everyone registered will be told about the change."
    )
    axe.check()
    moved = Workshop.objects.get(pk=workshop.pk)
    assert (moved.slug, moved.hashtags) == (
        f"understandings-of-inequality-{later:%Y-%m-%d}",
        "#SocialJustice #Moved",
    )
    messages = smtp_server.wait_for(3)
    assert sorted(message["To"] for message in messages) == [
        "amina@example.org",
        "dev@example.org",
        "sarah@example.org",
    ]
    assert {message["Subject"] for message in messages} == {"Changed: Understandings of Inequality"}

    # The link in an email sent before still works.
    page.goto(f"{live_server.url}/workshops/{workshop.slug}/")
    assert page.url == f"{live_server.url}/workshops/{moved.slug}/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Understandings of Inequality")
    axe.check()
