"""Data and page readers shared by the tests of the public collection and the contributor's
form: contributions in each state, a contributor whose name must never leak, and helpers
that read the pages the way a visitor does."""

import html
import json
import re
from html.parser import HTMLParser

from django.utils import timezone

from contributions.services.contributions import index_for_search
from networks.models import EqualityGroup, Level, Organisation, Sector
from tests.factories import ContributionFactory, OrganisationFactory, UserFactory

# What must never be public about someone who chose to be anonymous.
SECRET_NAME = "Philippa Quietly-Hidden"
SECRET_EMAIL = "philippa.hidden@example.org"
SECRET_ORGANISATION = "Undisclosed Carers Trust"
SECRETS = (SECRET_NAME, SECRET_EMAIL, SECRET_ORGANISATION)

# Each state or choice that keeps a contribution out of public view, with a word in its
# title that no other contribution uses.
HIDDEN = {
    "draft": {"state": "draft", "version": 0, "submitted_at": None},
    "submitted": {"state": "submitted"},
    "changes": {"state": "changes"},
    "declined": {"state": "declined"},
    "withdrawn": {"state": "withdrawn"},
    "organisers_only": {"state": "accepted", "visibility": "organisers"},
}


def group(slug: str) -> EqualityGroup:
    return EqualityGroup.objects.get(slug=slug)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


def level(slug: str) -> Level:
    return Level.objects.get(slug=slug)


def contribution(*, groups=(), sectors=(), levels=(), **fields):
    """A contribution (accepted and public with its author's name unless told otherwise),
    classified, and indexed for search as the service that saves it does."""
    fields.setdefault("state", "accepted")
    fields.setdefault("visibility", "public_named")
    if fields["state"] in ("accepted", "declined"):
        fields.setdefault("decided_at", timezone.now())
    made = ContributionFactory(**fields)
    made.groups.set([group(slug) for slug in groups])
    made.sectors.set([sector(slug) for slug in sectors])
    made.levels.set([level(slug) for slug in levels])
    index_for_search(made)
    return made


def secret_author():
    """The contributor who must stay unnamed, and their organisation."""
    person = UserFactory(display_name=SECRET_NAME, email=SECRET_EMAIL)
    return person, OrganisationFactory(name=SECRET_ORGANISATION)


def hidden_contribution(kind: str, **fields):
    """One contribution that must not be public, named after why: 'Hiddendraft example'…"""
    word = "Hidden" + kind.replace("_", "")
    return contribution(
        title=f"{word} example",
        summary=f"{word} summary about lockdown",
        **{**HIDDEN[kind], **fields},
    )


# Reading pages


def page(client, url: str, data=None) -> str:
    response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )


def text(fragment: str) -> str:
    """The words of an HTML fragment, as a reader sees them."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def result_titles(content: str) -> list[str]:
    """The titles of the results on a page of the collection, in order."""
    return [
        html.unescape(re.sub(r"</?mark>", "", title))
        for title in re.findall(
            r'<h3 id="c-\d+" class="h5"><a href="/contributions/\d+/">(.*?)</a></h3>', content
        )
    ]


def result_count(content: str) -> int:
    [count] = re.findall(r'<p id="result-count"[^>]*>(\d+) examples?</p>', content)
    return int(count)


def headlines(content: str) -> list[str]:
    """The text under each result's title, as HTML."""
    return re.findall(r"</h3>\s*<p>(.*?)</p>", content, re.S)


def facet_links(content: str) -> dict[str, list[tuple[str, str, int]]]:
    """Each facet's choices not yet chosen: (label, link, count)."""
    found = {}
    for name, body in re.findall(
        r'<section class="facet mb-3" aria-labelledby="facet-([a-z]+)">(.*?)</section>',
        content,
        re.S,
    ):
        found[name] = [
            (html.unescape(label), html.unescape(link), int(count))
            for link, label, count in re.findall(
                r'<li><a href="([^"]+)">([^<]+)</a> \((\d+)\)</li>', body
            )
        ]
    return found


def chosen_links(content: str) -> list[tuple[str, str, int]]:
    """The choices made, each a link that removes it: (label, link, count)."""
    return [
        (html.unescape(label), html.unescape(link), int(count))
        for link, label, count in re.findall(
            r'<a href="([^"]+)" aria-current="true"><strong>([^<]+)</strong> \((\d+)\)', content
        )
    ]


def json_ld(content: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', content, re.S
        )
    ]


# Reading forms


class _FormReader(HTMLParser):
    """What a re-rendered form holds, as the browser would send it back."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind != "file":
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs and attrs.get("value"):
            self._add(self._select, attrs["value"])

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            text = self._text.removeprefix("\r\n").removeprefix("\n")
            if text:
                self._add(self._textarea, text)
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_values(content: str) -> dict[str, list[str]]:
    """The values of the page's forms, by name (empty ones left out)."""
    start = content.index("<main")
    reader = _FormReader()
    reader.feed(content[start : content.index("</main>")])
    return {name: values for name, values in reader.values.items() if values != [""]}


def summary_links(content: str) -> list[tuple[str, str]]:
    """The error summary's links: (target, words)."""
    [summary] = re.findall(r"<div [^>]*data-error-summary>(.*?)</div>", content, re.S)
    return [
        (target, html.unescape(words))
        for target, words in re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', summary)
    ]


def field_errors(content: str) -> dict[str, list[str]]:
    """The messages shown at each field."""
    found = {}
    for name, message in re.findall(
        r'<p id="error_\d+_id_(\w+)"><strong>(.*?)</strong></p>', content, re.S
    ):
        found.setdefault(name, []).append(html.unescape(message))
    return found


def has_element(content: str, element_id: str) -> bool:
    return f'id="{element_id}"' in content


# Filling in the contributor's form


def ids(model, *slugs) -> list[str]:
    return [str(model.objects.get(slug=slug).pk) for slug in slugs]


def advice_network() -> Organisation:
    return Organisation.objects.filter(
        slug="glasgow-advice-network"
    ).first() or OrganisationFactory(name="Glasgow Advice Network")


def filled() -> dict[str, list[str]]:
    """Every field of the form filled in, as the browser sends it."""
    return {
        "title": ["Digital exclusion of older people during lockdown"],
        "summary": ["Services moved online and older people without the internet lost them."],
        "body": ["The council moved its advice service online in March 2020."],
        "groups": ids(EqualityGroup, "age", "disability"),
        "groups_described": ["Older disabled people living alone"],
        "sectors": ids(Sector, "social-care", "local-government"),
        "effect": ["created"],
        "covid": ["yes"],
        "levels": ids(Level, "service-level"),
        "country": ["Scotland"],
        "region": ["Glasgow"],
        "started_on": ["2020-03-23"],
        "ended_on": ["2021-07-19"],
        "evidence": ["The council's own review, and what volunteers saw."],
        "evidence_links": ["https://example.org/review.pdf\nhttps://example.org/news"],
        "organisation": [str(advice_network().pk)],
        "visibility": ["public_anonymous"],
        "consent": ["on"],
    }


def post(client, url, data, *, button="save", document=None):
    payload = {name: value if len(value) > 1 else value[0] for name, value in data.items()}
    payload[button] = "1"
    if document is not None:
        payload["attachment"] = document
    return client.post(url, payload)


def new(call) -> str:
    return f"/contributions/calls/{call.slug}/new/"


def check_refused(response, data, errors: dict[str, str], labels: dict[str, str]):
    """Refused with each message at its field and in the summary, linking to a field on the
    page, and every value typed shown again."""
    content = response.content.decode()
    assert response.status_code == 200
    assert field_errors(content) == {name: [message] for name, message in errors.items()}
    # A field of options (radio buttons, tick boxes) is linked at its first option.
    options = ("groups", "sectors", "levels", "effect", "covid", "visibility", "decision")
    assert summary_links(content) == [
        (f"#id_{name}{'_0' if name in options else ''}", f"{labels[name]}: {message}")
        for name, message in errors.items()
    ]
    missing = [
        target for target, _words in summary_links(content) if not has_element(content, target[1:])
    ]
    assert missing == []
    assert form_values(content) == data
