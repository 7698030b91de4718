"""Sending the contributor's form: what sending needs beyond a draft, named at each field
and in the error summary with everything typed kept, and a draft saved then sent."""

import pytest

from contributions.models import Contribution
from tests.contributions.public_data import check_refused, filled, form_values, new, post
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(title="Examples of policy and practice", slug="examples")


@pytest.fixture
def contributor(client):
    person = UserFactory(display_name="Amina Yusuf")
    client.force_login(person)
    return person


SENDING_NEEDS = {
    "summary": ("Summary, in one or two sentences", "Give a one- or two-sentence summary."),
    "body": (
        "What the policy or practice was, who ran it, and what happened",
        "Say what the policy or practice was, and what happened.",
    ),
    "groups": ("The groups it affected", "Choose at least one group it affected."),
    "effect": (
        "Did it create or reduce inequality?",
        "Say whether it created or reduced inequality.",
    ),
    "covid": ("Is it related to COVID-19?", "Say whether it is related to COVID-19."),
    "consent": (
        "I agree that the organisers may use this contribution in the workshop and, as I "
        "chose above, show it.",
        "Please agree, so that the organisers can use it.",
    ),
}


def test_form_sent_without_consent_is_kept_as_a_draft_and_asks_for_it(client, call, contributor):
    data = filled()
    del data["consent"]

    response = post(client, new(call), data, button="send")

    label, message = SENDING_NEEDS["consent"]
    check_refused(response, data, {"consent": message}, {"consent": label})
    draft = Contribution.objects.get()
    assert (draft.state, draft.version, draft.consented_at) == ("draft", 0, None)
    assert f'action="/contributions/{draft.pk}/edit/"' in response.content.decode()


def test_form_sent_with_only_a_title_names_every_missing_part(client, call, contributor):
    data = {"title": ["Only a title"], "country": ["Wales"], "visibility": ["public_named"]}

    response = post(client, new(call), data, button="send")

    check_refused(
        response,
        data,
        {name: message for name, (_label, message) in SENDING_NEEDS.items()},
        {name: label for name, (label, _message) in SENDING_NEEDS.items()},
    )
    assert Contribution.objects.get().state == "draft"


def test_form_without_a_title_is_refused_even_for_a_draft(client, call, contributor):
    data = {"summary": ["A summary, but no title yet."], "visibility": ["organisers"]}

    response = post(client, new(call), data)

    check_refused(
        response,
        data,
        {"title": "Give your contribution a title, even for a draft."},
        {"title": "Title"},
    )
    assert Contribution.objects.count() == 0


def test_form_without_a_choice_of_how_it_is_shown_is_refused(client, call, contributor):
    data = filled()
    del data["visibility"]

    response = post(client, new(call), data)

    check_refused(
        response,
        data,
        {"visibility": "Choose how it may be shown once it is accepted."},
        {"visibility": "How it may be shown"},
    )


def test_form_saved_as_draft_then_sent(
    client, call, contributor, mailoutbox, django_capture_on_commit_callbacks
):
    first = {"title": ["Digital exclusion"], "visibility": ["public_named"], "covid": ["yes"]}

    saved = post(client, new(call), first)
    draft = Contribution.objects.get()
    reopened = client.get(f"/contributions/{draft.pk}/edit/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, f"/contributions/{draft.pk}/edit/", filled(), button="send")

    draft.refresh_from_db()
    assert (saved.status_code, saved["Location"]) == (302, f"/contributions/{draft.pk}/edit/")
    assert form_values(reopened) == first
    assert (sent.status_code, sent["Location"]) == (302, "/me/")
    assert (draft.state, draft.version, draft.title, draft.visibility) == (
        "submitted",
        1,
        "Digital exclusion of older people during lockdown",
        "public_anonymous",
    )
    assert [message.to for message in mailoutbox] == [[contributor.email]]
    assert Contribution.objects.count() == 1
