"""What everyone sees: the workshop list, a workshop's page, and the cache that serves them
(calendar files are in test_calendar.py, downloads and home in test_downloads_and_home.py)."""

import html
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import (
    MaterialFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
    london,
)
from workshops.selectors.workshops import listed_workshops
from workshops.services.programme import move_programme_item
from workshops.services.workshops import publish_workshop

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


def programme_titles(content: str) -> list[str]:
    return re.findall(
        r'<tr class="programme-[a-z]+">\s*<th[^>]*>[^<]*</th>\s*<td>\s*<strong>([^<]+)', content
    )


def page_of(client, workshop) -> str:
    response = client.get(reverse("workshops:detail", args=[workshop.slug]))
    assert response.status_code == 200
    return response.content.decode()


def workshop_at(start: datetime, **fields):
    return WorkshopFactory(
        starts_at=start, ends_at=start + timedelta(hours=2, minutes=30), **fields
    )


# The list


def test_workshop_list_upcoming_soonest_first_then_past_latest_first(client):
    for days in (20, 5, 40, -3, -60, -10):
        WorkshopFactory(title=f"Day {days}", slug=f"day{days}", starts_at=london(days=days))
    content = client.get("/workshops/").content.decode()
    upcoming = ["Upcoming workshops", "Day 5", "Day 20", "Day 40"]
    past = ["Past workshops", "Day -3", "Day -10", "Day -60"]
    assert listing(content) == upcoming + past


def test_workshop_list_cancelled_and_draft_not_listed(client):
    WorkshopFactory(title="Going ahead")
    WorkshopFactory(title="Called off", state="cancelled")
    WorkshopFactory(title="Still planning", state="draft")
    content = client.get("/workshops/").content.decode()
    assert listing(content) == ["Upcoming workshops", "Going ahead"]


@pytest.mark.parametrize(
    ("param", "expected"),
    [("format", "In the room"), ("series", "In the series"), ("network", "In the network")],
)
def test_workshop_list_filter_shows_exactly_matching(client, param, expected):
    series = WorkshopSeriesFactory()
    network = NetworkFactory()
    WorkshopFactory(title="Plain")
    WorkshopFactory(title="In the room", format="in_person", venue_name="Civic Hall")
    WorkshopFactory(title="In the series", series=series)
    WorkshopFactory(title="In the network").networks.add(network)
    value = {"format": "in_person", "series": series.slug, "network": network.slug}[param]
    content = client.get("/workshops/", {param: value}).content.decode()
    assert listing(content) == ["Upcoming workshops", expected]


def test_workshop_list_paginates_twenty_a_page(client):
    for days in range(1, 22):
        WorkshopFactory(title=f"Day {days}", starts_at=london(days=days))
    first = client.get("/workshops/").content.decode()
    second = client.get("/workshops/", {"page": 2}).content.decode()
    assert listing(first) == ["Upcoming workshops"] + [f"Day {d}" for d in range(1, 21)]
    assert listing(second) == ["Upcoming workshops", "Day 21"]
    assert "Page 2 of 2" in second


def test_workshop_list_pages_across_upcoming_and_past_in_the_one_order(client):
    """The list is read as two halves (upcoming, past); its pages are still the single
    order: one that starts upcoming ends with the past, ties keep creation order, and a
    filter applies to both halves."""
    network = NetworkFactory()
    for n, days in enumerate([*range(1, 25), *range(-1, -31, -1), 3, -2]):
        workshop = WorkshopFactory(
            title=f"Day {days}" + (" again" if n >= 54 else ""),
            slug=f"w{n}",
            starts_at=london(days=days),
        )
        workshop.networks.add(network)
    WorkshopFactory(title="Elsewhere", starts_at=london(days=2))
    expected = [w.title for w in listed_workshops().filter(networks=network)]
    assert len(expected) == 56
    shown = []
    for number in (1, 2, 3):
        content = client.get("/workshops/", {"network": network.slug, "page": number})
        shown += [t for t in listing(content.content.decode()) if not t.endswith("workshops")]
    assert shown == expected
    assert len(shown) == 56 and shown[:3] == ["Day 1", "Day 2", "Day 3"]
    second = listing(
        client.get("/workshops/", {"network": network.slug, "page": 2}).content.decode()
    )
    assert second[0] == "Upcoming workshops" and "Past workshops" in second


# A workshop's page


@pytest.mark.parametrize(
    ("start", "date", "times"),
    [
        (SUMMER, "Monday 24 June 2030", "10:00 to 12:30 UK time (BST)"),
        (WINTER, "Monday 2 December 2030", "14:00 to 16:30 UK time (GMT)"),
    ],
)
def test_workshop_page_shows_date_and_times_with_zone(client, start, date, times):
    workshop = workshop_at(start, title="Understanding inequality")
    content = page_of(client, workshop)
    assert '<h1 id="workshop-title">Understanding inequality</h1>' in content
    facts = text(re.search(r'<dl class="row workshop-facts">(.*?)</dl>', content, re.S)[1])
    assert facts == f"Date {date} Time {times} Where Online"


def test_workshop_page_in_person_shows_venue_with_a_map_link(client):
    workshop = WorkshopFactory(
        format="in_person", venue_name="Leeds Civic Hall", venue_address="Calverley Street\nLS1"
    )
    content = page_of(client, workshop)
    assert (
        '<dd class="col-sm-9">Leeds Civic Hall<br>Calverley Street<br>LS1<br><a href="'
        "https://www.openstreetmap.org/search?query=Leeds%20Civic%20Hall%2C%20Calverley%20Street"
        '%2C%20LS1">Map and directions</a></dd>'
    ) in content


def test_workshop_page_programme_in_order_with_chair_and_speakers(client):
    workshop = WorkshopFactory()
    chair = SpeakerFactory(
        honorific="Prof", name="Ada Hill", affiliation=OrganisationFactory(name="Leeds University")
    )
    ProgrammeItemFactory(workshop=workshop, title="Welcome", kind="welcome", chair=chair)
    keynote = ProgrammeItemFactory(
        workshop=workshop, title="Keynote", starts_at=time(10, 30), ends_at=time(11, 15)
    )
    council = OrganisationFactory(name="City Council")
    keynote.speakers.set(
        [
            SpeakerFactory(name="Bea Shaw", affiliation=council),
            SpeakerFactory(name="Cy Jones", affiliation=None),
        ]
    )
    rows = re.findall(r'<tr class="programme-[a-z]+">(.*?)</tr>', page_of(client, workshop), re.S)
    assert [text(row) for row in rows] == [
        "10:00–10:30 Welcome Chair: Prof Ada Hill (Leeds University)",
        "10:30–11:15 Keynote Speakers: Dr Bea Shaw (City Council); Dr Cy Jones",
    ]


def test_workshop_page_speaker_with_role_but_no_affiliation(client):
    workshop = WorkshopFactory()
    item = ProgrammeItemFactory(workshop=workshop)
    item.speakers.set([SpeakerFactory(name="Cy Jones", role="Director", affiliation=None)])
    speakers = text(section(page_of(client, workshop), "speakers-heading"))
    assert speakers == "Speakers and chairs Dr Cy Jones (Director)"


def test_workshop_page_lists_key_questions(client):
    workshop = WorkshopFactory(key_questions="What works?\n\n  Who is left out?  \n")
    content = page_of(client, workshop)
    assert "<ul><li>What works?</li><li>Who is left out?</li></ul>" in content


def test_workshop_page_shows_public_materials_only_to_public(client):
    workshop = WorkshopFactory()
    MaterialFactory(workshop=workshop, title="Slides")
    MaterialFactory(workshop=workshop, title="Contact list", visibility="registrants")
    materials = text(section(page_of(client, workshop), "materials-heading"))
    assert materials == "Presentations and outputs Slides (Presentation, link)"


def test_workshop_page_cancelled(client):
    workshop = WorkshopFactory(title="Inequality", state="cancelled", cancellation_note="Flooded.")
    content = page_of(client, workshop)
    assert '<h1 id="workshop-title">Cancelled: Inequality</h1>' in content
    assert "<strong>This workshop is cancelled.</strong> Flooded." in content
    assert "Register for your place" not in content


@pytest.mark.parametrize(("days", "past"), [(-7, True), (7, False)])
def test_workshop_page_past_has_taken_place_without_registration(client, days, past):
    content = page_of(client, WorkshopFactory(starts_at=london(days=days)))
    assert ("This workshop has taken place." in content) is past
    assert ("Register for your place" in content) is not past


@pytest.mark.parametrize("as_organiser", [False, True])
def test_workshop_description_markdown_rendered_and_sanitised(client, as_organiser):
    workshop = WorkshopFactory(
        theme="",  # the description then goes into the JSON-LD too
        description=(
            "We bring **bold** ideas.\n\n<script>alert(1)</script>\n\n"
            "[Click me](javascript:alert(2))"
        ),
    )
    if as_organiser:
        client.force_login(OrganiserFactory())
    content = page_of(client, workshop)
    about = re.sub(r">\s+<", "><", section(content, "about-heading"))
    assert about == (
        '<h2 id="about-heading">About the workshop</h2>'
        "<p>We bring <strong>bold</strong> ideas.</p>"
        '<p><a rel="nofollow noopener">Click me</a></p>'
    )
    assert "<script>alert(1)" not in content
    assert 'href="javascript:' not in content


# The cache stays true


def test_workshop_page_shows_new_title_after_edit(client, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory(title="Old title")
    assert "Old title" in page_of(client, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        workshop.title = "New title"
        workshop.save()
    content = page_of(client, workshop)
    assert '<h1 id="workshop-title">New title</h1>' in content
    assert "Old title" not in content


def test_workshop_page_shows_added_programme_item(client, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    assert "The programme will be published soon." in page_of(client, workshop)
    with django_capture_on_commit_callbacks(execute=True):
        ProgrammeItemFactory(workshop=workshop, title="Opening remarks")
    content = page_of(client, workshop)
    assert "<strong>Opening remarks</strong>" in content
    assert "The programme will be published soon." not in content


def test_workshop_page_found_after_publishing(client, django_capture_on_commit_callbacks):
    draft = WorkshopFactory(state="draft", title="Now public")
    url = reverse("workshops:detail", args=[draft.slug])
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        publish_workshop(draft, by=None)
    assert '<h1 id="workshop-title">Now public</h1>' in page_of(client, draft)


def test_workshop_page_shows_moved_programme_item(client, django_capture_on_commit_callbacks):
    workshop = WorkshopFactory()
    ProgrammeItemFactory(workshop=workshop, title="First talk")
    second = ProgrammeItemFactory(workshop=workshop, title="Second talk")
    assert programme_titles(page_of(client, workshop)) == ["First talk", "Second talk"]
    with django_capture_on_commit_callbacks(execute=True):
        move_programme_item(second, up=True, by=None)
    assert programme_titles(page_of(client, workshop)) == ["Second talk", "First talk"]


def test_workshop_page_second_visit_needs_no_queries(client, django_assert_num_queries):
    workshop = WorkshopFactory(title="Cached")
    first = page_of(client, workshop)
    with django_assert_num_queries(0):
        second = page_of(client, workshop)
    assert second == first


# Query counts that do not grow with the data


def workshop_with_programme(count):
    workshop = WorkshopFactory()
    for _ in range(count):
        item = ProgrammeItemFactory(workshop=workshop, chair=SpeakerFactory())
        item.speakers.set(SpeakerFactory.create_batch(2))
        MaterialFactory(workshop=workshop)
    return f"/workshops/{workshop.slug}/", '<tr class="programme-talk">'


def workshops_in_series(count):
    for _ in range(count):
        WorkshopFactory(series=WorkshopSeriesFactory()).networks.add(NetworkFactory())
    return "/workshops/", 'class="h5 card-title"'


def materials(count):
    MaterialFactory.create_batch(count)
    return "/downloads/", "(Presentation, link)"


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("make", "queries"),
    # A workshop's page: 6 for the page, 3 for the contributions block (calls and the pack),
    # 1 for the report block (whether its report is published).
    [(workshop_with_programme, 10), (workshops_in_series, 4), (materials, 2)],
)
def test_first_visit_queries_fixed_whatever_the_data(
    client, django_assert_num_queries, make, queries, count
):
    url, marker = make(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(marker) == count


def test_list_with_an_unknown_filter_value_says_so(client):
    WorkshopFactory(title="Understandings of Inequality")
    content = client.get("/workshops/?series=no-such-series").content.decode()
    assert "There is a problem" in content
    assert 'href="#id_series"' in content


def test_signed_in_organiser_never_gets_the_anonymous_copy(client, organiser):
    workshop = WorkshopFactory(title="Understandings of Inequality")
    url = f"/workshops/{workshop.slug}/"
    assert "secret-room-123" not in client.get(url).content.decode()  # now cached for visitors

    client.force_login(organiser)
    content = client.get(url).content.decode()

    assert "Manage this workshop" in content
    assert "https://meet.example.org/join/secret-room-123" in content


@pytest.mark.parametrize("count", [1, 3])
def test_signed_in_participant_gets_the_cached_page_without_loading_the_programme(
    client, participant, django_assert_num_queries, count
):
    workshop = WorkshopFactory()
    for _ in range(count):
        ProgrammeItemFactory(workshop=workshop)
    url = f"/workshops/{workshop.slug}/"
    client.get(url)  # a visitor's request fills the cache
    client.force_login(participant)
    # The person (their session and permissions come from Redis); whether they are named
    # among its organisers is kept with the cached page.
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert "Manage this workshop" not in response.content.decode()
    # Asked again: the person is kept in the cache too.
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_someone_named_among_a_workshops_organisers_manages_it_from_their_next_visit(
    client, participant, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory()
    url = f"/workshops/{workshop.slug}/"
    client.force_login(participant)
    assert "Manage this workshop" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workshop.organisers.add(participant)
    assert "Manage this workshop" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        workshop.organisers.remove(participant)
    assert "Manage this workshop" not in client.get(url).content.decode()
