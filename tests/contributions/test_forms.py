"""The contributor's form, through its pages: each field's limits and checks, a message at the
field and in the error summary, everything typed kept, and a document kept with the draft
(sending is in test_forms_sending.py, the organiser's call form in test_forms_calls.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.models import Contribution
from tests.contributions.public_data import check_refused, filled, form_values, new, post
from tests.factories import CallFactory, UserFactory
from tests.workshops.test_uploads import PDF, PNG

pytestmark = pytest.mark.django_db

TOO_LONG = "This can be at most {limit} characters long, and it has {n}: please shorten it."


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def call():
    return CallFactory(title="Examples of policy and practice", slug="examples")


@pytest.fixture
def contributor(client):
    person = UserFactory(display_name="Amina Yusuf")
    client.force_login(person)
    return person


# Limits


@pytest.mark.parametrize(
    ("name", "label", "limit"),
    [
        ("title", "Title", 200),
        ("summary", "Summary, in one or two sentences", 500),
        ("body", "What the policy or practice was, who ran it, and what happened", 20_000),
        ("groups_described", "Who, in your own words (optional)", 300),
        ("country", "Country", 100),
        ("region", "Region or city", 100),
        ("evidence", "Evidence and sources", 5000),
        ("new_organisation", "Organisation not in the list? Type its name", 200),
    ],
)
def test_form_field_over_its_limit_is_refused_and_everything_kept(
    client, call, contributor, name, label, limit
):
    data = filled() | {name: ["x" * (limit + 1)]}
    if name == "new_organisation":
        del data["organisation"]

    response = post(client, new(call), data)

    check_refused(response, data, {name: TOO_LONG.format(limit=limit, n=limit + 1)}, {name: label})
    assert Contribution.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "limit"),
    [("title", 200), ("summary", 500), ("body", 20_000), ("country", 100), ("evidence", 5000)],
)
def test_form_field_at_its_limit_is_saved(client, call, contributor, name, limit):
    response = post(client, new(call), filled() | {name: ["x" * limit]})

    [saved] = Contribution.objects.all()
    assert (response.status_code, response["Location"]) == (302, f"/contributions/{saved.pk}/edit/")
    assert getattr(saved, name) == "x" * limit


LINKS = "Links to the evidence (optional)"


@pytest.mark.parametrize(
    "link", ["ftp://files.example.org/report.pdf", "www.example.org/report", "javascript:alert(1)"]
)
def test_form_evidence_link_not_a_web_address_is_refused(client, call, contributor, link):
    data = filled() | {"evidence_links": [f"https://example.org/fine\n{link}"]}

    response = post(client, new(call), data)

    message = (
        f"“{link}” is not a web address. Give each link in full, starting with https://, "
        "one a line."
    )
    check_refused(response, data, {"evidence_links": message}, {"evidence_links": LINKS})


def test_form_more_than_twenty_links_is_refused(client, call, contributor):
    links = "\n".join(f"https://example.org/{n}" for n in range(21))
    data = filled() | {"evidence_links": [links]}

    response = post(client, new(call), data)

    check_refused(
        response, data, {"evidence_links": "Give at most 20 links."}, {"evidence_links": LINKS}
    )


def test_form_twenty_links_one_a_line_are_saved_without_blank_lines(client, call, contributor):
    links = [f"https://example.org/{n}" for n in range(20)]

    post(client, new(call), filled() | {"evidence_links": ["\n\n".join(links) + "\n"]})

    assert Contribution.objects.get().evidence_links == links


@pytest.mark.parametrize(
    ("dates", "name", "message"),
    [
        (
            {"started_on": ["1999-12-31"]},
            "started_on",
            "Give a date between 1 January 2000 and 31 December 2099.",
        ),
        (
            {"ended_on": ["2100-01-01"]},
            "ended_on",
            "Give a date between 1 January 2000 and 31 December 2099.",
        ),
        ({"ended_on": ["2020-03-22"]}, "ended_on", "It cannot end before it started."),
    ],
)
def test_form_dates_out_of_range_or_order_are_refused(
    client, call, contributor, dates, name, message
):
    data = filled() | dates

    response = post(client, new(call), data)

    labels = {"started_on": "From (date)", "ended_on": "To (date)"}
    check_refused(response, data, {name: message}, labels)


def test_form_organisation_chosen_and_typed_is_refused(client, call, contributor):
    data = filled() | {"new_organisation": ["Leeds Older People's Forum"]}

    response = post(client, new(call), data)

    check_refused(
        response,
        data,
        {"new_organisation": "Choose an organisation from the list or type a new one, not both."},
        {"new_organisation": "Organisation not in the list? Type its name"},
    )


# Documents

DOCUMENT = "A document (optional)"
NOT_THIS_KIND = (
    "“{name}” is not a kind of file you can upload here. You can upload PDF document (.pdf), "
    "Word document (.docx), OpenDocument text (.odt): please save it as one of these and try "
    "again."
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"Just some words, not a PDF at all.",
            "“report.pdf” is not a PDF document: its contents do not match its name. It may be "
            "damaged or a different kind of file: please open it, save it again as a PDF document "
            "and try again.",
        ),
        ("photo.png", PNG, NOT_THIS_KIND.format(name="photo.png")),
        (
            "photo.pdf",
            PNG,
            "“photo.pdf” is a PNG image, not a PDF document. Please rename it to "
            "end in .png, or choose the right file.",
        ),
        ("notes.txt", b"Plain words.", NOT_THIS_KIND.format(name="notes.txt")),
    ],
)
def test_form_document_of_a_wrong_kind_is_refused(
    client, call, contributor, media, name, content, message
):
    data = filled()

    response = post(client, new(call), data, document=SimpleUploadedFile(name, content))

    check_refused(response, data, {"attachment": message}, {"attachment": DOCUMENT})
    assert Contribution.objects.count() == 0
    assert list(media.rglob("*.*")) == []


def test_form_document_sent_with_mistakes_is_kept_with_the_draft(client, call, contributor, media):
    data = filled() | {"title": ["x" * 201]}

    response = post(client, new(call), data, document=SimpleUploadedFile("evidence.pdf", PDF))

    [draft] = Contribution.objects.all()
    content = response.content.decode()
    assert (draft.state, draft.author, draft.attachment_name) == (
        "draft",
        contributor,
        "evidence.pdf",
    )
    assert draft.attachment.read() == PDF
    assert (
        "Your document “evidence.pdf” is kept with this contribution: you need not choose it "
        "again." in content
    )
    assert f'action="/contributions/{draft.pk}/edit/"' in content
    assert form_values(content) == data


def test_form_document_kept_is_not_asked_for_again_when_sent(client, call, contributor, media):
    post(
        client,
        new(call),
        filled() | {"title": ["x" * 201]},
        document=SimpleUploadedFile("evidence.pdf", PDF),
    )
    draft = Contribution.objects.get()

    response = post(client, f"/contributions/{draft.pk}/edit/", filled(), button="send")

    draft.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert (draft.state, draft.version, draft.attachment_name) == ("submitted", 1, "evidence.pdf")
    assert draft.attachment.read() == PDF
    assert Contribution.objects.count() == 1


def test_form_document_sent_incomplete_is_kept_with_the_draft(client, call, contributor, media):
    data = {"title": ["Only a title"], "visibility": ["public_named"]}

    response = post(
        client, new(call), data, button="send", document=SimpleUploadedFile("evidence.pdf", PDF)
    )

    draft = Contribution.objects.get()
    assert (draft.state, draft.attachment_name) == ("draft", "evidence.pdf")
    assert "Your document “evidence.pdf” is kept" in response.content.decode()
