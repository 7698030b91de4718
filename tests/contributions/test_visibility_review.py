"""An anonymised review: the reviewers see no name, email address or organisation of the
contributor until they have decided, in the queue, on the review page with its history,
on the contribution's own page and in their export."""

import csv
import io

import pytest

from contributions.services.contributions import ContributionDetails, save
from contributions.services.review import add_note, decide
from networks.models import EqualityGroup
from tests.contributions.public_data import (
    SECRET_EMAIL,
    SECRET_NAME,
    SECRET_ORGANISATION,
    SECRETS,
    page,
    secret_author,
)
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def secrets_in(content: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in content.lower()]


def details(organisation, **changes) -> ContributionDetails:
    return ContributionDetails(
        **{
            "title": "Digital exclusion in lockdown",
            "summary": "Older people could not reach services that moved online.",
            "body": "The council closed its desks and asked everyone to apply online.",
            "groups": (EqualityGroup.objects.get(slug="age"),),
            "effect": "created",
            "covid": True,
            "organisation": organisation,
            "visibility": "public_named",
            "consent": True,
            **changes,
        }
    )


@pytest.fixture
def sent():
    """Sent by the contributor to a call with anonymised review, through the real service,
    so its history holds what the contributor did."""
    person, organisation = secret_author()
    call = CallFactory(anonymised_review=True)
    return save(call, details(organisation), by=person, send=True)


def reviewer_pages(client, contribution) -> dict[str, str]:
    call = contribution.call
    return {
        "queue": page(client, f"/organise/contributions/calls/{call.slug}/"),
        "queue filtered": page(
            client, f"/organise/contributions/calls/{call.slug}/", {"group": "age"}
        ),
        "review": page(client, f"/organise/contributions/{contribution.pk}/"),
        "its page": page(client, f"/contributions/{contribution.pk}/"),
        "csv": page(client, f"/organise/contributions/calls/{call.slug}/contributions.csv"),
        "json": page(client, f"/organise/contributions/calls/{call.slug}/contributions.json"),
    }


def history(content: str) -> str:
    start = content.index('id="history-heading"')
    return content[start : content.index("</section>", start)]


def test_anonymised_review_hides_the_contributor_while_undecided(client, organiser, sent):
    add_note(sent, text="Strong evidence; check the dates.", by=organiser)
    client.force_login(organiser)

    pages = reviewer_pages(client, sent)

    assert {name: secrets_in(content) for name, content in pages.items()} == dict.fromkeys(
        pages, []
    )
    assert "Hidden until decided" in pages["queue"]
    assert "The contributor sent the contribution" in " ".join(history(pages["review"]).split())


def test_anonymised_review_still_hidden_through_the_changes_asked_and_sent_again(
    client, organiser, sent
):
    decide(sent, decision="changes", message="Say which council.", version=1, by=organiser)
    save(
        sent.call,
        details(sent.organisation, body="Leeds City Council closed its desks."),
        by=sent.author,
        contribution=sent,
        send=True,
    )
    client.force_login(organiser)

    pages = reviewer_pages(client, sent)

    assert {name: secrets_in(content) for name, content in pages.items()} == dict.fromkeys(
        pages, []
    )
    assert "What changed since version 1 (version 2)" in pages["review"]


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_anonymised_review_shows_the_contributor_once_decided(client, organiser, sent, decision):
    decide(sent, decision=decision, message="", version=1, by=organiser)
    client.force_login(organiser)

    pages = reviewer_pages(client, sent)
    [row] = csv.DictReader(io.StringIO(pages["csv"].lstrip("\ufeff")))

    assert "Hidden until decided" not in pages["queue"]
    assert SECRET_NAME in pages["queue"]
    assert f"{SECRET_NAME} &lt;{SECRET_EMAIL}&gt;, {SECRET_ORGANISATION}" in pages["review"]
    assert (row["Contributor"], row["Organisation"], row["Email"]) == (
        SECRET_NAME,
        SECRET_ORGANISATION,
        SECRET_EMAIL,
    )


def test_review_not_anonymised_shows_the_contributor_at_once(client, organiser):
    person, organisation = secret_author()
    sent = save(CallFactory(), details(organisation), by=person, send=True)
    client.force_login(organiser)

    content = page(client, f"/organise/contributions/{sent.pk}/")

    assert f"{SECRET_NAME} &lt;{SECRET_EMAIL}&gt;, {SECRET_ORGANISATION}" in content
    assert f"{SECRET_NAME} sent the contribution" in " ".join(history(content).split())
