"""The workshop pack as an accessible PDF: a real, tagged PDF with the headings as bookmarks,
only what is public and no anonymous contributor's name in it, kept until a contribution
changes, and built by a worker when the pack is large."""

import io
import logging
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

# Registered before the tests start, as in a worker: a task name the process has not seen
# makes Celery set Django up again, which replaces the log handlers `caplog` reads.
from contributions import tasks  # noqa: F401
from tests.factories import ThemeFactory

from .public_data import HIDDEN, SECRETS, contribution, hidden_contribution, secret_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(caplog):
    """The PDFs built so far: socialjustice.pdf logs one line for each."""
    caplog.set_level(logging.INFO, logger="socialjustice.pdf")

    def count() -> int:
        return sum(record.name == "socialjustice.pdf" for record in caplog.records)

    return count


def pdf_url(workshop) -> str:
    return reverse("contributions:pack_pdf", args=[workshop.slug])


def get_pdf(client, workshop) -> PdfReader:
    response = client.get(pdf_url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="{workshop.slug}-contributions.pdf"'
    )
    assert response.content[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(response.content))


def words(reader: PdfReader) -> str:
    """The PDF's text, as a screen reader or a search gets it, with lines joined."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def outline(reader: PdfReader, items=None) -> list:
    """The bookmarks as (title, [children]) pairs."""
    items = reader.outline if items is None else items
    tree = []
    for item in items:
        if isinstance(item, list):
            title, _ = tree[-1]
            tree[-1] = (title, outline(reader, item))
        else:
            tree.append((item.title, []))
    return tree


def test_pack_pdf_is_a_tagged_pdf_with_the_titles_as_text(client, call):
    contribution(call=call, title="Digital exclusion during lockdown")
    contribution(call=call, title="Free school meals in the holidays")

    reader = get_pdf(client, call.workshop)

    root = reader.trailer["/Root"]
    assert root["/StructTreeRoot"]["/Type"] == "/StructTreeRoot"
    assert root["/MarkInfo"] == {"/Marked": True}
    assert root["/ViewerPreferences"] == {"/DisplayDocTitle": True}
    assert root["/Lang"] == "en-GB"
    assert reader.pdf_header == "%PDF-1.7"
    assert reader.metadata.title == f"Contributions to {call.workshop.title}"
    assert reader.metadata.author == "Partnerships for Social Justice"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert xmp.count('pdfuaid:part="1"') == 1  # PDF/UA-1
    # Set in the machine's own fonts (fonts-dejavu-core), embedded.
    fonts = {
        font.get_object()["/BaseFont"].split("+")[1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Oblique"}
    text = words(reader)
    assert text.count("Digital exclusion during lockdown") == 1
    assert text.count("Free school meals in the holidays") == 1


def test_pack_pdf_bookmarks_are_its_headings(client, call):
    health, housing = ThemeFactory(name="Health", position=1), ThemeFactory(name="Housing")
    contribution(call=call, title="Clinics by video").themes.set([health])
    contribution(call=call, title="Advice by phone").themes.set([health, housing])
    contribution(call=call, title="No theme yet")

    reader = get_pdf(client, call.workshop)

    assert outline(reader) == [
        (
            f"Contributions to {call.workshop.title}",
            [
                ("Contents", []),
                ("Health", [("Advice by phone", []), ("Clinics by video", [])]),
                ("Housing", [("Advice by phone", [])]),
                ("Other examples", [("No theme yet", [])]),
            ],
        )
    ]
    # The table of contents gives each theme's page (each starts a page), and links to it.
    contents = words(reader).split(" Contents ")[1].split(" Page 1 of ")[0]
    assert re.findall(r"([A-Z][a-z ]+) \((\d) examples?\) \.+ (\d+)", contents) == [
        ("Health", "2", "2"),
        ("Housing", "1", "3"),
        ("Other examples", "1", "4"),
    ]
    links = [
        annotation.get_object()["/Dest"]
        for annotation in reader.pages[0]["/Annots"]
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    # One link for each line (each of its boxes: the name, the count, the dots, the page).
    assert list(dict.fromkeys(links)) == ["theme-1", "theme-2", "theme-3"]


def test_pack_pdf_never_names_an_anonymous_contributor(client, call):
    person, organisation = secret_author()
    contribution(
        call=call,
        title="Unnamed example",
        author=person,
        organisation=organisation,
        visibility="public_anonymous",
    )
    contribution(call=call, title="Named example", author__display_name="Shown Author")

    reader = get_pdf(client, call.workshop)

    text = words(reader)
    assert [secret for secret in SECRETS if secret in text] == []
    assert [secret for secret in SECRETS if secret in str(reader.metadata)] == []
    assert text.count("Unnamed example") == 1
    assert text.count("Shown Author") == 1


def test_pack_pdf_never_shows_an_email_address_for_a_name(client, call):
    contribution(
        call=call,
        title="Named example",
        author__display_name="",
        author__email="no.name.given@example.org",
    )

    text = words(get_pdf(client, call.workshop))

    assert (text.count("Named example"), text.count("no.name.given")) == (1, 0)


@pytest.mark.parametrize("kind", sorted(HIDDEN))
def test_pack_pdf_leaves_out_what_is_not_public(client, call, kind):
    contribution(call=call, title="Visible example")
    hidden_contribution(kind, call=call)

    text = words(get_pdf(client, call.workshop))

    assert text.count("Visible example") == 1
    assert text.count("Hidden") == 0


def test_pack_pdf_is_kept_until_a_contribution_changes(
    client, call, builds, django_assert_num_queries, django_capture_on_commit_callbacks
):
    changing = contribution(call=call, title="First title")
    first = client.get(pdf_url(call.workshop)).content
    assert builds() == 1

    # Kept: the workshop is looked up (who may see it), nothing is built.
    with django_assert_num_queries(1):
        second = client.get(pdf_url(call.workshop)).content
    assert (builds(), second) == (1, first)

    with django_capture_on_commit_callbacks(execute=True):
        changing.title = "Second title"
        changing.save(update_fields=["title"])
    text = words(get_pdf(client, call.workshop))
    assert builds() == 2
    assert (text.count("First title"), text.count("Second title")) == (0, 1)


def test_large_pack_pdf_is_built_by_a_worker_meanwhile_a_page_says_so(
    client, call, builds, settings
):
    settings.PACK_PDF_INLINE_LIMIT = 2
    for title in ("One example", "Two example", "Three example"):
        contribution(call=call, title=title)

    # The task runs at once in tests (eager): the page is answered all the same.
    waiting = client.get(pdf_url(call.workshop))
    assert waiting.status_code == 202
    assert waiting["Retry-After"] == "20"
    assert waiting["Cache-Control"] == "no-store"
    content = waiting.content.decode()
    assert content.count("<h1>") == 1
    assert content.count("<h1>The PDF is being prepared</h1>") == 1
    # No timed reload (WCAG F41): the person chooses when to try again.
    assert "http-equiv" not in content
    assert "It takes about 20 seconds: then try again." in content
    assert content.count(f'<a href="{pdf_url(call.workshop)}">Try again now</a>') == 1
    assert builds() == 1

    text = words(get_pdf(client, call.workshop))
    assert builds() == 1
    assert [text.count(title) for title in ("One example", "Two example", "Three")] == [1, 1, 1]


def test_large_pack_pdf_is_built_in_the_request_when_the_broker_is_down(
    client, call, builds, settings, broker_down
):
    settings.PACK_PDF_INLINE_LIMIT = 0
    contribution(call=call, title="Only example")

    text = words(get_pdf(client, call.workshop))
    assert (builds(), text.count("Only example")) == (1, 1)

    # Kept like any other, and no task is said to be under way.
    get_pdf(client, call.workshop)
    assert builds() == 1


def test_large_pack_pdf_is_built_in_the_request_when_the_cache_is_down(
    client, call, builds, settings, cache_down
):
    settings.PACK_PDF_INLINE_LIMIT = 0
    contribution(call=call, title="Only example")

    text = words(get_pdf(client, call.workshop))
    assert (builds(), text.count("Only example")) == (1, 1)


def test_pack_pdf_of_a_draft_workshop_is_not_found(client, call):
    call.workshop.state = "draft"
    call.workshop.save(update_fields=["state"])

    assert client.get(pdf_url(call.workshop)).status_code == 404


def test_pack_page_links_to_its_pdf(client, call):
    content = client.get(reverse("contributions:pack", args=[call.workshop.slug])).content
    assert content.decode().count(f'href="{pdf_url(call.workshop)}" type="application/pdf"') == 1
