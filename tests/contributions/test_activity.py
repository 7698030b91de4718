"""Every submission, decision, message and edit of a contribution is in the activity log with
who did it, and the organisers' review page shows that history."""

import html
import re

import pytest

from contributions.services.contributions import (
    ContributionDetails,
    keep_attachment,
    save,
    withdraw,
)
from contributions.services.review import add_note, decide, set_themes
from networks.models import Theme
from socialjustice.activity import activity_of
from socialjustice.errors import PortalError
from tests.contributions.conftest import complete, document, send

pytestmark = pytest.mark.django_db

STAMP = re.compile(r"^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}: ")


def history(contribution):
    """The log of the contribution, oldest first: who, what, and what was said."""
    entries = reversed(list(activity_of(contribution)))
    return [(entry.actor, entry.verb, entry.data) for entry in entries]


def section(page: str, heading_id: str) -> list[str]:
    """The items of one section of the review page, as a reader sees them (times left out)."""
    [body] = re.findall(
        rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', page, flags=re.S
    )
    items = re.findall(r"<li[^>]*>(.*?)</li>", body, flags=re.S)
    return [
        STAMP.sub("", " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split()))
        for item in items
    ]


def review_page(client, organiser, contribution) -> str:
    client.force_login(organiser)
    response = client.get(f"/organise/contributions/{contribution.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def revised_and_accepted(call, contributor, organiser):
    """Drafted, sent, noted, sent back with a message, edited, sent again, accepted, themed."""
    draft = save(call, ContributionDetails(title="Bus passes for carers"), by=contributor)
    save(
        call, complete(title="Bus passes for carers"), by=contributor, contribution=draft, send=True
    )
    add_note(draft, text="Worth a look.", by=organiser)
    decide(draft, decision="changes", message="Which council?", version=1, by=organiser)
    save(
        call,
        complete(title="Bus passes for carers", region="Fife"),
        by=contributor,
        contribution=draft,
    )
    save(
        call,
        complete(title="Bus passes for carers", region="Fife"),
        by=contributor,
        contribution=draft,
        send=True,
    )
    decide(draft, decision="accept", message="Thank you.", version=2, by=organiser)
    set_themes(draft, themes=[Theme.objects.get(slug="covid-19-responses")], by=organiser)
    return draft


def test_activity_of_a_contribution_has_every_step_with_who(call, contributor, call_organiser):
    contribution = revised_and_accepted(call, contributor, call_organiser)

    assert history(contribution) == [
        (contributor, "contributions.contribution.saved", {}),
        (contributor, "contributions.contribution.submitted", {"version": 1}),
        (call_organiser, "contributions.contribution.note", {}),
        (
            call_organiser,
            "contributions.contribution.changes",
            {"version": 1, "message": "Which council?"},
        ),
        (contributor, "contributions.contribution.saved", {}),
        (contributor, "contributions.contribution.submitted", {"version": 2}),
        (
            call_organiser,
            "contributions.contribution.accepted",
            {"version": 2, "message": "Thank you."},
        ),
        (
            call_organiser,
            "contributions.contribution.themes",
            {"themes": ["COVID-19 responses"]},
        ),
    ]


def test_activity_of_a_declined_contribution_has_the_decision_and_its_message(
    call, contributor, call_organiser
):
    sent = send(call, contributor)

    decide(sent, decision="decline", message="Outside this call.", version=1, by=call_organiser)

    assert history(sent)[-1] == (
        call_organiser,
        "contributions.contribution.declined",
        {"version": 1, "message": "Outside this call."},
    )


def test_activity_of_a_kept_document_and_a_withdrawal(
    call, contributor, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = keep_attachment(call, by=contributor, upload=document(), title="FOI")
    withdraw(kept, by=contributor)

    assert history(kept) == [
        (contributor, "contributions.contribution.saved", {}),
        (contributor, "contributions.contribution.withdrawn", {}),
    ]


def test_activity_of_a_refused_change_is_not_logged(call, contributor, call_organiser):
    sent = send(call, contributor)
    decide(sent, decision="accept", message="", version=1, by=call_organiser)
    before = history(sent)

    with pytest.raises(PortalError, match="can no longer be changed"):
        save(call, complete(), by=contributor, contribution=sent)
    with pytest.raises(PortalError, match="meanwhile"):
        decide(sent, decision="decline", message="", version=1, by=call_organiser)

    assert history(sent) == before


def test_review_page_shows_the_history_with_who_newest_first(
    client, call, contributor, call_organiser
):
    contribution = revised_and_accepted(call, contributor, call_organiser)

    page = review_page(client, call_organiser, contribution)

    assert section(page, "history-heading") == [
        "Olu Organiser grouped the contribution by theme",
        "Olu Organiser accepted the contribution",
        "Amina Yusuf sent the contribution",
        "Amina Yusuf saved the contribution as a draft",
        "Olu Organiser asked for changes",
        "Olu Organiser added a reviewer's note",
        "Amina Yusuf sent the contribution",
        "Amina Yusuf saved the contribution as a draft",
    ]
    assert section(page, "decisions-heading") == [
        "Olu Organiser, Accept (version 2) Thank you.",
        "Olu Organiser, Ask for changes (version 1) Which council?",
    ]


def test_review_page_of_an_anonymised_call_names_the_contributor_only_once_decided(
    client, call, contributor, call_organiser
):
    call.anonymised_review = True
    call.save()
    sent = send(call, contributor)
    decide(sent, decision="changes", message="Add a source.", version=1, by=call_organiser)

    page = review_page(client, call_organiser, sent)

    assert section(page, "history-heading") == [
        "Olu Organiser asked for changes",
        "The contributor sent the contribution",
    ]
    assert "Amina" not in page

    save(call, complete(), by=contributor, contribution=sent, send=True)
    decide(sent, decision="accept", message="", version=2, by=call_organiser)

    assert section(review_page(client, call_organiser, sent), "history-heading") == [
        "Olu Organiser accepted the contribution",
        "Amina Yusuf sent the contribution",
        "Olu Organiser asked for changes",
        "Amina Yusuf sent the contribution",
    ]
