"""The public downloads page and the home page's workshop blocks."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import MaterialFactory, WorkshopFactory, london

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
SUMMER = datetime(2030, 6, 24, 10, 0, tzinfo=LONDON)
WINTER = datetime(2030, 12, 2, 14, 0, tzinfo=LONDON)


def text(fragment: str) -> str:
    """The words of an HTML fragment, as a reader sees them."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([,.;])", r"\1", words)


def section(content: str, label: str) -> str:
    [found] = re.findall(rf'aria-labelledby="{label}">(.*?)</section>', content, re.S)
    return found


def listing(content: str) -> list[str]:
    """Headings and workshop card titles of a list, in order."""
    found = re.findall(
        r'<h2 class="mt-3">([^<]+)</h2>|class="h5 card-title"[^>]*><a [^>]*>([^<]+)</a>', content
    )
    return [heading or title for heading, title in found]


def workshop_at(start: datetime, **fields):
    return WorkshopFactory(
        starts_at=start, ends_at=start + timedelta(hours=2, minutes=30), **fields
    )


def downloads_by_workshop(content: str) -> list[tuple[str, list[str]]]:
    return [
        (text(heading), [text(item) for item in re.findall(r"<li>(.*?)</li>", body, re.S)])
        for heading, body in re.findall(r"<h2[^>]*>(.*?)</h2>\s*<ul>(.*?)</ul>", content, re.S)
    ]


def test_downloads_grouped_under_workshop_latest_first(client):
    earlier = workshop_at(SUMMER, title="Summer workshop")
    later = workshop_at(WINTER, title="Winter workshop")
    MaterialFactory(workshop=earlier, title="Summer slides")
    MaterialFactory(workshop=earlier, title="Summer report", kind="output")
    MaterialFactory(workshop=earlier, title="Attendee list", visibility="registrants")
    MaterialFactory(workshop=later, title="Winter slides")
    content = client.get("/downloads/").content.decode()
    assert downloads_by_workshop(content) == [
        ("Winter workshop, 2 December 2030", ["Winter slides (Presentation, link)"]),
        (
            "Summer workshop, 24 June 2030",
            ["Summer report (Workshop output, link)", "Summer slides (Presentation, link)"],
        ),
    ]


def test_downloads_workshops_starting_together_each_listed_once(client):
    first = workshop_at(SUMMER, title="Morning workshop A")
    second = workshop_at(SUMMER, title="Morning workshop B")
    for workshop in (first, second):
        MaterialFactory(workshop=workshop, title=f"{workshop.title} slides")
        MaterialFactory(workshop=workshop, title=f"{workshop.title} report", kind="output")
    content = client.get("/downloads/").content.decode()
    headings = [heading for heading, _ in downloads_by_workshop(content)]
    assert sorted(headings) == [f"Morning workshop {x}, 24 June 2030" for x in "AB"]


def test_home_shows_four_soonest_upcoming_and_latest_materials(client):
    for days in (25, 5, 15, 10, 20):
        WorkshopFactory(title=f"Day {days}", starts_at=london(days=days))
    WorkshopFactory(title="Called off", starts_at=london(days=2), state="cancelled")
    WorkshopFactory(title="Unready", starts_at=london(days=3), state="draft")
    past = WorkshopFactory(title="Past", starts_at=london(days=-30))
    for n in range(1, 7):
        MaterialFactory(workshop=past, title=f"Output {n}")
    MaterialFactory(workshop=past, title="Private", visibility="registrants")
    content = client.get("/").content.decode()
    upcoming = section(content, "upcoming-heading")
    materials = section(content, "materials-heading")
    assert listing(upcoming) == ["Day 5", "Day 10", "Day 15", "Day 20"]
    links = re.findall(r'<a href="[^"]*" rel="noopener">([^<]+)</a>', materials)
    assert links == [f"Output {n}" for n in (6, 5, 4, 3, 2)]
