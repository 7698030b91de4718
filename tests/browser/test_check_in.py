"""An organiser reads the registrations, gives a waiting person a place, and checks people in
at the door on a phone; every page audited with axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from socialjustice.models import OutgoingEmail
from tests.browser.conftest import field
from tests.factories import NetworkFactory, RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_organiser_gives_a_place_then_checks_in_on_a_phone(page, axe, live_server, sign_in):
    organiser = UserFactory()
    workshop = WorkshopFactory(title="More United than Divided", capacity=1)
    workshop.organisers.add(organiser)
    earlier = timezone.now() - timedelta(days=2)
    amira = RegistrationFactory(
        workshop=workshop,
        name="Amira Khan",
        organisation="Leeds Food Aid",
        sector="voluntary",
        created_at=earlier,
    )
    amira.networks.add(NetworkFactory(name="Leeds Equality Network"))
    dev = RegistrationFactory(
        workshop=workshop,
        name="Dev Patel",
        email="dev@example.org",
        status="waiting",
        access_requirements="A seat near the door",
        dietary_needs="Vegan",
        created_at=earlier + timedelta(hours=1),
    )
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/registrations/")
    axe.check()
    counts = page.locator("#registration-counts")
    expect(counts.locator("dd")).to_have_text(["1", "1", "0", "0", "0 of 1"])
    expect(page.get_by_role("meter", name="Voluntary or community sector: 1 of 2")).to_be_visible()
    expect(page.get_by_role("meter", name="Leeds Equality Network: 1 of 2")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Dev Patel")
    expect(row.get_by_role("cell").nth(3)).to_have_text("On the waiting list (number 1)")

    row.get_by_role("link", name="Dev Patel").click()
    axe.check()
    expect(page.locator("#access-requirements")).to_have_text("A seat near the door")
    expect(page.locator("#dietary-needs")).to_have_text("Vegan")
    page.get_by_role("button", name="Give a place").click()
    expect(page.get_by_role("status")).to_have_text(
        "Dev Patel has a place now, and is told by email."
    )
    axe.check()
    dev.refresh_from_db()
    assert dev.status == "confirmed"
    assert list(OutgoingEmail.objects.values_list("kind", "to")) == [
        ("registration.promoted", "dev@example.org")
    ]

    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="All registrations for More United than Divided").click()
    axe.check()
    page.get_by_role("link", name="Check-in at the door").click()
    axe.check()
    expect(page.locator("#arrived-count")).to_have_text("0 of 2 people with a place have arrived.")
    field(page, "Name or email").fill("dev")
    page.get_by_role("button", name="Search").click()
    axe.check()
    expect(
        page.get_by_role("list", name="People with a place").get_by_role("listitem")
    ).to_have_count(1)
    page.get_by_role("button", name="Mark Dev Patel as arrived").click()
    expect(page.get_by_role("status")).to_contain_text("Arrived: Dev Patel.")
    axe.check()
    expect(field(page, "Name or email")).to_have_value("dev")
    expect(page.get_by_role("button", name="Undo the arrival of Dev Patel")).to_be_visible()
    expect(page.locator("#arrived-count")).to_have_text("1 of 2 people with a place have arrived.")
    # Nothing wider than the phone: no sideways scrolling at the door.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Registration.objects.get(pk=dev.pk).attended_at is not None
    assert Registration.objects.get(pk=amira.pk).attended_at is None
