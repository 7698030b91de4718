"""The programme parser's times, lines and kinds; the two real programmes are read item by
item in test_paste_seeds.py, and the people in them in test_paste_people.py."""

from datetime import time

import pytest

from workshops.programme_text import parse_clock, parse_programme, without_bullet


def summary(item):
    return (item.line_number, item.starts_at, item.ends_at, item.kind, item.title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:00", time(10, 0)),
        ("10.05", time(10, 5)),
        ("9.30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("14:00", time(14, 0)),
        ("10", time(10, 0)),
        ("2pm", time(14, 0)),
        ("2.30pm", time(14, 30)),
        ("12.30 pm", time(12, 30)),
        ("12am", time(0, 0)),
        (" 9.30 AM ", time(9, 30)),
    ],
)
def test_parse_clock_accepted_form(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "10:75", "", "noon", "13pm", "10:00 Welcome"])
def test_parse_clock_refused_form(text):
    with pytest.raises(ValueError, match=r"\w"):
        parse_clock(text)


def test_parse_programme_impossible_time_reported():
    programme = parse_programme("10.00 Welcome\n25.00 Something\n10.30 Talk")

    assert [item.title for item in programme.items] == ["Welcome", "Talk"]
    assert programme.items[0].description == ""
    assert [(line.line_number, line.text) for line in programme.unreadable] == [
        (2, "25.00 Something")
    ]
    assert "cannot be read" in programme.unreadable[0].reason


def test_parse_programme_no_times_everything_unreadable():
    programme = parse_programme("Event programme\n\nSpeakers to be confirmed\n2 groups")

    assert programme.items == []
    assert [line.line_number for line in programme.unreadable] == [1, 3, 4]


def test_parse_programme_range_with_to_and_tight_hyphen():
    text = "10.00 to 10.30 Keynote\n10.30-11.00 Panel discussion\n2-3pm Tour"
    items = parse_programme(text).items

    assert [summary(item) for item in items] == [
        (1, time(10, 0), time(10, 30), "talk", "Keynote"),
        (2, time(10, 30), time(11, 0), "panel", "Panel discussion"),
        (3, time(14, 0), time(15, 0), "talk", "Tour"),
    ]


def test_parse_programme_windows_line_endings():
    programme = parse_programme("Heading\r\n10:00 Welcome\r\nDetails\r\n\r\n11:00 CLOSE\r\n")

    assert [summary(item) for item in programme.items] == [
        (2, time(10, 0), time(11, 0), "welcome", "Welcome"),
        (5, time(11, 0), None, "close", "Close"),
    ]
    assert programme.items[0].description == "Details"
    assert [(line.line_number, line.text) for line in programme.unreadable] == [(1, "Heading")]


def test_parse_programme_text_below_last_time_kept_until_blank():
    programme = parse_programme("16.00 Close\nDrinks in the foyer\n\nwww.example.org")

    assert programme.items[0].description == "Drinks in the foyer"
    assert [line.text for line in programme.unreadable] == ["www.example.org"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("• Can challenges be addressed?", "Can challenges be addressed?"),
        ("• • Can challenges be addressed?", "Can challenges be addressed?"),
        ("  - What works?", "What works?"),
        ("* ▪ Who is left out?", "Who is left out?"),
        ("-5 degrees outside?", "-5 degrees outside?"),
        ("", ""),
    ],
)
def test_without_bullet_drops_every_leading_bullet(line, expected):
    assert without_bullet(line) == expected


def test_parse_programme_talk_with_speakers_is_a_panel():
    programme = parse_programme("11.00 Networks today\nSpeakers will give an overview.\n12.00 Talk")
    assert [item.kind for item in programme.items] == ["panel", "talk"]


def test_parse_programme_continued_item_has_the_kind_it_continues():
    text = "10.00 Action groups\n11.00 Break\n11.15 Action groups (continued)\n12.00 Lunch"
    assert [item.kind for item in parse_programme(text).items] == [
        "breakouts",
        "break",
        "breakouts",
        "meal",
    ]


def test_parse_programme_one_bulleted_line_loses_its_bullet():
    programme = parse_programme("10.00 Opening\n  • Dr Ann Lee (City Council) – Using research")
    [item] = programme.items
    assert (item.description, item.speakers) == (
        "Dr Ann Lee (City Council) – Using research",
        ["Dr Ann Lee (City Council)"],
    )
    assert item.last_line == 2
