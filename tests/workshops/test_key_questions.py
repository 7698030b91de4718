"""Key questions pasted from a document with their bullets or list numbers are saved and
shown with one bullet each, the page's own."""

import pytest
from django.urls import reverse

from tests.factories import WorkshopFactory
from workshops.forms.workshops import WorkshopForm
from workshops.programme_text import without_bullet


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. Can challenges be addressed?", "Can challenges be addressed?"),
        ("12) Who is left out?", "Who is left out?"),
        ("(3) What works?", "What works?"),
        ("a) What works?", "What works?"),
        ("b. What works?", "What works?"),
        ("(c) What works?", "What works?"),
        ("iv) What works?", "What works?"),
        ("B) What works?", "What works?"),
        ("• 1. What works?", "What works?"),
        ("– What works?", "What works?"),
        # Numbers and letters that are the question's own words stay.
        ("1.5 million people: who are they?", "1.5 million people: who are they?"),
        ("2020 changed what?", "2020 changed what?"),
        ("A. N. Other asks: why?", "A. N. Other asks: why?"),
        ("I think so?", "I think so?"),
        ("e.g. what works?", "e.g. what works?"),
    ],
)
def test_without_bullet_drops_list_numbers_and_letters(line, expected):
    assert without_bullet(line) == expected


@pytest.mark.django_db
def test_key_questions_pasted_numbered_are_saved_without_numbers():
    workshop = WorkshopFactory()
    text = (
        "1. Can challenges be addressed?\n2) • Can networks work together?\n\na) Who is left out?"
    )
    form = WorkshopForm(data={"key_questions": text}, instance=workshop)
    form.is_valid()

    assert form.cleaned_data["key_questions"] == (
        "Can challenges be addressed?\nCan networks work together?\nWho is left out?"
    )


@pytest.mark.django_db
def test_key_questions_stored_numbered_show_one_bullet_each(client):
    workshop = WorkshopFactory(
        key_questions="1. Can challenges be addressed?\n• • 2) Who is left out?\n(c) What works?"
    )

    content = client.get(reverse("workshops:detail", args=[workshop.slug])).content.decode()

    assert (
        "<ul><li>Can challenges be addressed?</li><li>Who is left out?</li>"
        "<li>What works?</li></ul>"
    ) in content
