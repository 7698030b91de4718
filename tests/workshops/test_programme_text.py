"""The programme parser against the two real programmes organisers pasted, and its edge cases."""

from datetime import time

import pytest

from workshops.programme_text import KINDS, parse_clock, parse_programme

# Online half-day workshop, 24 June 2020. The document has a tab after each time ("\t").
SEED_A = """\
10:00\tWelcome Chair: Professor Sarah Salway University of Sheffield Introduction to the platform – Arkadiusz Zadka
10.05\tUnderstandings of Inequality: what does the existing research tell us? Ghazala Mir and Morgan Campbell University of Leeds
10:20\tQ & A plus chat feedback
10:30\tWendy Bottero: "Why do people so often put up with inequality - and how can it help us to understand why they sometimes don't?"  Q & A plus feedback (chat)
11.00\tBREAK
11:10\t<ul> <li>[with chat recorded] facilitators from each network to explore research questions and organisations interested in collaboration:</li> <li>Challenges and good practice - what works and what prevents implementation of good practice? Potential research questions</li> <li>Priorities for service development - short, medium and longer term goals for service development in this area; potential research questions</li> <li>Designing development research - what kinds of research design would support service development while modelling equitable practice? Examples of design eg implementation research; research into practice models</li> <li>Research collaboration - which organisations would be interested in acting as sites for research in areas identified?</li> </ul>
12:00\tRecommendations, feedback, from facilitators for each group and next steps
12.30\tFinish

Twitter #Inequalities + @LSSI @HeronNetwork @NIHR @+your organisation
"""  # noqa: E501

# In-person full day. The overlap 10.15–11.05 then 11.00–11.55 is in the real document.
SEED_B = """\
Event programme

9.30 – 10.00 Registration, Tea & Coffee

10.00 – 10.15 Welcome and Introduction, Professor Adam Crawford (Director, Leeds Social Sciences Institute), Dr Ghazala Mir (Leeds Institute of Health Sciences)

10.15 – 11.05 Opening Presentations

  • Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds) – Using Research to drive holistic change

11.00 – 11.55 The Power of Networks – current activity and future potential –Speakers will give an overview of the work their network is doing currently, how they have fostered collaboration, their ideas about what they would want a ‘Network of Networks’ to achieve and how it might work in practice.

11.55 – 12.15 Refreshment Break

12.15 – 13.00 The Power of Networks – continued.

13.00 – 14.00 Lunch

14.00 – 15.30 Action Planning Groups, Chair: Professor Gary Dymski (Leeds University Business School).

To discuss:

  • Promoting Action – Identifying priority areas for joint work: areas that can be promoted via members and adopted as common themes
  • Increasing Resources – for work on inequalities: what funds are available and how can we access them?
  • Supporting Partnerships – how can joint working between and within networks be sustained and mutually beneficial to all partners?

15.30-16.00 Recommendations and Feedback – Professor Gary Dymski (Leeds University Business School)

16.00 Next Steps & Close


#SocialJusticePartnerships | #SocialJustice | #SocialMobility | #SocialInclusion
"""  # noqa: E501

BOTTERO = (
    'Wendy Bottero: "Why do people so often put up with inequality - and how can it help us to '
    "understand why they sometimes don't?\" Q & A plus feedback (chat)"
)
POWER_OF_NETWORKS = (
    "The Power of Networks – current activity and future potential –Speakers will give an "
    "overview of the work their network is doing currently, how they have fostered "
    "collaboration, their ideas about what they would want a ‘Network of Networks’ to achieve "
    "and how it might work in practice."
)


def summary(item):
    return (item.line_number, item.starts_at, item.ends_at, item.kind, item.title)


def test_seed_a_items_read_exactly():
    items = parse_programme(SEED_A).items

    assert [summary(item) for item in items] == [
        (1, time(10, 0), time(10, 5), "welcome", "Welcome"),
        (
            2,
            time(10, 5),
            time(10, 20),
            "talk",
            "Understandings of Inequality: what does the existing research tell us? "
            "Ghazala Mir and Morgan Campbell University of Leeds",
        ),
        (3, time(10, 20), time(10, 30), "qa", "Q & A plus chat feedback"),
        (4, time(10, 30), time(11, 0), "talk", BOTTERO),
        (5, time(11, 0), time(11, 10), "break", "Break"),
        (6, time(11, 10), time(12, 0), "breakouts", "Breakout groups"),
        (
            7,
            time(12, 0),
            time(12, 30),
            "plenary",
            "Recommendations, feedback, from facilitators for each group and next steps",
        ),
        (8, time(12, 30), None, "close", "Finish"),
    ]
    assert items[0].chair == "Professor Sarah Salway University of Sheffield"
    assert items[0].description == "Introduction to the platform – Arkadiusz Zadka"
    assert [item.chair for item in items[1:]] == [""] * 7
    assert items[5].description.split("\n") == [
        "- [with chat recorded] facilitators from each network to explore research questions "
        "and organisations interested in collaboration:",
        "- Challenges and good practice - what works and what prevents implementation of good "
        "practice? Potential research questions",
        "- Priorities for service development - short, medium and longer term goals for service "
        "development in this area; potential research questions",
        "- Designing development research - what kinds of research design would support service "
        "development while modelling equitable practice? Examples of design eg implementation "
        "research; research into practice models",
        "- Research collaboration - which organisations would be interested in acting as sites "
        "for research in areas identified?",
    ]
    assert [item.description for item in items if item.line_number not in (1, 6)] == [""] * 6


def test_seed_a_footer_reported_after_programme():
    unreadable = parse_programme(SEED_A).unreadable

    assert [(line.line_number, line.text) for line in unreadable] == [
        (10, "Twitter #Inequalities + @LSSI @HeronNetwork @NIHR @+your organisation")
    ]
    assert unreadable[0].reason == "This line comes after the programme."


def test_seed_b_items_read_exactly():
    items = parse_programme(SEED_B).items

    assert [summary(item) for item in items] == [
        (3, time(9, 30), time(10, 0), "registration", "Registration, Tea & Coffee"),
        (
            5,
            time(10, 0),
            time(10, 15),
            "welcome",
            "Welcome and Introduction, Professor Adam Crawford (Director, Leeds Social Sciences "
            "Institute), Dr Ghazala Mir (Leeds Institute of Health Sciences)",
        ),
        (7, time(10, 15), time(11, 5), "talk", "Opening Presentations"),
        (11, time(11, 0), time(11, 55), "talk", POWER_OF_NETWORKS),
        (13, time(11, 55), time(12, 15), "break", "Refreshment Break"),
        (15, time(12, 15), time(13, 0), "talk", "The Power of Networks – continued."),
        (17, time(13, 0), time(14, 0), "meal", "Lunch"),
        (19, time(14, 0), time(15, 30), "breakouts", "Action Planning Groups"),
        (
            27,
            time(15, 30),
            time(16, 0),
            "plenary",
            "Recommendations and Feedback – Professor Gary Dymski (Leeds University Business "
            "School)",
        ),
        (29, time(16, 0), None, "close", "Next Steps & Close"),
    ]
    assert items[2].description == (
        "- Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and Social "
        "Policy, University of Leeds) – Using Research to drive holistic change"
    )
    assert items[7].chair == "Professor Gary Dymski (Leeds University Business School)"
    assert items[7].description == (
        "To discuss:\n"
        "- Promoting Action – Identifying priority areas for joint work: areas that can be "
        "promoted via members and adopted as common themes\n"
        "- Increasing Resources – for work on inequalities: what funds are available and how "
        "can we access them?\n"
        "- Supporting Partnerships – how can joint working between and within networks be "
        "sustained and mutually beneficial to all partners?"
    )
    assert [item.chair for item in items if item.line_number != 19] == [""] * 9
    others = [item.description for item in items if item.line_number not in (7, 19)]
    assert others == [""] * 8


def test_seed_b_heading_and_footer_reported():
    unreadable = parse_programme(SEED_B).unreadable

    assert [(line.line_number, line.text, line.reason) for line in unreadable] == [
        (
            1,
            "Event programme",
            "This line comes before the first time, so it is not part of any item.",
        ),
        (
            32,
            "#SocialJusticePartnerships | #SocialJustice | #SocialMobility | #SocialInclusion",
            "This line comes after the programme.",
        ),
    ]


def test_seed_kinds_all_known():
    items = parse_programme(SEED_A).items + parse_programme(SEED_B).items
    assert {item.kind for item in items} <= set(KINDS)


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
