"""The public programme shows an item's kind only when its title does not say it already:
"Lunch", not "Lunch (Meal)"; "The power of networks (Panel)"."""

import re

import pytest
from django.urls import reverse

from tests.factories import ProgrammeItemFactory, WorkshopFactory
from workshops.programme_kinds import kind_note


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("meal", "Lunch"),
        ("meal", "Networking lunch"),
        ("meal", "Buffet dinner"),
        ("break", "Break"),
        ("break", "Coffee"),
        ("break", "Tea and coffee"),
        ("break", "Comfort break"),
        ("break", "Refreshments"),
        ("registration", "Registration"),
        ("registration", "Arrival and sign-in"),
        ("welcome", "Welcome and introductions"),
        ("welcome", "Opening remarks"),
        ("qa", "Q&A"),
        ("qa", "Questions from the floor"),
        ("panel", "Panel discussion"),
        ("breakouts", "Breakout groups"),
        ("breakouts", "Break-out rooms"),
        ("breakouts", "Action planning"),
        ("plenary", "Feedback from the groups"),
        ("plenary", "Plenary"),
        ("close", "Close"),
        ("close", "Next steps and close"),
        ("close", "Thanks and wrap-up"),
    ],
)
def test_kind_note_is_empty_when_the_title_says_the_kind(kind, title):
    assert kind_note(kind, title) == ""


@pytest.mark.parametrize(
    ("kind", "title", "note"),
    [
        ("panel", "The power of networks", "Panel"),
        ("plenary", "What we heard", "Plenary and recommendations"),
        ("qa", "Over to you", "Questions and answers"),
        ("break", "Breakout rooms open", "Break"),  # "Breakout" is no break
        ("meal", "Networking", "Meal"),  # networking says "break", not "meal"
        ("welcome", "Coffee", "Welcome"),
        ("close", "Open forum", "Close"),
    ],
)
def test_kind_note_names_the_kind_the_title_does_not_say(kind, title, note):
    assert kind_note(kind, title) == note


@pytest.mark.parametrize("kind", ["talk", "other", "unknown"])
def test_kind_note_never_for_talks_and_other_items(kind):
    assert kind_note(kind, "Understanding inequality") == ""


@pytest.mark.django_db
def test_workshop_page_programme_repeats_no_kind(client):
    workshop = WorkshopFactory()
    for position, (kind, title) in enumerate(
        [
            ("registration", "Registration and coffee"),
            ("welcome", "Welcome"),
            ("panel", "The power of networks"),
            ("break", "Break"),
            ("meal", "Lunch"),
            ("breakouts", "Breakout groups"),
            ("plenary", "What we heard"),
            ("talk", "Keynote"),
        ]
    ):
        ProgrammeItemFactory(workshop=workshop, kind=kind, title=title, position=position)

    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()

    rows = re.findall(r'<tr class="programme-[a-z]+">.*?<td>\s*(.*?)\s*</td>', content, re.S)
    assert [re.sub(r"<[^>]+>", "", row).strip() for row in rows] == [
        "Registration and coffee",
        "Welcome",
        "The power of networks (Panel)",
        "Break",
        "Lunch",
        "Breakout groups",
        "What we heard (Plenary and recommendations)",
        "Keynote",
    ]
