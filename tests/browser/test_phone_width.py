"""Three pages a tester found wider than a 390 px phone, now with long real-looking content:
the organiser's programme, the workshop filters and the list of emails. Each fits the screen
(the axe fixture measures every page) and what someone needs on it is on the screen, not
beyond its right edge."""

from datetime import time
from itertools import combinations

import pytest
from playwright.sync_api import expect

from socialjustice.enums import EmailState
from tests.factories import (
    NetworkFactory,
    OrganiserFactory,
    OutgoingEmailFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_TITLE = (
    "Welcome and introductions: understanding inequality in public services for disabled "
    "migrants and older people in Greater Manchester"
)
LONG_ADDRESS = (
    "community.engagement.coordinator.equalities@"
    "greater-manchester-combined-authority-public-services.example.org.uk"
)
LONG_ERROR = (
    "SMTPRecipientsRefused: {'" + LONG_ADDRESS + "': (550, b'5.1.1 "
    "<" + LONG_ADDRESS + ">: Recipient address rejected: User unknown in virtual mailbox "
    "table')}"
)


def on_screen(locator):
    """The element is inside the screen's width: nobody has to scroll sideways to reach it."""
    box = locator.bounding_box()
    width = locator.page.viewport_size["width"]
    assert box is not None, f"{locator} is not shown"
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (
        f"{locator} spans {box['x']:.0f}–{box['x'] + box['width']:.0f} px on a {width} px screen"
    )


def test_organiser_reads_a_programme_of_long_titles_on_a_phone(page, axe, live_server, sign_in):
    page.set_viewport_size(PHONE)
    organiser = OrganiserFactory()
    workshop = WorkshopFactory(title="More United than Divided", state="draft")
    workshop.organisers.add(organiser)
    chair = SpeakerFactory(
        honorific="Professor", name="Alexandra Featherstonehaugh-Montgomery", affiliation=None
    )
    ProgrammeItemFactory(
        workshop=workshop, kind="welcome", title=LONG_TITLE, chair=chair, starts_at=time(10)
    )
    breakouts = ProgrammeItemFactory(
        workshop=workshop,
        kind="breakouts",
        title="Breakout groups: designing development research with community organisations",
        starts_at=time(10, 30),
        ends_at=time(11, 30),
    )
    breakouts.speakers.add(SpeakerFactory(name="Siobhán Ní Bhriain-Castellanos"))
    ProgrammeItemFactory(
        workshop=workshop,
        kind="plenary",
        title="Plenary and recommendations",
        starts_at=time(11, 30),
        ends_at=time(12),
    )
    sign_in(organiser)

    page.goto(live_server.url + f"/organise/workshops/{workshop.slug}/programme/")
    axe.check()
    table = page.get_by_role("table", name="Programme items in order")
    item = table.get_by_role("row").filter(has_text=LONG_TITLE)
    on_screen(item.get_by_role("cell").nth(2))
    on_screen(item.get_by_role("link", name=f"Edit {LONG_TITLE}"))
    on_screen(item.get_by_role("button", name=f"Delete {LONG_TITLE}"))
    expect(item).to_contain_text("10:00–10:30")
    expect(item.get_by_role("cell").nth(2)).to_have_text("Kind: Welcome")
    expect(item).to_contain_text("Chair: Professor Alexandra Featherstonehaugh-Montgomery")
    breakouts_row = table.get_by_role("row").filter(has_text="Breakout groups: designing")
    expect(breakouts_row).to_contain_text("Speakers: Dr Siobhán Ní Bhriain-Castellanos")
    on_screen(breakouts_row.get_by_role("button", name="Delete Breakout groups: designing"))

    table.get_by_role("button", name="Delete Plenary and recommendations").click()
    expect(page.get_by_role("status")).to_be_visible()
    axe.check()
    expect(table.get_by_role("row").filter(has_text="Plenary")).to_have_count(0)
    expect(table.get_by_role("row")).to_have_count(3)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_visitor_narrows_workshops_with_several_filters(page, axe, live_server, screen):
    page.set_viewport_size(screen)
    series = WorkshopSeriesFactory(
        title="Achieving equitable public services through partnerships of universities, "
        "communities and the voluntary sector"
    )
    network = NetworkFactory(
        name="Northern England Network for Equality, Diversity and Inclusion in Health and "
        "Social Care Research"
    )
    wanted = WorkshopFactory(title="Leadership for Equity", format="hybrid", series=series)
    wanted.networks.add(network)
    WorkshopFactory(title="Understandings of Inequality", format="online", series=series)
    WorkshopFactory(title="More United than Divided", format="hybrid")

    page.goto(live_server.url + "/workshops/")
    axe.check()
    form = page.get_by_role("form", name="Filter workshops")
    controls = [
        form.get_by_label("Format"),
        form.get_by_label("Series"),
        form.get_by_label("Network"),
        form.get_by_role("button", name="Show workshops"),
    ]
    boxes = [control.bounding_box() for control in controls]
    for control in controls:
        on_screen(control)
    for first, second in combinations(boxes, 2):
        side_by_side = first["x"] + first["width"] <= second["x"]
        one_under_the_other = first["y"] + first["height"] <= second["y"]
        assert side_by_side or one_under_the_other, f"{first} and {second} overlap"

    controls[0].select_option(label="Hybrid (in person and online)")
    controls[1].select_option(label=series.title)
    controls[2].select_option(label=network.name)
    controls[3].click()
    axe.check()
    expect(page.get_by_role("heading", level=3)).to_have_text(["Leadership for Equity"])
    expect(page.get_by_label("Series")).to_have_value(series.slug)


def test_organiser_reads_emails_to_long_addresses_on_a_phone(
    page, axe, live_server, sign_in, smtp_server
):
    page.set_viewport_size(PHONE)
    OutgoingEmailFactory(
        to=LONG_ADDRESS,
        subject="Your place at More United than Divided: Understandings of Inequality",
        state=EmailState.FAILED,
        attempts=5,
        last_error=LONG_ERROR,
    )
    for n in range(3):
        OutgoingEmailFactory(
            to=f"participant.with.a.long.name.{n}@university-of-somewhere-far.example.ac.uk",
            subject="Registration confirmed: Leadership for Equity",
            state=EmailState.SENT,
        )
    sign_in(OrganiserFactory())

    page.goto(live_server.url + "/organise/emails/")
    axe.check()
    failed = page.get_by_role("row").filter(has_text=LONG_ADDRESS)
    expect(failed).to_contain_text("Failed")
    expect(failed).to_contain_text("Recipient address rejected")
    on_screen(failed.get_by_role("cell").nth(1))
    expect(failed.get_by_role("cell").nth(1)).to_have_text(f"To: {LONG_ADDRESS}")
    send_again = failed.get_by_role("button", name=f"Send again to {LONG_ADDRESS}")
    on_screen(send_again)
    expect(page.get_by_role("row").filter(has_text="State: Sent")).to_have_count(3)

    send_again.click()
    expect(page.get_by_role("status")).to_contain_text(f"The email to {LONG_ADDRESS} is queued")
    axe.check()


@pytest.mark.parametrize("width", [768, 900, 1024, 1180, 1280, 1440])
def test_organisers_header_fits_a_tablet(page, axe, live_server, sign_in, width):
    """With every link an organiser has, the header fits a tablet's width: the menu folds
    behind its button until the screen has room for all of it on one line."""
    sign_in(OrganiserFactory())
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    axe.check()

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    sign_out = page.get_by_role("button", name="Sign out")
    if not sign_out.is_visible():
        page.get_by_role("button", name="Menu").click()
    expect(sign_out).to_be_visible()
    on_screen(sign_out)
    on_screen(page.get_by_role("link", name="Organise"))
