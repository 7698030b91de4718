"""A contribution's document: only PDF, Word (.docx) or OpenDocument text, checked by its
contents, within CONTRIBUTION_MAX_UPLOAD_BYTES; kept with the draft when the form had
mistakes; the file replaced or removed is deleted once the change is committed."""

import pytest

from contributions.models import Contribution, Version
from contributions.services.contributions import ContributionDetails, keep_attachment, save
from socialjustice.errors import PortalError
from socialjustice.models import ActivityLog
from socialjustice.uploads import UploadRefused
from tests.contributions.conftest import DOCUMENTS, complete, document, send, stored_files
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
ALLOWED = "PDF document (.pdf), Word document (.docx), OpenDocument text (.odt)"


def refusal(call, by, upload) -> UploadRefused:
    with pytest.raises(UploadRefused) as refused:
        save(call, ContributionDetails(title="With a document"), by=by, upload=upload)
    assert refused.value.field == "attachment"
    return refused.value


@pytest.mark.parametrize("kind", ["pdf", "docx", "odt"])
def test_attachment_of_an_allowed_kind_is_stored_with_its_kind_and_size(
    call, contributor, media_root, kind
):
    upload = document(f"evidence.{kind}", DOCUMENTS[kind])

    draft = save(call, ContributionDetails(title="With a document"), by=contributor, upload=upload)

    draft.refresh_from_db()
    assert (draft.attachment_name, draft.attachment_mimetype, draft.attachment_size) == (
        f"evidence.{kind}",
        MIMETYPES[kind],
        len(DOCUMENTS[kind]),
    )
    [stored] = stored_files(media_root)
    assert stored == draft.attachment.name
    assert (media_root / stored).read_bytes() == DOCUMENTS[kind]


@pytest.mark.parametrize("kind", ["pptx", "png"])
def test_attachment_of_a_kind_not_for_contributions_is_refused(call, contributor, media_root, kind):
    refused = refusal(call, contributor, document(f"slides.{kind}", DOCUMENTS[kind]))

    assert refused.code == "extension"
    assert str(refused) == (
        f"“slides.{kind}” is not a kind of file you can upload here. You can upload "
        f"{ALLOWED}: please save it as one of these and try again."
    )
    assert Contribution.objects.count() == 0
    assert stored_files(media_root) == []


def test_attachment_whose_contents_are_another_kind_is_refused(call, contributor, media_root):
    refused = refusal(call, contributor, document("report.docx", DOCUMENTS["pdf"]))

    assert (refused.code, str(refused)) == (
        "content",
        "“report.docx” is a PDF document, not a Word document. Please rename it to end in "
        ".pdf, or choose the right file.",
    )
    assert stored_files(media_root) == []


def test_attachment_named_pdf_that_is_not_a_document_is_refused(call, contributor, media_root):
    refused = refusal(call, contributor, document("report.pdf", b"just some words, not a PDF"))

    assert refused.code == "content"
    assert Contribution.objects.count() == 0


def test_attachment_over_the_size_setting_is_refused(call, contributor, media_root, settings):
    settings.CONTRIBUTION_MAX_UPLOAD_BYTES = len(DOCUMENTS["pdf"]) - 1

    refused = refusal(call, contributor, document("report.pdf"))

    assert refused.code == "too_large"
    assert stored_files(media_root) == []


def test_attachment_at_the_size_setting_is_taken(call, contributor, media_root, settings):
    settings.CONTRIBUTION_MAX_UPLOAD_BYTES = len(DOCUMENTS["pdf"])

    draft = save(
        call, ContributionDetails(title="Exactly"), by=contributor, upload=document("report.pdf")
    )

    assert Contribution.objects.get(pk=draft.pk).attachment_size == len(DOCUMENTS["pdf"])


def test_attachment_refused_on_an_edit_leaves_the_document_and_the_words_as_they_were(
    call, contributor, media_root
):
    draft = save(
        call, ContributionDetails(title="First"), by=contributor, upload=document("first.pdf")
    )
    before = stored_files(media_root)

    with pytest.raises(UploadRefused):
        save(
            call,
            ContributionDetails(title="Second"),
            by=contributor,
            contribution=draft,
            upload=document("second.odt", DOCUMENTS["pdf"]),
        )

    draft.refresh_from_db()
    assert (draft.title, draft.attachment_name) == ("First", "first.pdf")
    assert stored_files(media_root) == before


# Kept with the draft when the form had mistakes


def test_keep_attachment_without_a_contribution_starts_a_draft_with_the_title_typed(
    call, contributor, media_root
):
    kept = keep_attachment(
        call, by=contributor, upload=document("evidence.odt", DOCUMENTS["odt"]), title=" FOI "
    )

    kept.refresh_from_db()
    assert (kept.title, kept.state, kept.author, kept.attachment_name) == (
        "FOI",
        "draft",
        contributor,
        "evidence.odt",
    )
    assert ActivityLog.objects.get().verb == "contributions.contribution.saved"


def test_keep_attachment_without_a_title_names_the_draft_untitled(call, contributor, media_root):
    kept = keep_attachment(call, by=contributor, upload=document())

    assert Contribution.objects.get(pk=kept.pk).title == "Untitled draft"


def test_keep_attachment_is_not_asked_for_again_when_the_draft_is_sent(
    call, contributor, media_root
):
    kept = keep_attachment(call, by=contributor, upload=document("evidence.pdf"), title="FOI")

    save(call, complete(), by=contributor, contribution=kept, send=True)

    kept.refresh_from_db()
    assert (kept.state, kept.attachment_name) == ("submitted", "evidence.pdf")
    assert Version.objects.get(contribution=kept).content["document"] == "evidence.pdf"
    assert len(stored_files(media_root)) == 1


def test_keep_attachment_on_a_sent_contribution_takes_it_back_as_a_draft(
    call, contributor, media_root
):
    """A new document is a change the reviewer has not read: sent again, it is a new version."""
    sent = send(call, contributor)

    keep_attachment(call, by=contributor, upload=document(), contribution=sent)

    sent.refresh_from_db()
    assert (sent.state, sent.version, sent.attachment_name) == ("draft", 1, "evidence.pdf")


def test_keep_attachment_on_someone_elses_contribution_is_refused(call, contributor, media_root):
    theirs = ContributionFactory(call=call, state="draft")

    with pytest.raises(PortalError, match=r"^Only its author can change a contribution\.$"):
        keep_attachment(call, by=contributor, upload=document(), contribution=theirs)

    assert Contribution.objects.get(pk=theirs.pk).attachment == ""


def test_keep_attachment_to_a_closed_call_is_refused(closed_call, contributor, media_root):
    with pytest.raises(PortalError, match=r"^This call is closed"):
        keep_attachment(closed_call, by=contributor, upload=document())

    assert Contribution.objects.count() == 0


# Replaced and removed files, deleted after commit


def test_attachment_replaced_deletes_the_old_file_after_commit(
    call, contributor, media_root, django_capture_on_commit_callbacks
):
    draft = save(
        call, ContributionDetails(title="Draft"), by=contributor, upload=document("old.pdf")
    )
    [old] = stored_files(media_root)

    with django_capture_on_commit_callbacks() as callbacks:
        save(
            call,
            ContributionDetails(title="Draft"),
            by=contributor,
            contribution=draft,
            upload=document("new.docx", DOCUMENTS["docx"]),
        )
    draft.refresh_from_db()
    assert sorted(stored_files(media_root)) == sorted([old, draft.attachment.name])

    for callback in callbacks:
        callback()

    assert stored_files(media_root) == [draft.attachment.name]
    assert draft.attachment_name == "new.docx"


def test_attachment_removed_deletes_the_file_after_commit(
    call, contributor, media_root, django_capture_on_commit_callbacks
):
    draft = save(call, ContributionDetails(title="Draft"), by=contributor, upload=document())

    with django_capture_on_commit_callbacks() as callbacks:
        save(
            call,
            ContributionDetails(title="Draft"),
            by=contributor,
            contribution=draft,
            remove_attachment=True,
        )
    assert len(stored_files(media_root)) == 1

    for callback in callbacks:
        callback()

    draft.refresh_from_db()
    assert (draft.attachment.name, draft.attachment_name, draft.attachment_size) == ("", "", None)
    assert stored_files(media_root) == []


def test_attachment_kept_again_deletes_the_one_it_replaces_after_commit(
    call, contributor, media_root, django_capture_on_commit_callbacks
):
    kept = keep_attachment(call, by=contributor, upload=document("first.pdf"))

    with django_capture_on_commit_callbacks(execute=True):
        keep_attachment(
            call, by=contributor, upload=document("second.odt", DOCUMENTS["odt"]), contribution=kept
        )

    kept.refresh_from_db()
    assert stored_files(media_root) == [kept.attachment.name]
    assert kept.attachment_name == "second.odt"


def test_attachment_not_changed_by_a_save_without_one_is_kept(
    call, contributor, media_root, django_capture_on_commit_callbacks
):
    draft = save(call, ContributionDetails(title="Draft"), by=contributor, upload=document())

    with django_capture_on_commit_callbacks(execute=True):
        save(call, ContributionDetails(title="Draft, edited"), by=contributor, contribution=draft)

    draft.refresh_from_db()
    assert stored_files(media_root) == [draft.attachment.name]
    assert draft.attachment_name == "evidence.pdf"
