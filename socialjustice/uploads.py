"""Checking the files people upload: presentations, outputs, evidence for contributions.

A file's name is easy to change, so the kind of file is decided by its contents, and the name's
extension must agree with them. Only documents and images people can open safely are allowed.
Services call `check_upload` themselves, before they store anything, so no caller (a form, the
demo, a later feature) can skip the check; a refusal is a PortalError naming the form field.
"""

import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from .errors import PortalError


@dataclass(frozen=True)
class FileKind:
    extension: str  # canonical, e.g. "pdf", "docx", "jpg"
    mimetype: str
    label: str  # plain words for people; marked with gettext_noop, translated when shown


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
PDF = FileKind("pdf", "application/pdf", gettext_noop("PDF document"))
DOCX = FileKind("docx", f"{_OOXML}wordprocessingml.document", gettext_noop("Word document"))
PPTX = FileKind(
    "pptx", f"{_OOXML}presentationml.presentation", gettext_noop("PowerPoint presentation")
)
ODT = FileKind("odt", f"{_ODF}text", gettext_noop("OpenDocument text"))
ODP = FileKind("odp", f"{_ODF}presentation", gettext_noop("OpenDocument presentation"))
PNG = FileKind("png", "image/png", gettext_noop("PNG image"))
JPEG = FileKind("jpg", "image/jpeg", gettext_noop("JPEG image"))
GIF = FileKind("gif", "image/gif", gettext_noop("GIF image"))
WEBP = FileKind("webp", "image/webp", gettext_noop("WebP image"))

# Extensions people may use, aliases included, and the kind each one promises.
KINDS_BY_EXTENSION = {
    kind.extension: kind for kind in (PDF, DOCX, PPTX, ODT, ODP, PNG, JPEG, GIF, WEBP)
} | {"jpeg": JPEG}

# How each kind's contents start; WebP, with its size in the middle, is checked on its own.
SIGNATURES = {b"%PDF-": PDF, b"\x89PNG\r\n\x1a\n": PNG, b"\xff\xd8\xff": JPEG}
SIGNATURES |= dict.fromkeys((b"GIF87a", b"GIF89a"), GIF)
# Starts of executables and scripts: refusing these is the point, so the message says so.
PROGRAM_SIGNATURES = (b"\x7fELF", b"MZ", b"#!")


def detect_kind(fileobj) -> FileKind | None:
    """Read the file's first bytes (and, for zip-based formats, its zip directory) and say what
    it is; None if not an allowed kind. Leaves the file position at 0."""
    try:
        fileobj.seek(0)
        head = fileobj.read(16)
        fileobj.seek(0)
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(fileobj)
        if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
            return WEBP
        return next((kind for start, kind in SIGNATURES.items() if head.startswith(start)), None)
    finally:
        fileobj.seek(0)


def _zip_kind(fileobj) -> FileKind | None:
    # Office and OpenDocument files are zips; a plain or corrupt zip is not allowed.
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "ppt/presentation.xml" in names:
                    return PPTX
            if "mimetype" in names:
                # Read only a few bytes: the member could be a zip bomb.
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).strip()
                return {ODT.mimetype.encode(): ODT, ODP.mimetype.encode(): ODP}.get(mimetype)
    except Exception:  # corrupt or hostile zips fail in many ways (zlib, lzma, bad offsets...)
        return None
    return None


class UploadRefused(PortalError):
    """The file cannot be taken; the message says why in plain words and what to do."""

    def __init__(self, message, *, code: str, field: str = "file"):
        super().__init__(message, field=field)
        self.code = code


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed `check_upload`: the file, its safe name, its kind and size."""

    file: object
    name: str
    kind: FileKind
    size: int


# Documents only: what contributors attach to an example of practice.
DOCUMENTS = (PDF, DOCX, ODT)
ALL_KINDS = tuple(dict.fromkeys(KINDS_BY_EXTENSION.values()))


def check_upload(
    uploaded, *, max_bytes: int, field: str = "file", kinds=ALL_KINDS
) -> CheckedUpload:
    """Raise UploadRefused with a clear, plain-language message, or return the checked file.
    `uploaded` is a Django UploadedFile (has .name, .size, and is file-like); `kinds` are the
    kinds of file allowed here."""
    name = safe_filename(uploaded.name or "")
    promised = KINDS_BY_EXTENSION.get(_extension(uploaded.name or ""))
    if kinds != ALL_KINDS and promised not in kinds:
        message = gettext(
            "“%(name)s” is not a kind of file you can upload here. You can upload %(kinds)s: "
            "please save it as one of these and try again."
        )
        allowed = ", ".join(f"{gettext(kind.label)} (.{kind.extension})" for kind in kinds)
        raise UploadRefused(
            message % {"name": name, "kinds": allowed}, code="extension", field=field
        )
    if promised is None:
        message = gettext(
            "“%(name)s” is not a kind of file you can upload here. You can upload PDF, Word "
            "(.docx), PowerPoint (.pptx), OpenDocument text (.odt) and presentation (.odp) "
            "files, and PNG, JPEG, GIF or WebP images: please save it as one of these and try "
            "again."
        )
        raise UploadRefused(message % {"name": name}, code="extension", field=field)
    if not uploaded.size:
        message = gettext("“%(name)s” is empty: please choose the right file and try again.")
        raise UploadRefused(message % {"name": name}, code="empty", field=field)
    limit = max_bytes
    if uploaded.size > limit:
        message = gettext(
            "“%(name)s” is %(size)s. Files can be at most %(limit)s: please make it smaller, or "
            "add a link to it instead."
        )
        params = {"name": name, "size": _file_size(uploaded.size), "limit": _file_size(limit)}
        raise UploadRefused(message % params, code="too_large", field=field)

    actual = detect_kind(uploaded)
    params = {"name": name, "promised": _a(promised)}
    if actual is None:
        head = uploaded.read(4)
        uploaded.seek(0)
        if head.startswith(PROGRAM_SIGNATURES):
            message = gettext(
                "“%(name)s” is not %(promised)s: it looks like a program, and programs cannot "
                "be uploaded. Please choose the document or image itself."
            )
        else:
            message = gettext(
                "“%(name)s” is not %(promised)s: its contents do not match its name. It may be "
                "damaged or a different kind of file: please open it, save it again as "
                "%(promised)s and try again."
            )
        raise UploadRefused(message % params, code="content", field=field)
    if actual != promised:
        message = gettext(
            "“%(name)s” is %(actual)s, not %(promised)s. Please rename it to end in "
            ".%(extension)s, or choose the right file."
        )
        params |= {"actual": _a(actual), "extension": actual.extension}
        raise UploadRefused(message % params, code="content", field=field)
    return CheckedUpload(file=uploaded, name=name, kind=actual, size=uploaded.size)


def _a(kind: FileKind) -> str:
    # "an OpenDocument text" but "a PDF document"; both are whole phrases for translators.
    label = gettext(kind.label)
    return gettext("an %s") % label if kind.label[0] in "AEIOU" else gettext("a %s") % label


def _extension(name: str) -> str:
    base = re.split(r"[/\\]", name)[-1]
    _stem, dot, extension = base.rpartition(".")
    return extension.strip().lower() if dot else ""


def _file_size(size: int) -> str:
    # One decimal place, without a pointless ".0": "31.2 MB", "25 MB". KB for small limits.
    value, unit = (size / (1024 * 1024), "MB") if size >= 1024 * 1024 else (size / 1024, "KB")
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def safe_filename(name: str) -> str:
    """A file name safe to store and to put in a Content-Disposition header: base name only, no
    path parts, control characters or quotes; keeps letters (including non-ASCII), digits,
    spaces, dots, hyphens, underscores; collapses whitespace; never empty (fallback "file"); at
    most 150 characters keeping the extension."""
    # NFC so an "ä" typed as "a" plus a combining mark counts as one character.
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    kept = []
    for char in base:
        category = unicodedata.category(char)
        if char.isspace():
            kept.append(" ")
        elif category == "Pd":  # every kind of dash, e.g. "–", becomes a plain hyphen
            kept.append("-")
        elif category[0] in "LNM" or char in "._":  # marks too: some scripts need them
            kept.append(char)
    text = " ".join("".join(kept).split())
    stem, dot, extension = text.rpartition(".")
    if not dot or len(extension) > 10 or " " in extension:  # not really an extension
        stem, extension = text, ""
    suffix = f".{extension}" if extension else ""
    # Leading dots would hide the file; trailing dots and spaces are dropped by Windows.
    stem = stem.strip(" .")[: 150 - len(suffix)].rstrip(" .")
    # File systems count bytes (usually 255 at most), and non-ASCII letters take several.
    while len(f"{stem}{suffix}".encode()) > 255:
        stem = stem[:-1].rstrip(" .")
    return f"{stem or 'file'}{suffix}"
