"""What the public may see: only accepted contributions their authors allowed to be public,
and nothing about the author of one shared without their name (anonymised review is in
test_visibility_review.py)."""

import csv
import io
import json
import re

import pytest

from tests.contributions.public_data import (
    HIDDEN,
    SECRETS,
    chosen_links,
    contribution,
    facet_links,
    hidden_contribution,
    json_ld,
    page,
    result_count,
    result_titles,
    secret_author,
)
from tests.factories import CallFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    workshop = WorkshopFactory(title="Leadership for Equity", slug="leadership-for-equity")
    return CallFactory(workshop=workshop)


@pytest.fixture
def visible(call):
    """The one public contribution, beside the hidden ones."""
    return contribution(
        call=call,
        title="Visible example",
        summary="Libraries stayed open during lockdown",
        groups=["age"],
        sectors=["health"],
        levels=["policy-level"],
        country="Scotland",
        effect="reduced",
        covid=True,
    )


def hidden(kind, call):
    """A contribution that must stay out of sight, classified with choices of its own."""
    return hidden_contribution(
        kind,
        call=call,
        groups=["age", "sex"],
        sectors=["housing"],
        levels=["service-level"],
        country="Wales",
        effect="created",
        covid=False,
    )


def counts(facets):
    return {name: [(label, n) for label, _link, n in choices] for name, choices in facets.items()}


def csv_titles(content: str) -> list[str]:
    return [row["Title"] for row in csv.DictReader(io.StringIO(content.lstrip("\ufeff")))]


def pack_titles(content: str) -> list[str]:
    return re.findall(r'<h3 id="pack-\d+-\d+">([^<]+)</h3>', content)


def secrets_in(content: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in content.lower()]


# Contributions that are not public


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_not_listed_searched_or_counted(client, call, visible, kind):
    hidden(kind, call)

    listing = page(client, "/contributions/")
    searched = page(client, "/contributions/", {"q": "lockdown"})
    by_its_word = page(client, "/contributions/", {"q": f"Hidden{kind.replace('_', '')}"})
    by_its_group = page(client, "/contributions/", {"groups": "sex"})

    assert (result_titles(listing), result_count(listing)) == (["Visible example"], 1)
    assert (result_titles(searched), result_count(searched)) == (["Visible example"], 1)
    assert (result_titles(by_its_word), result_count(by_its_word)) == ([], 0)
    assert (result_titles(by_its_group), result_count(by_its_group)) == ([], 0)
    assert counts(facet_links(listing)) == {
        "groups": [("Age", 1)],
        "sector": [("Health", 1)],
        "effect": [("Reduced inequality", 1)],
        "covid": [("Yes", 1)],
        "level": [("Policy level", 1)],
        "workshop": [("Leadership for Equity", 1)],
        "country": [("Scotland", 1)],
    }
    assert chosen_links(by_its_group) == []


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_not_in_the_exports(client, call, visible, kind):
    hidden(kind, call)

    rows = json.loads(page(client, "/contributions.json"))

    assert csv_titles(page(client, "/contributions.csv")) == ["Visible example"]
    assert [row["Title"] for row in rows] == ["Visible example"]


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_not_in_the_workshop_pack(client, call, visible, kind):
    hidden(kind, call)

    content = page(client, "/workshops/leadership-for-equity/contributions/")

    assert pack_titles(content) == ["Visible example"]


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_page_not_found_for_visitors(client, call, kind):
    made = hidden(kind, call)
    someone_else = UserFactory()

    anonymous = client.get(f"/contributions/{made.pk}/")
    client.force_login(someone_else)
    signed_in = client.get(f"/contributions/{made.pk}/")

    assert (anonymous.status_code, signed_in.status_code) == (404, 404)


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_page_seen_by_its_author_without_json_ld(client, call, kind):
    made = hidden(kind, call)
    client.force_login(made.author)

    content = page(client, f"/contributions/{made.pk}/")

    assert re.findall(r"<h1>([^<]+)</h1>", content) == [made.title]
    assert "Only you and the organisers can see this page." in content
    assert json_ld(content) == []


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_page_seen_by_organisers_without_json_ld(client, call, organiser, kind):
    made = hidden(kind, call)
    client.force_login(organiser)

    content = page(client, f"/contributions/{made.pk}/")

    assert re.findall(r"<h1>([^<]+)</h1>", content) == [made.title]
    assert json_ld(content) == []


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_contribution_not_on_the_home_page(client, call, visible, kind):
    hidden(kind, call)

    content = page(client, "/")

    assert re.findall(r'<li class="mb-2"><a href="/contributions/\d+/">([^<]+)</a>', content) == [
        "Visible example"
    ]


def test_public_contribution_page_has_its_json_ld(client, visible):
    content = page(client, f"/contributions/{visible.pk}/")

    [data] = json_ld(content)
    assert (data["@type"], data["name"], data["author"]["name"]) == (
        "CreativeWork",
        "Visible example",
        visible.author.display_name,
    )


# A contribution shared without its author's name


@pytest.fixture
def unnamed(call):
    """Public without a name: its author and organisation must never be shown, not even in
    the name of its document."""
    person, organisation = secret_author()
    return contribution(
        call=call,
        author=person,
        organisation=organisation,
        visibility="public_anonymous",
        title="Unnamed example",
        summary="Carers of older people were left out during lockdown",
        groups=["age", "disability"],
        attachment="contributions/0123/evidence.pdf",
        attachment_name=f"{person.display_name} evidence.pdf",
    )


@pytest.fixture
def named(call):
    """Public with the name, in the same call: its author is shown, so the pages read do
    show authors where allowed."""
    person = UserFactory(display_name="Shown Author")
    return contribution(
        call=call, author=person, title="Named example", summary="Carers and lockdown"
    )


@pytest.fixture(params=["visitor", "participant"])
def reader(request, client):
    """Someone reading the public pages: not signed in (the cached copy), or signed in."""
    if request.param == "participant":
        client.force_login(UserFactory())
    return client


def public_pages(client, contribution) -> dict[str, str]:
    return {
        "list": page(client, "/contributions/"),
        "search": page(client, "/contributions/", {"q": "carers lockdown"}),
        "facet": page(client, "/contributions/", {"groups": ["age", "disability"]}),
        "page": page(client, f"/contributions/{contribution.pk}/"),
        "pack": page(client, "/workshops/leadership-for-equity/contributions/"),
        "csv": page(client, "/contributions.csv"),
        "json": page(client, "/contributions.json"),
        "home": page(client, "/"),
    }


def test_unnamed_contribution_shows_no_author_on_any_public_page(reader, unnamed, named):
    pages = public_pages(reader, unnamed)

    assert {name: secrets_in(content) for name, content in pages.items()} == dict.fromkeys(
        pages, []
    )
    # The pages do show the contribution, and a named author where allowed.
    assert sorted(result_titles(pages["search"])) == ["Named example", "Unnamed example"]
    assert result_titles(pages["facet"]) == ["Unnamed example"]
    assert pack_titles(pages["pack"]) == ["Named example", "Unnamed example"]
    assert "Shown Author" in pages["pack"]


def test_unnamed_contribution_json_ld_has_no_author(reader, unnamed):
    [data] = json_ld(page(reader, f"/contributions/{unnamed.pk}/"))

    assert sorted(data) == [
        "@context",
        "@type",
        "about",
        "abstract",
        "dateCreated",
        "inLanguage",
        "isPartOf",
        "keywords",
        "name",
        "url",
    ]
    assert data["name"] == "Unnamed example"


def test_unnamed_contribution_exports_leave_contributor_and_organisation_empty(
    client, unnamed, named
):
    rows = list(csv.DictReader(io.StringIO(page(client, "/contributions.csv").lstrip("\ufeff"))))
    data = json.loads(page(client, "/contributions.json"))

    assert [(r["Title"], r["Contributor"], r["Organisation"]) for r in rows] == [
        ("Unnamed example", "", ""),
        ("Named example", "Shown Author", ""),
    ]
    assert [(r["Title"], r["Contributor"], r["Organisation"]) for r in data] == [
        ("Unnamed example", "", ""),
        ("Named example", "Shown Author", ""),
    ]


def test_unnamed_contribution_document_not_offered_to_visitors(client, unnamed):
    response = client.get(f"/contributions/{unnamed.pk}/document/")

    assert response.status_code == 404


def test_named_contribution_without_a_display_name_never_shows_the_email(client, call):
    person = UserFactory(display_name="", email="no.name.given@example.org")
    made = contribution(call=call, author=person, title="Named but nameless")

    pages = {
        "page": page(client, f"/contributions/{made.pk}/"),
        "csv": page(client, "/contributions.csv"),
        "json": page(client, "/contributions.json"),
    }

    assert {name: "no.name.given" in content for name, content in pages.items()} == dict.fromkeys(
        pages, False
    )
