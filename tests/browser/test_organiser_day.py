"""An organiser's day, at a laptop and on a phone: checking people in (and being told when it
is early), marking attendance from a meeting tool's list with likely matches to confirm, the
two follow-ups, and a message with or without the portal's greeting. Every page audited with
axe; nothing wider than the screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import field
from tests.factories import MaterialFactory, RegistrationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=SIZES)
def size(request, page):
    page.set_viewport_size(SIZES[request.param])
    return SIZES[request.param]


def fits(page, size):
    """No sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]


def organised(sign_in, **fields):
    organiser = UserFactory()
    workshop = WorkshopFactory(**fields)
    workshop.organisers.add(organiser)
    sign_in(organiser)
    return workshop


def test_check_in_says_what_the_button_does_and_when_it_is_early(
    page, axe, live_server, sign_in, size
):
    today = timezone.now() + timedelta(minutes=30)
    workshop = organised(
        sign_in, title="More United than Divided", starts_at=today, format="in_person"
    )
    RegistrationFactory(workshop=workshop, name="Amira Khan", organisation="Leeds Food Aid")
    RegistrationFactory(workshop=workshop, name="Ben Adeyemi")
    early = WorkshopFactory(title="Leadership for Equity")
    early.organisers.add(workshop.organisers.get())
    RegistrationFactory(workshop=early, name="Carys Jones")

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/check-in/")
    axe.check()
    expect(page.locator("#check-in-early")).to_have_count(0)
    amira = page.get_by_role("listitem").filter(has_text="Amira Khan")
    expect(amira).to_contain_text("Not arrived yet")
    page.get_by_role("button", name="Mark Amira Khan as arrived").click()
    expect(page.get_by_role("status")).to_have_text("Arrived: Amira Khan.")
    axe.check()
    expect(amira).to_contain_text("Arrived at")
    expect(amira).to_have_class(
        "list-group-item d-flex flex-wrap gap-2 justify-content-between "
        "align-items-center py-3 check-in-arrived"
    )
    expect(amira.get_by_role("button", name="Undo the arrival of Amira Khan")).to_be_visible()
    ben = page.get_by_role("listitem").filter(has_text="Ben Adeyemi")
    expect(ben.get_by_role("button", name="Mark Ben Adeyemi as arrived")).to_be_visible()
    expect(page.locator("#arrived-count")).to_have_text("1 of 2 people with a place have arrived.")
    fits(page, size)

    page.goto(live_server.url + f"/organise/workshops/{early.slug}/check-in/")
    axe.check()
    expect(page.locator("#check-in-early")).to_contain_text("It is early: the workshop is on")
    page.get_by_role("button", name="Mark Carys Jones as arrived").click()
    expect(page.get_by_role("status")).to_contain_text("If this was a mistake, press Undo.")
    axe.check()
    fits(page, size)


def test_attendance_from_a_list_with_likely_matches_to_confirm(
    page, axe, live_server, sign_in, size
):
    started = timezone.now() - timedelta(hours=3)
    workshop = organised(
        sign_in,
        title="Understandings of Inequality",
        starts_at=started,
        ends_at=started + timedelta(hours=2),
    )
    for name, email in [
        ("Dr Sarah Salway", "s.salway@sheffield.example.org"),
        ("José García", "jgarcia@example.org"),
        ("Amira Khan", "amira@example.org"),
        ("Amira Begum", "begum@example.org"),
        ("Ben Adeyemi", "ben@example.org"),
    ]:
        RegistrationFactory(workshop=workshop, name=name, email=email)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/check-in/list/")
    axe.check()
    expect(page.locator("#check-in-early")).to_have_count(0)
    field(page, "Names or email addresses, one a line").fill(
        "Sarah Salway (Guest)\nJose Garcia\nKhan Amira\nben@example.org\nAmira\n"
        "A Begum\nZoe Unknown\n"
    )
    page.get_by_role("button", name="Mark them as attended").click()
    expect(page.get_by_role("status")).to_have_text("4 people are marked as attended.")
    confirm = page.get_by_role("region", name="Are these the same people?")
    expect(confirm.get_by_role("group")).to_have_text(
        [
            "In the list: “Amira” Amira Begum (begum@example.org)",
            "In the list: “A Begum” Amira Begum (begum@example.org)",
        ],
        use_inner_text=True,
    )
    expect(
        page.get_by_role("region", name="Lines that matched nobody with a place")
    ).to_contain_text("Zoe Unknown")
    axe.check()
    fits(page, size)

    confirm.get_by_role("group", name="In the list: “A Begum”").get_by_label(
        "Amira Begum (begum@example.org)"
    ).check()
    page.get_by_role("button", name="Mark the ticked people as attended").click()
    expect(page.get_by_role("status")).to_have_text("1 person is marked as attended.")
    expect(page.locator("#arrived-count")).to_have_text(
        "5 of 5 people with a place are marked as attended."
    )
    axe.check()
    fits(page, size)
    assert Registration.objects.filter(attended_at__isnull=True).count() == 0


def test_two_follow_ups_each_once_with_a_warning_when_there_is_nothing_to_send(
    page, axe, live_server, sign_in, smtp_server, size
):
    starts = timezone.now() - timedelta(days=1)
    workshop = organised(
        sign_in,
        title="Leadership for Equity",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    came = RegistrationFactory(workshop=workshop, email="amina@example.org")
    came.attended_at = timezone.now()
    came.save()
    RegistrationFactory(workshop=workshop, email="absent@example.org")
    url = live_server.url + f"/organise/workshops/{workshop.slug}/follow-up/"

    page.goto(url)
    axe.check()
    expect(page.locator("[data-nothing-to-send]")).to_contain_text(
        "There are no public materials and no published report yet"
    )
    page.get_by_label("Everyone marked as attended").check()
    page.get_by_role("button", name="Preview the email").click()
    axe.check()
    page.get_by_role("button", name="Send the follow-up").click()
    expect(page.get_by_role("status")).to_contain_text("The follow-up is on its way to 1 person.")
    expect(page.locator("[data-follow-up-state]")).to_contain_text(
        "to everyone marked as attended. It is sent only once."
    )
    expect(page.locator("[data-nothing-to-send]")).to_contain_text(
        "There are still no public materials and no published report"
    )
    axe.check()
    fits(page, size)

    MaterialFactory(workshop=workshop, title="Slides", url="https://example.org/slides.pdf")
    page.goto(url)
    axe.check()
    expect(page.locator("[data-nothing-to-send]")).to_have_count(0)
    expect(page.locator("[data-new-materials]")).to_have_text(
        "1 public material was added since the follow-up."
    )
    field(page, "Your own message (optional)").fill("The slides are ready.")
    page.get_by_role("button", name="Preview the email").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_contain_text("New materials from Leadership for Equity")
    expect(preview).to_contain_text("- Slides: https://example.org/slides.pdf")
    axe.check()
    fits(page, size)
    page.get_by_role("button", name="Send the new materials").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The new materials are on their way to 1 person."
    )
    expect(page.locator("[data-follow-up-state]")).to_contain_text("Both follow-ups are sent")
    expect(page.get_by_role("button", name="Preview the email")).to_have_count(0)
    axe.check()

    sent = smtp_server.wait_for(2)
    assert [(m["To"], m["Subject"]) for m in sent] == [
        ("amina@example.org", "Thank you for taking part: Leadership for Equity"),
        ("amina@example.org", "New materials from Leadership for Equity"),
    ]


def test_a_message_with_its_own_greeting_is_sent_without_the_portals(
    page, axe, live_server, sign_in, smtp_server, size
):
    workshop = organised(sign_in, title="Understandings of Inequality")
    RegistrationFactory(workshop=workshop, name="Amina Khan", email="amina@example.org")

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/messages/")
    axe.check()
    page.get_by_label("Everyone with a confirmed place").check()
    field(page, "Subject").fill("The room has changed")
    field(page, "Message").fill("Dear all,\n\nWe meet in room 2.14.")
    page.get_by_role("button", name="Preview the email").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.locator("[data-greeting-note]")).to_contain_text(
        "The portal starts each email with “Dear” and the person's name"
    )
    expect(preview.locator("[data-greets-twice]")).to_contain_text(
        "so each email would greet people twice"
    )
    expect(preview.locator("[data-preview-text]")).to_contain_text("Dear [their name],")
    axe.check()
    fits(page, size)

    page.get_by_role("button", name="Change the message").click()
    axe.check()
    page.get_by_label("Start the email with “Dear” and each person's name").uncheck()
    page.get_by_role("button", name="Preview the email").click()
    expect(preview.locator("[data-greeting-note]")).to_have_text(
        "Each email starts with your own text: the portal adds no greeting."
    )
    expect(preview.locator("[data-greets-twice]")).to_have_count(0)
    expect(preview.locator("[data-preview-text]")).not_to_contain_text("[their name]")
    axe.check()
    fits(page, size)
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("status")).to_contain_text("is on its way.")
    axe.check()

    [message] = smtp_server.wait_for(1)
    assert smtp_server.text(message).splitlines()[:3] == ["Dear all,", "", "We meet in room 2.14."]
