"""The two real programmes organisers pasted (seeds 000 and 002, copied into programmes/),
read item by item: time, kind, title, chair, speakers with affiliations, description."""

from datetime import time
from pathlib import Path

import pytest

from workshops.programme_text import KINDS, parse_programme
from workshops.speaker_names import Directory, KnownSpeaker

PROGRAMMES = Path(__file__).parent / "programmes"
SEED_000 = (PROGRAMMES / "seed_000.txt").read_text()
SEED_002 = (PROGRAMMES / "seed_002.txt").read_text()

DYMSKI = "Professor Gary Dymski (Leeds University Business School)"
EDMISTON = "Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds)"
BREAKOUT_PROMPTS = (
    "- [with chat recorded] facilitators from each network to explore research questions and "
    "organisations interested in collaboration:\n"
    "- Challenges and good practice - what works and what prevents implementation of good "
    "practice? Potential research questions\n"
    "- Priorities for service development - short, medium and longer term goals for service "
    "development in this area; potential research questions\n"
    "- Designing development research - what kinds of research design would support service "
    "development while modelling equitable practice? Examples of design eg implementation "
    "research; research into practice models\n"
    "- Research collaboration - which organisations would be interested in acting as sites for "
    "research in areas identified?"
)

# (line, starts, ends, kind, title, chair, speakers, description)
EXPECTED_000 = [
    (
        1,
        time(10, 0),
        time(10, 5),
        "welcome",
        "Welcome",
        "Professor Sarah Salway (University of Sheffield)",
        ["Arkadiusz Zadka"],
        "Introduction to the platform – Arkadiusz Zadka",
    ),
    (
        2,
        time(10, 5),
        time(10, 20),
        "talk",
        "Understandings of Inequality: what does the existing research tell us?",
        "",
        ["Ghazala Mir (University of Leeds)", "Morgan Campbell (University of Leeds)"],
        "",
    ),
    (3, time(10, 20), time(10, 30), "qa", "Q & A plus chat feedback", "", [], ""),
    (
        4,
        time(10, 30),
        time(11, 0),
        "talk",
        "Why do people so often put up with inequality - and how can it help us to understand "
        "why they sometimes don't?",
        "",
        ["Wendy Bottero"],
        "Q & A plus feedback (chat)",
    ),
    (5, time(11, 0), time(11, 10), "break", "Break", "", [], ""),
    (6, time(11, 10), time(12, 0), "breakouts", "Breakout groups", "", [], BREAKOUT_PROMPTS),
    (
        7,
        time(12, 0),
        time(12, 30),
        "plenary",
        "Recommendations, feedback, from facilitators for each group and next steps",
        "",
        [],
        "",
    ),
    (8, time(12, 30), None, "close", "Finish", "", [], ""),
]

EXPECTED_002 = [
    (3, time(9, 30), time(10, 0), "registration", "Registration, Tea & Coffee", "", [], ""),
    (
        5,
        time(10, 0),
        time(10, 15),
        "welcome",
        "Welcome and Introduction",
        "",
        [
            "Professor Adam Crawford (Director, Leeds Social Sciences Institute)",
            "Dr Ghazala Mir (Leeds Institute of Health Sciences)",
        ],
        "",
    ),
    (
        7,
        time(10, 15),
        time(11, 5),
        "talk",
        "Opening Presentations",
        "",
        ["Leeds Poverty Truth Commission", EDMISTON],
        "Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and Social "
        "Policy, University of Leeds) – Using Research to drive holistic change",
    ),
    (
        11,
        time(11, 0),
        time(11, 55),
        "panel",
        "The Power of Networks – current activity and future potential",
        "",
        [],
        "Speakers will give an overview of the work their network is doing currently, how they "
        "have fostered collaboration, their ideas about what they would want a ‘Network of "
        "Networks’ to achieve and how it might work in practice.",
    ),
    (13, time(11, 55), time(12, 15), "break", "Refreshment Break", "", [], ""),
    (15, time(12, 15), time(13, 0), "panel", "The Power of Networks – continued.", "", [], ""),
    (17, time(13, 0), time(14, 0), "meal", "Lunch", "", [], ""),
    (
        19,
        time(14, 0),
        time(15, 30),
        "breakouts",
        "Action Planning Groups",
        DYMSKI,
        [],
        "To discuss:\n"
        "- Promoting Action – Identifying priority areas for joint work: areas that can be "
        "promoted via members and adopted as common themes\n"
        "- Increasing Resources – for work on inequalities: what funds are available and how can "
        "we access them?\n"
        "- Supporting Partnerships – how can joint working between and within networks be "
        "sustained and mutually beneficial to all partners?",
    ),
    (
        27,
        time(15, 30),
        time(16, 0),
        "plenary",
        "Recommendations and Feedback",
        "",
        [DYMSKI],
        "",
    ),
    (29, time(16, 0), None, "close", "Next Steps & Close", "", [], ""),
]

# What the demo has in the portal before a paste: the same programmes give the same items.
DEMO_DIRECTORY = Directory(
    speakers=[
        KnownSpeaker(1, "Dr", "Ghazala Mir", "", "University of Leeds"),
        KnownSpeaker(2, "", "Morgan Campbell", "", "University of Leeds"),
        KnownSpeaker(3, "", "Wendy Bottero", "", ""),
        KnownSpeaker(4, "Professor", "Gary Dymski", "", "Leeds University Business School"),
    ],
    organisations=["University of Leeds", "University of Sheffield", "Leeds Beckett University"],
)


def rows(text, directory=None):
    return [
        (
            item.line_number,
            item.starts_at,
            item.ends_at,
            item.kind,
            item.title,
            item.chair,
            item.speakers,
            item.description,
        )
        for item in parse_programme(text, directory).items
    ]


@pytest.mark.parametrize("directory", [None, DEMO_DIRECTORY], ids=["empty", "demo"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [(SEED_000, EXPECTED_000), (SEED_002, EXPECTED_002)],
    ids=["seed_000", "seed_002"],
)
def test_seed_programme_every_item_right(text, expected, directory):
    read = rows(text, directory)

    assert len(read) == len(expected)
    for got, want in zip(read, expected, strict=True):
        assert got == want


def test_seed_000_footer_reported_after_programme():
    unreadable = parse_programme(SEED_000).unreadable

    assert [(line.line_number, line.text, line.reason) for line in unreadable] == [
        (
            10,
            "Twitter #Inequalities + @LSSI @HeronNetwork @NIHR @+your organisation",
            "This line comes after the programme.",
        )
    ]


def test_seed_002_heading_and_footer_reported():
    unreadable = parse_programme(SEED_002).unreadable

    assert [(line.line_number, line.text, line.reason) for line in unreadable] == [
        (
            1,
            "Event programme",
            "This line comes before the first time, so it is not part of any item.",
        ),
        (
            32,
            "#SocialJusticePartnerships\xa0| #SocialJustice | #SocialMobility | #SocialInclusion",
            "This line comes after the programme.",
        ),
    ]


def test_seed_items_know_the_lines_they_were_read_from():
    items = parse_programme(SEED_002).items

    assert [(item.line_number, item.last_line) for item in items] == [
        (3, 3),
        (5, 5),
        (7, 9),
        (11, 11),
        (13, 13),
        (15, 15),
        (17, 17),
        (19, 25),
        (27, 27),
        (29, 29),
    ]


def test_seed_kinds_all_known():
    items = parse_programme(SEED_000).items + parse_programme(SEED_002).items
    assert {item.kind for item in items} <= set(KINDS)
