"""A pasted name saved as a speaker the portal has is said in the preview, never merged
silently: "matched to the speaker Dr Ghazala Mir, already on this workshop" (or in the list
of speakers), and what the pasted line adds that is not saved with them."""

import pytest
from django.urls import reverse

from tests.factories import (
    OrganisationFactory,
    ProgrammeItemFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.selectors.speakers import paste_directory
from workshops.speaker_names import Directory, KnownSpeaker, known_speaker_notes

GHAZALA = KnownSpeaker(7, "Dr", "Ghazala Mir")
GHAZALA_HERE = KnownSpeaker(7, "Dr", "Ghazala Mir", on_workshop=True)


def test_note_says_the_speaker_is_already_on_this_workshop():
    notes = known_speaker_notes(["Dr Ghazala Mir."], Directory(speakers=[GHAZALA_HERE]))
    assert notes == []  # written as the portal has her: nothing to say
    assert known_speaker_notes(["ghazala mir"], Directory(speakers=[GHAZALA_HERE])) == [
        "“ghazala mir”: matched to the speaker Dr Ghazala Mir, already on this workshop."
    ]


def test_note_says_what_the_line_adds_is_not_saved():
    notes = known_speaker_notes(
        ["Ghazala Mir (University of Leeds)"], Directory(speakers=[GHAZALA_HERE])
    )
    assert notes == [
        "“Ghazala Mir (University of Leeds)”: matched to the speaker Dr Ghazala Mir, already on "
        "this workshop. “University of Leeds” is not saved with them; to change their details, "
        "edit the speaker."
    ]


def test_note_for_a_speaker_of_other_workshops_and_another_title():
    notes = known_speaker_notes(
        ["Professor Ghazala Mir (Director, University of Leeds)"], Directory(speakers=[GHAZALA])
    )
    assert notes == [
        "“Professor Ghazala Mir (Director, University of Leeds)”: matched to the speaker Dr "
        "Ghazala Mir, already in the list of speakers. “Professor, Director, University of "
        "Leeds” is not saved with them; to change their details, edit the speaker."
    ]


@pytest.mark.django_db
def test_paste_directory_knows_who_is_on_the_workshop(django_assert_num_queries):
    workshop = WorkshopFactory()
    chair, speaker, elsewhere = SpeakerFactory.create_batch(3)
    item = ProgrammeItemFactory(workshop=workshop, chair=chair)
    item.speakers.set([speaker])
    ProgrammeItemFactory().speakers.set([elsewhere])

    with django_assert_num_queries(2):
        directory = paste_directory(workshop)

    assert {known.pk: known.on_workshop for known in directory.speakers} == {
        chair.pk: True,
        speaker.pk: True,
        elsewhere.pk: False,
    }


@pytest.mark.django_db
def test_preview_says_a_pasted_name_is_matched_to_a_speaker_on_this_workshop(client, organiser):
    workshop = WorkshopFactory(state="draft")
    workshop.organisers.add(organiser)
    ghazala = SpeakerFactory(honorific="Dr", name="Ghazala Mir", affiliation=None)
    ProgrammeItemFactory(workshop=workshop, title="Welcome").speakers.set([ghazala])
    SpeakerFactory(
        honorific="Dr", name="Morgan Campbell", affiliation=OrganisationFactory(name="NHS Leeds")
    )
    client.force_login(organiser)

    response = client.post(
        reverse("workshops:programme_paste", args=[workshop.slug]),
        {
            "text": "10:00 Inequality today, Ghazala Mir (University of Leeds)\n"
            "11:00 Local services, Morgan Campbell (NHS Leeds)",
            "preview": "",
        },
    )

    assert [row["notes"] for row in response.context["rows"]] == [
        [
            "“Ghazala Mir (University of Leeds)”: matched to the speaker Dr Ghazala Mir, "
            "already on this workshop. “University of Leeds” is not saved with them; to change "
            "their details, edit the speaker."
        ],
        [
            "“Morgan Campbell (NHS Leeds)”: matched to the speaker Dr Morgan Campbell (NHS "
            "Leeds), already in the list of speakers."
        ],
    ]
    content = response.content.decode()
    assert "matched to the speaker Dr Ghazala Mir, already on this workshop." in content
