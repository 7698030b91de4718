"""The people a pasted programme names, one rule at a time: honorifics, affiliations in
brackets, after a comma or a dash, or known to the directory; "Chair:" lines; a quoted talk
title after a speaker; dashes as separators and before a description; known speakers, and
what the preview says when a line is saved as one of them."""

import pytest

from workshops.programme_people import people_in, read_title
from workshops.programme_text import parse_programme
from workshops.speaker_names import (
    Directory,
    KnownSpeaker,
    known_speaker_notes,
    match_known,
    parse_speaker,
    read_person,
)

EMPTY = Directory()
DYMSKI = "Professor Gary Dymski (Leeds University Business School)"


def title_parts(text, directory=EMPTY):
    parts = read_title(text, directory)
    return parts.title, [person.label for person in parts.speakers], parts.description


def labels(people):
    return [person.label for person in people]


@pytest.mark.parametrize(
    "honorific",
    ["Dr", "Dr.", "Professor", "Prof", "Prof.", "Ms", "Mr", "Mrs", "Cllr", "Sir", "Dame"],
)
def test_honorific_marks_a_name_after_a_comma(honorific):
    assert title_parts(f"Opening remarks, {honorific} Jane Smith") == (
        "Opening remarks",
        [f"{honorific} Jane Smith"],
        "",
    )


@pytest.mark.parametrize("honorific", ["Dr", "Professor", "Cllr", "Dame"])
def test_honorific_with_surname_alone_is_a_name(honorific):
    person = read_person(f"{honorific} Smith", EMPTY)
    assert (person.honorific, person.name, person.strong) == (honorific, "Smith", True)


def test_honorific_does_not_count_inside_a_word():
    assert title_parts("Welcome, Drinks in the foyer") == ("Welcome, Drinks in the foyer", [], "")


def test_affiliation_in_brackets():
    person = read_person("Dr Ghazala Mir (Leeds Institute of Health Sciences)", EMPTY)
    assert (person.honorific, person.name, person.role, person.affiliation) == (
        "Dr",
        "Ghazala Mir",
        "",
        "Leeds Institute of Health Sciences",
    )


def test_role_and_affiliation_in_brackets():
    person = read_person(
        "Professor Adam Crawford (Director, Leeds Social Sciences Institute)", EMPTY
    )
    assert (person.role, person.affiliation) == ("Director", "Leeds Social Sciences Institute")
    assert person.label == "Professor Adam Crawford (Director, Leeds Social Sciences Institute)"


def test_affiliation_after_a_comma():
    assert title_parts("Keynote, Dr Jane Smith, University of York") == (
        "Keynote",
        ["Dr Jane Smith (University of York)"],
        "",
    )


@pytest.mark.parametrize("dash", ["–", "—", "-"])
def test_affiliation_after_a_dash(dash):
    assert title_parts(f"Keynote {dash} Dr Jane Smith {dash} University of York") == (
        "Keynote",
        ["Dr Jane Smith (University of York)"],
        "",
    )


def test_affiliation_written_straight_after_the_name():
    person = read_person("Professor Sarah Salway University of Sheffield", EMPTY)
    assert person.label == "Professor Sarah Salway (University of Sheffield)"


def test_affiliation_known_to_the_directory():
    directory = Directory(organisations=["NHS England"])

    assert read_person("Jane Smith NHS England", directory).label == "Jane Smith (NHS England)"
    assert read_person("Jane Smith NHS England", EMPTY) is None


def test_affiliation_spelt_as_the_directory_spells_it():
    directory = Directory(organisations=["University of Leeds"])
    person = read_person("Dr Jane Smith (University of leeds)", directory)
    assert person.affiliation == "University of Leeds"


def test_affiliation_after_the_last_name_is_everyone_s():
    assert title_parts(
        "What does the research tell us? Ghazala Mir and Morgan Campbell University of Leeds"
    ) == (
        "What does the research tell us?",
        ["Ghazala Mir (University of Leeds)", "Morgan Campbell (University of Leeds)"],
        "",
    )


def test_organisation_speaks_beside_a_person():
    line = (
        "- Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and Social "
        "Policy, University of Leeds) – Using Research to drive holistic change"
    )
    assert labels(people_in(line, EMPTY)) == [
        "Leeds Poverty Truth Commission",
        "Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds)",
    ]


def test_organisation_after_a_dash_speaks():
    assert title_parts("Opening – Leeds Poverty Truth Commission") == (
        "Opening",
        ["Leeds Poverty Truth Commission"],
        "",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Registration, Tea & Coffee",
        "Next Steps & Close",
        "Q & A plus chat feedback",
        "Lunch – Main Hall",
        "Break, Coffee Room",
        "Recommendations, feedback, from facilitators for each group and next steps",
        "The Power of Networks – continued.",
        "Understandings of Inequality: what does the existing research tell us?",
        "Welcome and Introduction",
        "Health Inequalities: Public Policy",
        "Co-production - what it means",
    ],
)
def test_titles_without_people_stay_whole(text):
    assert title_parts(text) == (text, [], "")


def test_weak_name_counts_after_a_dash_only():
    assert title_parts("Introduction to the platform – Arkadiusz Zadka") == (
        "Introduction to the platform",
        ["Arkadiusz Zadka"],
        "",
    )
    assert title_parts("Introduction to the platform, Arkadiusz Zadka")[1] == []
    assert title_parts("Introduction to the platform: Arkadiusz Zadka")[1] == []


def test_known_speaker_counts_after_a_comma():
    directory = Directory(speakers=[KnownSpeaker(1, "", "Wendy Bottero")])

    assert title_parts("Keynote, Wendy Bottero", directory) == ("Keynote", ["Wendy Bottero"], "")
    assert title_parts("Keynote, Wendy Bottero") == ("Keynote, Wendy Bottero", [], "")


def test_several_people_after_a_comma():
    assert title_parts(
        "Welcome and Introduction, Professor Adam Crawford (Director, Leeds Social Sciences "
        "Institute), Dr Ghazala Mir (Leeds Institute of Health Sciences)"
    ) == (
        "Welcome and Introduction",
        [
            "Professor Adam Crawford (Director, Leeds Social Sciences Institute)",
            "Dr Ghazala Mir (Leeds Institute of Health Sciences)",
        ],
        "",
    )


@pytest.mark.parametrize("dash", ["–", "—", "-"])
def test_speaker_after_each_kind_of_dash(dash):
    text = f"Recommendations and Feedback {dash} {DYMSKI}"
    assert title_parts(text) == ("Recommendations and Feedback", [DYMSKI], "")


def test_speaker_before_a_colon_needs_a_title_or_affiliation():
    assert title_parts("Dr Jane Smith: what the research says") == (
        "what the research says",
        ["Dr Jane Smith"],
        "",
    )
    assert title_parts("Jane Smith: what the research says")[1] == []


@pytest.mark.parametrize("quotes", ['""', "“”"])
def test_quoted_talk_title_after_a_speaker(quotes):
    text = (
        f"Wendy Bottero: {quotes[0]}Why do people so often put up with inequality - and how can "
        f"it help us to understand why they sometimes don't?{quotes[1]}  Q & A plus feedback (chat)"
    )
    assert title_parts(text) == (
        "Why do people so often put up with inequality - and how can it help us to understand "
        "why they sometimes don't?",
        ["Wendy Bottero"],
        "Q & A plus feedback (chat)",
    )


def test_description_after_a_dash():
    text = (
        "The Power of Networks – current activity and future potential –Speakers will give an "
        "overview of the work their network is doing."
    )
    assert title_parts(text) == (
        "The Power of Networks – current activity and future potential",
        [],
        "Speakers will give an overview of the work their network is doing.",
    )


def test_short_subtitle_after_a_dash_stays_in_the_title():
    text = "Understanding inequality – What the research says about services"
    assert title_parts(text) == (text, [], "")


def test_brackets_and_quotes_hide_separators():
    assert title_parts('Talk "Why - and how" (part one, two)') == (
        'Talk "Why - and how" (part one, two)',
        [],
        "",
    )


def test_full_stop_after_an_honorific_ends_nothing():
    assert title_parts("Keynote. Dr. Jane Smith (University of York)") == (
        "Keynote.",
        ["Dr. Jane Smith (University of York)"],
        "",
    )


def test_description_lines_give_strong_names_anywhere_weak_ones_at_the_end():
    assert labels(people_in("Dr Jane Smith (York), with questions after", EMPTY)) == [
        "Dr Jane Smith (York)"
    ]
    assert labels(people_in("- Promoting Action – Identifying priority areas", EMPTY)) == []
    assert labels(people_in("Introduction to the platform – Arkadiusz Zadka", EMPTY)) == [
        "Arkadiusz Zadka"
    ]
    assert labels(people_in("Q & A plus feedback (chat)", EMPTY)) == []


def test_chair_line_keeps_the_organisation():
    [item] = parse_programme(
        "10:00 Welcome Chair: Professor Sarah Salway University of Sheffield Introduction to "
        "the platform"
    ).items
    assert (item.title, item.chair, item.description) == (
        "Welcome",
        "Professor Sarah Salway (University of Sheffield)",
        "Introduction to the platform",
    )


def test_chair_after_a_comma_with_brackets_and_full_stop():
    [item] = parse_programme(
        "14.00 – 15.30 Action Planning Groups, Chair: Professor Gary Dymski (Leeds University "
        "Business School)."
    ).items
    assert (item.title, item.chair, item.speakers) == (
        "Action Planning Groups",
        "Professor Gary Dymski (Leeds University Business School)",
        [],
    )


def test_chair_named_again_in_the_description_is_not_a_speaker():
    [item] = parse_programme(
        "10:00 Panel Chair: Dr Jane Smith (University of York)\nDr Jane Smith (University of "
        "York) and Dr Ann Lee (City Council)"
    ).items
    assert (item.chair, item.speakers) == (
        "Dr Jane Smith (University of York)",
        ["Dr Ann Lee (City Council)"],
    )


GHAZALA = KnownSpeaker(7, "Dr", "Ghazala Mir", "", "Leeds Institute of Health Sciences")
GHAZALA_LEEDS = KnownSpeaker(9, "Dr", "Ghazala Mir", "", "University of Leeds")
MORGAN = KnownSpeaker(3, "", "Morgan Campbell", "", "")


def test_match_known_same_name_and_affiliation_or_none():
    directory = Directory(speakers=[GHAZALA, GHAZALA_LEEDS, MORGAN])

    assert match_known("Ghazala Mir (University of Leeds)", directory) == GHAZALA_LEEDS
    assert match_known("ghazala mir", directory) == GHAZALA
    assert match_known("Morgan Campbell (University of Leeds)", directory) == MORGAN
    assert match_known("Ghazala Mir (University of York)", directory) is None
    assert match_known("Amira Khan", directory) is None


def test_notes_say_a_line_is_saved_as_a_known_speaker():
    directory = Directory(speakers=[GHAZALA_LEEDS])

    assert known_speaker_notes(["Ghazala Mir (University of Leeds)", ""], directory) == [
        "“Ghazala Mir (University of Leeds)”: matched to the speaker Dr Ghazala Mir (University "
        "of Leeds), already in the list of speakers."
    ]


def test_notes_silent_for_a_line_written_as_the_known_speaker():
    directory = Directory(speakers=[GHAZALA_LEEDS])
    assert known_speaker_notes(["Dr Ghazala Mir (University of Leeds)"], directory) == []


def test_notes_say_a_namesake_with_another_affiliation_is_a_new_speaker():
    directory = Directory(speakers=[GHAZALA])

    assert known_speaker_notes(["Ghazala Mir (University of Leeds)"], directory) == [
        "“Ghazala Mir (University of Leeds)” is saved as a new speaker: the portal has Dr "
        "Ghazala Mir (Leeds Institute of Health Sciences). To use that speaker, write the line "
        "the same way."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cllr Jane Smith (Leeds City Council)", ("Cllr", "Jane Smith", "", "Leeds City Council")),
        ("Dame Jane Smith", ("Dame", "Jane Smith", "", "")),
        (
            "Professor Gary Dymski Leeds University Business School",
            ("Professor", "Gary Dymski", "", "Leeds University Business School"),
        ),
    ],
)
def test_parse_speaker_reads_new_honorifics_and_affiliations(text, expected):
    parts = parse_speaker(text)
    assert (parts["honorific"], parts["name"], parts["role"], parts["affiliation"]) == expected
