"""The import of organisations, step by step: the file, which column is which field (guessed
from the headings, one list for each column), and a correction of one row in the preview."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialjustice.csvfiles import NotACsvFile, read_rows, read_text

from ..selectors.spreadsheets import BY_FIELD, COLUMNS

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_CELL = 10_000
# The columns that can say which organisation a row is, without a name.
NAMING = {"name", "identifier", "charity_number", "company_number"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The list of organisations, saved as CSV"),
        help_text=gettext_lazy(
            "A spreadsheet saved as CSV (comma or semicolon between the cells), at most 5 MB, "
            "with the column headings in its first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            rows = read_rows(read_text(upload, max_bytes=MAX_BYTES))
        except NotACsvFile as refused:
            raise forms.ValidationError(str(refused)) from refused
        header = [" ".join(cell.split()) for cell in rows[0]]
        if not any(header):
            raise forms.ValidationError(
                _("The first row has no headings: add one above each column and try again.")
            )
        if len(header) > MAX_COLUMNS:
            raise forms.ValidationError(
                _("The file has more than %(n)s columns: remove the ones you do not need.")
                % {"n": MAX_COLUMNS}
            )
        body = rows[1:]
        filled = sum(1 for row in body if any(cell.strip() for cell in row))
        if not filled:
            raise forms.ValidationError(_("The file has headings but no organisations."))
        if filled > MAX_ROWS:
            raise forms.ValidationError(
                _("The file has more than %(n)s organisations: import it in parts.")
                % {"n": MAX_ROWS}
            )
        width = len(header)
        self.header = header
        self.rows = [[cell[:MAX_CELL] for cell in (row + [""] * width)[:width]] for row in body]
        self.filename = upload.name
        return upload


def _sample(rows: list[list[str]], index: int) -> str:
    for row in rows:
        if index < len(row) and row[index].strip():
            return " ".join(row[index].split())[:60]
    return ""


class ColumnsForm(forms.Form):
    """One list for each column of the file: which field of an organisation it holds."""

    def __init__(self, *args, header: list[str], rows: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Do not import this column"))] + [
            (column.field, str(column.heading)) for column in COLUMNS
        ]
        for index, heading in enumerate(header):
            sample = _sample(rows, index)
            field = forms.ChoiceField(
                label=_("Column %(n)s: “%(heading)s”")
                % {"n": index + 1, "heading": heading or _("no heading")},
                choices=choices,
                required=False,
                help_text=_("For example: %(sample)s") % {"sample": sample} if sample else "",
            )
            field.widget.attrs["class"] = "form-select"
            self.fields[f"column_{index}"] = field
        self.width = len(header)

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for index in range(self.width):
            name = cleaned.get(f"column_{index}")
            if not name:
                continue
            if name in chosen:
                self.add_error(
                    f"column_{index}",
                    _("Column %(n)s is “%(field)s” already: choose it for one column only.")
                    % {"n": chosen[name] + 1, "field": BY_FIELD[name].heading},
                )
            else:
                chosen[name] = index
        if not (NAMING & chosen.keys()) and not self.errors:
            raise forms.ValidationError(
                _("Choose the column with the organisations' names (or their identifiers).")
            )
        return cleaned

    def columns(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{index}") or "" for index in range(self.width)]


class RowForm(forms.Form):
    """The cells of one row of the file, as the preview shows them, to correct them there."""

    line = forms.IntegerField(widget=forms.HiddenInput, min_value=2)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, header: list[str], columns: list[str], line: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_number = line
        self.indexes = [index for index, name in enumerate(columns) if name]
        for index in self.indexes:
            column = BY_FIELD[columns[index]]
            self.fields[f"cell_{index}"] = forms.CharField(
                label=str(column.heading),
                required=False,
                max_length=MAX_CELL,
                widget=forms.Textarea(attrs={"rows": 2})
                if column.field == "description"
                else forms.TextInput,
            )
        # Each row's form has its own ids on the page.
        self.auto_id = f"row{line}-%s"

    def cells(self) -> dict[int, str]:
        return {index: self.cleaned_data.get(f"cell_{index}", "") for index in self.indexes}


class ConfirmForm(forms.Form):
    """The preview's button: the file it showed (`key`) and what it showed (`digest`)."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
