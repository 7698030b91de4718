"""Checking uploaded workshop materials by their contents, with real sample files built here:
`socialjustice.uploads` and the materials' own size limit (`check_material_file`)."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from socialjustice.uploads import FileKind, UploadRefused, detect_kind, safe_filename
from workshops.services.materials import check_material_file

PDF_KIND = FileKind("pdf", "application/pdf", "PDF document")
DOCX_KIND = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
PPTX_KIND = FileKind(
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint presentation",
)
ODT_KIND = FileKind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
ODP_KIND = FileKind(
    "odp", "application/vnd.oasis.opendocument.presentation", "OpenDocument presentation"
)
PNG_KIND = FileKind("png", "image/png", "PNG image")
JPEG_KIND = FileKind("jpg", "image/jpeg", "JPEG image")
GIF_KIND = FileKind("gif", "image/gif", "GIF image")
WEBP_KIND = FileKind("webp", "image/webp", "WebP image")


def make_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def make_zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            # OpenDocument requires its "mimetype" member stored uncompressed.
            kind = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=kind)
    return buffer.getvalue()


def make_ooxml(main_part: str) -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            main_part: '<?xml version="1.0"?><document/>',
        }
    )


def make_odf(mimetype: str) -> bytes:
    return make_zip(
        {
            "mimetype": mimetype,
            "content.xml": '<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest/>',
        }
    )


def make_png() -> bytes:
    """A real 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = make_pdf()
DOCX = make_ooxml("word/document.xml")
PPTX = make_ooxml("ppt/presentation.xml")
ODT = make_odf("application/vnd.oasis.opendocument.text")
ODP = make_odf("application/vnd.oasis.opendocument.presentation")
PNG = make_png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
# A real 1×1 GIF and a real 1×1 lossless WebP.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01D\x00;"
)
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\r\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\x02"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def refusal(name: str, content: bytes) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        check_material_file(SimpleUploadedFile(name, content))
    assert caught.value.field == "file"
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("slides.pdf", PDF, PDF_KIND),
        ("notes.docx", DOCX, DOCX_KIND),
        ("slides.pptx", PPTX, PPTX_KIND),
        ("notes.odt", ODT, ODT_KIND),
        ("slides.odp", ODP, ODP_KIND),
        ("photo.png", PNG, PNG_KIND),
        ("photo.jpg", JPEG, JPEG_KIND),
        ("photo.jpeg", JPEG, JPEG_KIND),
        ("PHOTO.JPEG", JPEG, JPEG_KIND),
        ("flipchart.gif", GIF, GIF_KIND),
        ("flipchart.webp", WEBP, WEBP_KIND),
    ],
)
def test_check_material_file_allowed_kind_is_accepted(name, content, kind):
    upload = SimpleUploadedFile(name, content)

    checked = check_material_file(upload)

    assert (checked.file, checked.name, checked.kind, checked.size) == (
        upload,
        name,
        kind,
        len(content),
    )


def test_check_material_file_large_upload_on_disk_is_accepted():
    # Django keeps big uploads in a temporary file rather than in memory.
    upload = TemporaryUploadedFile("notes.docx", "application/octet-stream", len(DOCX), None)
    upload.write(DOCX)

    assert check_material_file(upload).kind == DOCX_KIND
    assert upload.tell() == 0
    upload.close()


def test_check_material_file_executable_renamed_pdf_says_it_looks_like_a_program():
    error = refusal("report.pdf", ELF)

    assert error.code == "content"
    assert str(error) == (
        "“report.pdf” is not a PDF document: it looks like a program, and programs cannot be "
        "uploaded. Please choose the document or image itself."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.docx", b"MZ\x90\x00\x03\x00"), ("run.pptx", b"#!/bin/sh\nrm -rf ~\n")],
)
def test_check_material_file_windows_program_or_script_is_called_a_program(name, content):
    error = refusal(name, content)

    assert error.code == "content"
    assert "it looks like a program" in str(error)


def test_check_material_file_text_renamed_docx_is_refused_for_its_content():
    error = refusal("notes.docx", b"Just some notes, typed in a text editor.\n")

    assert error.code == "content"
    assert str(error) == (
        "“notes.docx” is not a Word document: its contents do not match its name. It may be "
        "damaged or a different kind of file: please open it, save it again as a Word document "
        "and try again."
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("slides.pptx", make_zip({"slides.txt": "not a presentation"})),
        ("notes.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("notes.docx", DOCX[: len(DOCX) // 2]),
        ("notes.odt", make_odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("notes.docx", make_zip({"word/document.xml": "<document/>"})),
    ],
    ids=["plain-zip", "corrupt-zip", "cut-short-zip", "spreadsheet-as-odt", "no-content-types"],
)
def test_check_material_file_zip_that_is_not_an_allowed_kind_is_refused(name, content):
    assert refusal(name, content).code == "content"


def test_check_material_file_png_named_pdf_says_it_is_a_png_image():
    error = refusal("photo.pdf", PNG)

    assert error.code == "content"
    assert str(error) == (
        "“photo.pdf” is a PNG image, not a PDF document. Please rename it to end in .png, or "
        "choose the right file."
    )


def test_check_material_file_word_file_named_odt_uses_an_before_opendocument():
    assert str(refusal("notes.odt", DOCX)) == (
        "“notes.odt” is a Word document, not an OpenDocument text. Please rename it to end in "
        ".docx, or choose the right file."
    )


def test_check_material_file_empty_file_is_refused():
    error = refusal("notes.pdf", b"")

    assert error.code == "empty"
    assert str(error) == "“notes.pdf” is empty: please choose the right file and try again."


@pytest.mark.parametrize("name", ["setup.exe", "materials.zip", "README", "notes.doc", "x.pdf.exe"])
def test_check_material_file_extension_not_allowed_is_refused(name):
    error = refusal(name, PDF)

    assert error.code == "extension"
    assert str(error) == (
        f"“{name}” is not a kind of file you can upload here. You can upload PDF, Word (.docx), "
        "PowerPoint (.pptx), OpenDocument text (.odt) and presentation (.odp) files, and PNG, "
        "JPEG, GIF or WebP images: please save it as one of these and try again."
    )


def test_check_material_file_over_the_setting_is_refused_with_both_sizes(settings):
    settings.MATERIAL_MAX_UPLOAD_BYTES = 1024 * 1024
    error = refusal("slides.pdf", PDF + b"\n" * (1024 * 1024 + 512 * 1024 - len(PDF)))

    assert error.code == "too_large"
    assert str(error) == (
        "“slides.pdf” is 1.5 MB. Files can be at most 1 MB: please make it smaller, or add a "
        "link to it instead."
    )


def test_check_material_file_over_default_limit_is_refused(settings):
    del settings.MATERIAL_MAX_UPLOAD_BYTES
    upload = SimpleUploadedFile("slides.pdf", PDF)
    upload.size = int(31.2 * 1024 * 1024)  # as if it were that big, without holding 31 MB

    with pytest.raises(UploadRefused) as caught:
        check_material_file(upload)

    assert caught.value.code == "too_large"
    assert str(caught.value) == (
        "“slides.pdf” is 31.2 MB. Files can be at most 25 MB: please make it smaller, or add a "
        "link to it instead."
    )


def test_check_material_file_exactly_at_the_limit_is_accepted(settings):
    settings.MATERIAL_MAX_UPLOAD_BYTES = len(PDF)

    assert check_material_file(SimpleUploadedFile("slides.pdf", PDF)).kind == PDF_KIND


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, PDF_KIND), (DOCX, DOCX_KIND), (ODP, ODP_KIND), (WEBP, WEBP_KIND), (ELF, None)],
)
def test_detect_kind_leaves_the_position_at_zero(content, kind):
    fileobj = io.BytesIO(content)
    fileobj.seek(7)  # even when a caller has already read some of it

    assert detect_kind(fileobj) == kind
    assert fileobj.tell() == 0


def test_detect_kind_corrupt_zip_is_none_and_position_zero():
    fileobj = io.BytesIO(b"PK\x03\x04garbage")

    assert detect_kind(fileobj) is None
    assert fileobj.tell() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("slides.pdf", "slides.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\slides.pdf", "slides.pdf"),
        ('say "hello".pdf', "say hello.pdf"),
        ("it's mine.pdf", "its mine.pdf"),
        ("line one\nline two\r\n.pdf", "line one line two.pdf"),
        ("notes\x00\x07.pdf", "notes.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("  lots   of\tspace  .pdf ", "lots of space.pdf"),
        ("Präsentation – Leeds.pdf", "Präsentation - Leeds.pdf"),
        ("Pra\u0308sentation.pdf", "Präsentation.pdf"),
        ("会议记录.docx", "会议记录.docx"),
        ("notes_v2-final.tar.gz", "notes_v2-final.tar.gz"),
        (".hidden.pdf", "hidden.pdf"),
        ("???.pdf", "file.pdf"),
        ("", "file"),
        ("..", "file"),
        ("/", "file"),
    ],
)
def test_safe_filename_cleans_name(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_long_name_is_cut_to_150_keeping_the_extension():
    assert safe_filename("a" * 300 + ".pptx") == "a" * 145 + ".pptx"


def test_safe_filename_long_name_without_extension_is_cut_to_150():
    assert safe_filename("b" * 300) == "b" * 150


def test_safe_filename_long_non_ascii_name_stays_within_255_bytes():
    # 150 Chinese characters would be 450 bytes: too long for most file systems.
    assert safe_filename("记" * 200 + ".pdf") == "记" * 83 + ".pdf"
