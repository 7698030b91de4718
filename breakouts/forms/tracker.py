"""The recommendation tracker's forms: its filters (read from the address and checked), an
update of one recommendation, and the spreadsheet import, whose file is read here into lines
(`Line`) with what is wrong in each, for the import's plan and its service."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialjustice.csvfiles import NotACsvFile, read_rows, read_text
from socialjustice.forms import EARLIEST, LATEST, DayField
from socialjustice.pagecache import page_number

from ..enums import RecommendationStatus
from ..selectors.tracker import EXPORT_HEADER, IMPORTED, SORTS, Filters

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
OWNER = re.compile(r"(network|organisation):[-a-zA-Z0-9_]{1,200}")


def _slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value))


# What the tracker's address may say; anything else is dropped (socialjustice.pagecache).
TRACKER_PARAMS = {
    "workshop": _slug,
    "status": lambda value: value in RecommendationStatus.values,
    "level": _slug,
    "four_r": _slug,
    "owner": lambda value: bool(OWNER.fullmatch(value)),
    "network": _slug,
    "sort": lambda value: value in SORTS,
    "page": page_number,
}


class TrackerFilterForm(forms.Form):
    """The tracker's filters, each a labelled list; `lists` come from
    selectors.tracker.tracker_choices, read once for the page."""

    workshop = forms.ChoiceField(label=gettext_lazy("Workshop"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)
    four_r = forms.ChoiceField(label=gettext_lazy("Which of the 4Rs"), required=False)
    owner = forms.ChoiceField(label=gettext_lazy("Owner"), required=False)
    network = forms.ChoiceField(label=gettext_lazy("Workshops of the network"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    def __init__(self, *args, lists: dict, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["workshop"].choices = [("", _("Any workshop")), *lists["workshops"]]
        fields["status"].choices = [("", _("Any status")), *RecommendationStatus.choices]
        fields["level"].choices = [("", _("Any level")), *lists["levels"]]
        fields["four_r"].choices = [("", _("Any of the 4Rs")), *lists["four_rs"]]
        owners = [
            (label, [(f"{kind}:{slug}", name) for slug, name in lists[key]])
            for kind, key, label in (
                ("network", "networks", _("Networks")),
                ("organisation", "organisations", _("Organisations")),
            )
        ]
        fields["owner"].choices = [("", _("Any owner")), *(group for group in owners if group[1])]
        fields["network"].choices = [("", _("Any network")), *lists["networks"]]
        fields["sort"].choices = list(SORTS.items())
        for field in fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> Filters:
        """The filters chosen; a choice that is not on offer (a bookmarked workshop whose
        report is no longer public, say) finds nothing, and the form says why."""
        if not self.is_valid():
            return Filters(nothing=True)
        data = {**self.cleaned_data, "sort": self.cleaned_data["sort"] or "due"}
        return Filters(**{name: data[name] for name in self.fields})


class UpdateForm(forms.Form):
    """An owner's or organiser's update of one recommendation. `seen` is the newest update
    when the form was opened: an update made since is not overwritten."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=RecommendationStatus.choices,
        widget=forms.RadioSelect,
    )
    progress = forms.IntegerField(
        label=gettext_lazy("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=gettext_lazy("How much of it is done, from 0 to 100."),
    )
    due_on = DayField(
        label=gettext_lazy("Due by"),
        required=False,
        help_text=gettext_lazy("Leave it empty if there is no due date."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What happened, for everyone reading the recommendation's page."),
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("status", "progress", "due_on")}


# The spreadsheet import

MAX_IMPORT_BYTES = 1024 * 1024
MAX_LINES = 2000
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y")
SIGNED_FOR = 60 * 60  # seconds between the preview and its confirmation
SALT = "breakouts.tracker.import"


@dataclass(frozen=True)
class Line:
    """One line of the file: the number it names, the values it gives (only those whose
    cells are filled in, and the due date whenever its column is there: empty means none),
    its note and what is wrong with it."""

    line: int
    number: str
    values: dict
    note: str
    errors: tuple[str, ...]


def _key(heading: str) -> str:
    return " ".join(heading.replace("\ufeff", "").split()).casefold()


def _columns(header: list[str]) -> dict[str, int]:
    names = {}
    for name, index in IMPORTED.items():
        names[_key(str(EXPORT_HEADER[index]))] = names[name] = name
    found = {}
    for position, heading in enumerate(header):
        name = names.get(_key(heading))
        if name and name not in found:
            found[name] = position
    return found


def _status(text: str) -> str:
    for value, label in RecommendationStatus.choices:
        if text.casefold() in (value.casefold(), str(label).casefold()):
            return value
    labels = ", ".join(str(label) for label in RecommendationStatus.labels)
    raise ValueError(
        _("“%(text)s” is not a status: use one of %(labels)s.") % {"text": text, "labels": labels}
    )


def _progress(text: str) -> int:
    number = text.removesuffix("%").strip()
    if not number.isdigit() or int(number) > 100:
        raise ValueError(_("The progress must be a whole number from 0 to 100."))
    return int(number)


def _day(text: str) -> date | None:
    if not text:
        return None
    for pattern in DAY_FORMATS:
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if EARLIEST <= day <= LATEST:
            return day
    raise ValueError(
        _("“%(text)s” is not a due date: write it as 2026-07-31 or 31/07/2026.") % {"text": text}
    )


def _line(number: int, cells: list[str], columns: dict[str, int]) -> Line:
    def cell(name):
        index = columns.get(name)
        return None if index is None else (cells[index].strip() if index < len(cells) else "")

    values, errors = {}, []
    for name, column, read in (
        ("status", "status", _status),
        ("progress", "progress", _progress),
        ("due_on", "due", _day),
    ):
        text = cell(column)
        # An empty status or progress is left as it is; an empty due date means none.
        if text is None or (not text and name != "due_on"):
            continue
        try:
            values[name] = read(text)
        except ValueError as error:
            errors.append(str(error))
    return Line(number, cell("number") or "", values, cell("note") or "", tuple(errors))


def read_lines(text: str) -> list[Line]:
    """The file's rows, or a ValidationError saying what is wrong with the file as a whole."""
    try:
        rows = read_rows(text)
    except NotACsvFile as refused:
        raise forms.ValidationError(str(refused)) from refused
    columns = _columns(rows[0])
    if "number" not in columns:
        raise forms.ValidationError(
            _(
                "The file has no “%(column)s” column. Download the tracker as a spreadsheet, "
                "change it, and import that file."
            )
            % {"column": EXPORT_HEADER[0]}
        )
    lines = [
        _line(number, cells, columns)
        for number, cells in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if not lines:
        raise forms.ValidationError(_("The file has no recommendations in it."))
    if len(lines) > MAX_LINES:
        raise forms.ValidationError(
            _("The file has more than %(n)s rows: import it in parts.") % {"n": MAX_LINES}
        )
    return lines


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The spreadsheet, saved as CSV"),
        help_text=gettext_lazy(
            "The tracker's spreadsheet with your changes, at most 1 MB, saved as CSV."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        # Judged by its content, the same way as every import (socialjustice/csvfiles.py).
        upload = self.cleaned_data["file"]
        try:
            self.text = read_text(upload, max_bytes=MAX_IMPORT_BYTES)
        except NotACsvFile as refused:
            raise forms.ValidationError(str(refused)) from refused
        self.lines = read_lines(self.text)
        return upload


def signed_import(text: str, digest: str) -> str:
    """The preview's hidden field: the file and what the preview showed, signed, so that the
    confirmation applies exactly the file previewed."""
    return signing.dumps({"text": text, "digest": digest}, salt=SALT, compress=True)


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)

    def clean_token(self):
        try:
            kept = signing.loads(self.cleaned_data["token"], salt=SALT, max_age=SIGNED_FOR)
        except signing.BadSignature as bad:
            raise forms.ValidationError(
                _("This preview is more than an hour old, or was changed: import the file again.")
            ) from bad
        self.text, self.digest = kept["text"], kept["digest"]
        self.lines = read_lines(self.text)
        return self.cleaned_data["token"]
