"""The paste preview as an organiser meets it: speakers and chairs in their fields, merges
with speakers already in the portal said out loud, the source lines numbered, Save at the
top and the bottom; and what saving makes of it. Also speakers shown one way on every page,
and key questions pasted with their bullets."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import (
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.forms.workshops import WorkshopForm
from workshops.models import Speaker

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
PROGRAMMES = Path(__file__).parent / "programmes"
SEED_000 = (PROGRAMMES / "seed_000.txt").read_text()
SEED_002 = (PROGRAMMES / "seed_002.txt").read_text()


@pytest.fixture
def signed_in(client, organiser):
    client.force_login(organiser)
    return client


def workshop_on(organiser, opens, closes):
    workshop = WorkshopFactory(
        state="draft",
        starts_at=datetime(2030, 11, 19, *opens, tzinfo=LONDON),
        ends_at=datetime(2030, 11, 19, *closes, tzinfo=LONDON),
    )
    workshop.organisers.add(organiser)
    return workshop


@pytest.fixture
def in_person(organiser):
    return workshop_on(organiser, (9, 30), (16, 0))


@pytest.fixture
def online(organiser):
    return workshop_on(organiser, (10, 0), (12, 30))


@pytest.fixture
def ghazala(db):
    return SpeakerFactory(
        honorific="Dr",
        name="Ghazala Mir",
        affiliation=OrganisationFactory(name="University of Leeds"),
    )


def paste_url(workshop):
    return reverse("workshops:programme_paste", args=[workshop.slug])


def preview(client, workshop, text):
    return client.post(paste_url(workshop), {"text": text, "preview": ""})


def formset_data(formset) -> dict:
    data = {
        "items-TOTAL_FORMS": str(len(formset.forms)),
        "items-INITIAL_FORMS": str(len(formset.forms)),
    }
    for index, form in enumerate(formset.forms):
        for name, value in form.initial.items():
            if name == "include":
                data[f"items-{index}-include"] = "on"
            elif hasattr(value, "strftime"):
                data[f"items-{index}-{name}"] = value.strftime("%H:%M")
            elif value not in (None, False):
                data[f"items-{index}-{name}"] = str(value)
    return data


def test_preview_fills_chair_and_speaker_fields(signed_in, in_person):
    formset = preview(signed_in, in_person, SEED_002).context["formset"]

    people = [(form.initial["chair"], form.initial["speakers"]) for form in formset]
    assert people == [
        ("", ""),
        (
            "",
            "Professor Adam Crawford (Director, Leeds Social Sciences Institute)\n"
            "Dr Ghazala Mir (Leeds Institute of Health Sciences)",
        ),
        (
            "",
            "Leeds Poverty Truth Commission\n"
            "Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds)",
        ),
        ("", ""),
        ("", ""),
        ("", ""),
        ("", ""),
        ("Professor Gary Dymski (Leeds University Business School)", ""),
        ("", "Professor Gary Dymski (Leeds University Business School)"),
        ("", ""),
    ]
    assert [form.initial["kind"] for form in formset][3:6] == ["panel", "break", "panel"]


def test_preview_says_a_speaker_is_merged_with_one_in_the_portal(signed_in, online, ghazala):
    response = preview(signed_in, online, SEED_000)

    item_2 = response.context["rows"][1]
    assert item_2["notes"] == [
        "“Ghazala Mir (University of Leeds)”: matched to the speaker Dr Ghazala Mir (University "
        "of Leeds), already in the list of speakers."
    ]
    assert "matched to the speaker Dr Ghazala Mir (University of Leeds), already in the list" in (
        response.content.decode()
    )
    assert [row["notes"] for row in response.context["rows"] if row["number"] != 2] == [[]] * 7


def test_preview_numbers_the_source_lines_of_each_item(signed_in, in_person):
    response = preview(signed_in, in_person, SEED_002)

    rows = response.context["rows"]
    assert [[number for number, _text in row["source"]] for row in rows] == [
        [3],
        [5],
        [7, 9],
        [11],
        [13],
        [15],
        [17],
        [19, 21, 23, 24, 25],
        [27],
        [29],
    ]
    assert rows[2]["source"][1][1].startswith("• Leeds Poverty Truth Commission &")
    content = response.content.decode()
    assert "From lines 7 to 9" in content
    assert '<li value="9">• Leeds Poverty Truth Commission &amp; Dr Daniel Edmiston' in content
    assert "From line 29" in content


def test_preview_has_save_at_top_and_bottom_and_labels_each_checkbox(signed_in, in_person):
    content = preview(signed_in, in_person, SEED_002).content.decode()

    assert content.count(">Save these items</button>") == 2
    labels = re.findall(r'<label for="id_items-(\d+)-include"[^>]*>\s*(.*?)\s*</label>', content)
    assert labels == [(str(n - 1), f"Include item {n}") for n in range(1, 11)]
    # The first button in the form saves, so Enter in a field keeps the corrections.
    buttons = re.findall(r'<button type="submit" name="(\w+)"', content)
    assert buttons == ["save", "save", "preview"]


def test_save_makes_speakers_with_affiliations_and_reuses_known_ones(signed_in, online, ghazala):
    formset = preview(signed_in, online, SEED_000).context["formset"]

    response = signed_in.post(
        paste_url(online), {"text": SEED_000, "save": "", **formset_data(formset)}
    )

    assert response.status_code == 302
    items = list(
        online.programme.select_related("chair__affiliation").prefetch_related(
            "speakers__affiliation"
        )
    )
    chair = items[0].chair
    assert (chair.honorific, chair.name, chair.affiliation.name) == (
        "Professor",
        "Sarah Salway",
        "University of Sheffield",
    )
    assert [
        [
            (s.honorific, s.name, s.affiliation.name if s.affiliation else "")
            for s in i.speakers.all()
        ]
        for i in items[:4]
    ] == [
        [("", "Arkadiusz Zadka", "")],
        [
            ("Dr", "Ghazala Mir", "University of Leeds"),
            ("", "Morgan Campbell", "University of Leeds"),
        ],
        [],
        [("", "Wendy Bottero", "")],
    ]
    assert items[1].speakers.get(name="Ghazala Mir") == ghazala
    assert Speaker.objects.filter(name="Ghazala Mir").count() == 1


def test_invalid_save_keeps_notes_and_source_lines(signed_in, online, ghazala):
    formset = preview(signed_in, online, SEED_000).context["formset"]
    data = {"text": SEED_000, "save": "", **formset_data(formset)}
    data["items-1-ends_at"] = "later"

    response = signed_in.post(paste_url(online), data)

    assert response.status_code == 200
    row = response.context["rows"][1]
    assert row["source"] == [(2, SEED_000.split("\n")[1].strip())]
    assert len(row["notes"]) == 1
    assert online.programme.count() == 0


def test_preview_queries_do_not_grow_with_the_directory(
    signed_in, in_person, django_assert_num_queries
):
    SpeakerFactory(name="Ghazala Mir")
    signed_in.get(paste_url(in_person))  # the person is read once, then kept in the cache
    with django_assert_num_queries(6):
        preview(signed_in, in_person, SEED_002)
    SpeakerFactory.create_batch(2)
    OrganisationFactory.create_batch(3)
    with django_assert_num_queries(6):
        preview(signed_in, in_person, SEED_002)


def test_the_speaker_list_pages_on_and_keeps_the_search(client):
    SpeakerFactory.create_batch(31, name="Sam Long")
    client.force_login(OrganiserFactory())

    first = client.get("/organise/speakers/", {"q": "Sam"})

    assert first.status_code == 200
    assert 'href="?q=Sam&amp;page=2"' in first.content.decode()
    assert client.get("/organise/speakers/", {"q": "Sam", "page": 2}).status_code == 200


def test_speakers_shown_the_same_way_in_the_programme_and_speaker_list(client):
    workshop = WorkshopFactory()
    crawford = SpeakerFactory(
        honorific="Professor",
        name="Adam Crawford",
        role="Director",
        affiliation=OrganisationFactory(name="Leeds Social Sciences Institute"),
    )
    item = ProgrammeItemFactory(workshop=workshop, title="Welcome", kind="welcome", chair=crawford)
    item.speakers.set([crawford])

    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()

    label = "Professor Adam Crawford (Director, Leeds Social Sciences Institute)"
    assert f"Chair: {label}" in content
    assert f"Speakers: {label}" in content
    assert f"<strong>{label}</strong>" in content


def test_key_questions_pasted_with_bullets_are_saved_without(online):
    text = "• Can challenges be addressed?\n\n  •  • Can networks work together?\n"
    form = WorkshopForm(data={"key_questions": text}, instance=online)
    form.is_valid()

    assert form.cleaned_data["key_questions"] == (
        "Can challenges be addressed?\nCan networks work together?"
    )


def test_key_questions_stored_with_bullets_show_one_bullet(client):
    workshop = WorkshopFactory(key_questions="• Can challenges be addressed?\n- Who is left out?")

    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()

    assert "<ul><li>Can challenges be addressed?</li><li>Who is left out?</li></ul>" in content
