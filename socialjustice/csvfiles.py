"""Reading the spreadsheets people upload, saved as CSV: one way for every import.

A file's name proves nothing, so it is judged by its contents: text (no NUL bytes, not a zip
such as an .xlsx saved with the wrong name), UTF-8 with or without the byte order mark that
spreadsheet programs add, and cells separated by commas, semicolons or tabs (what a
spreadsheet program saves depends on the computer's language settings: the header line tells
which).
A refusal is a PortalError in plain words, saying what to do instead.
"""

import csv
import io

from django.utils.translation import gettext as _

from .errors import PortalError

# How other kinds of file start: refused by name, so the message can say what to do.
NOT_TEXT = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF-", b"\x7fELF", b"MZ")


class NotACsvFile(PortalError):
    def __init__(self, message):
        super().__init__(message, field="file")


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def read_text(upload, *, max_bytes: int) -> str:
    """The text of an uploaded CSV file, or NotACsvFile saying what is wrong with it."""
    if upload.size > max_bytes:
        raise NotACsvFile(
            _("The file is %(size)s: it can be at most %(limit)s. Import it in parts.")
            % {"size": _size(upload.size), "limit": _size(max_bytes)}
        )
    content = upload.read(max_bytes + 1)
    if not content.strip():
        raise NotACsvFile(_("The file is empty: choose the right file and try again."))
    if content.startswith(NOT_TEXT) or b"\x00" in content:
        raise NotACsvFile(
            _(
                "This is not a CSV file: it looks like a spreadsheet or another document. In "
                "your spreadsheet program, choose “Save as”, then “CSV UTF-8”, and upload that."
            )
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotACsvFile(
            _(
                "The file is not saved as UTF-8 text. In your spreadsheet program, choose “Save "
                "as”, then “CSV UTF-8”, and upload that."
            )
        ) from error


def read_rows(text: str) -> list[list[str]]:
    """The rows of a CSV text, the header first; row n of the list is row n + 1 of the
    spreadsheet (empty rows are kept, so the numbers agree). The delimiter is whichever of
    comma, semicolon and tab the header line uses most. A cell may hold line breaks: the row
    still counts as one, as the spreadsheet program numbers it."""
    text = text.lstrip("\ufeff")
    first = text.partition("\n")[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise NotACsvFile(
            _("The file could not be read as CSV (%(problem)s): save it as CSV again.")
            % {"problem": error}
        ) from error
    if not any(cell.strip() for row in rows for cell in row):
        raise NotACsvFile(_("The file is empty: choose the right file and try again."))
    return rows
