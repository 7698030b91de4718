from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation

from ..enums import ProgrammeKind
from ..models import Speaker
from ..selectors.speakers import speaker_label
from ..services.programme import ItemData
from ..services.speakers import parse_speaker
from .fields import ClockField


def check_speaker_line(line: str) -> None:
    """Each part of a typed speaker must fit the column it is kept in."""
    parts = parse_speaker(line)
    limits = {
        "name": (Speaker._meta.get_field("name").max_length, _("a name")),
        "role": (Speaker._meta.get_field("role").max_length, _("a role")),
        "affiliation": (Organisation._meta.get_field("name").max_length, _("an affiliation")),
    }
    for part, (limit, what) in limits.items():
        if len(parts[part]) > limit:
            raise ValidationError(
                _("“%(text)s…” is too long: %(what)s can be at most %(limit)s characters.")
                % {"text": parts[part][:40], "what": what, "limit": limit},
                code="max_length",
            )


class ProgrammeItemForm(forms.Form):
    starts_at = ClockField(label=_("Starts"))
    ends_at = ClockField(label=_("Ends"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    chair = forms.CharField(
        label=_("Chair"),
        required=False,
        max_length=300,
        help_text=_(
            "Name, with the title and affiliation: Professor Sarah Salway (University of Sheffield)"
        ),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line, written like the chair. Speakers already in the portal are reused."
        ),
    )
    is_parallel = forms.BooleanField(label=_("Runs in parallel with another item"), required=False)
    accept_overlap = forms.BooleanField(
        label=_("Keep the overlap: save this item as it is"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if suggest_url:
            for name in ("chair",):
                self.fields[name].widget.attrs["data-suggest-url"] = suggest_url

    def clean_chair(self):
        check_speaker_line(self.cleaned_data["chair"])
        return self.cleaned_data["chair"]

    def clean_speakers(self):
        for line in self.cleaned_data["speakers"].splitlines():
            check_speaker_line(line)
        return self.cleaned_data["speakers"]

    def show_overlap_choice(self, message: str) -> None:
        self.overlap_warning = message
        self.fields["accept_overlap"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error(
                "ends_at",
                _("The item ends at %(end)s, before it starts at %(start)s.")
                % {"end": f"{end:%H:%M}", "start": f"{start:%H:%M}"},
            )
        return cleaned

    def to_item(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            chair=data["chair"],
            speakers=self.speaker_lines(),
            is_parallel=data["is_parallel"],
        )

    def speaker_lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.cleaned_data["speakers"].splitlines() if line.strip()
        )

    @staticmethod
    def initial_for(item) -> dict:
        return {
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "chair": speaker_label(item.chair) if item.chair else "",
            "speakers": "\n".join(speaker_label(s) for s in item.speakers.all()),
            "is_parallel": item.is_parallel,
        }


class PasteForm(forms.Form):
    # Not stripped: the preview numbers the lines as they are in the box.
    text = forms.CharField(
        label=_("Programme text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the programme from your document: one item a line, starting with its time, "
            "such as “10:00 Welcome” or “10.15 – 11.05 Opening Presentations”. Lines below an "
            "item become its description."
        ),
    )


class PastedItemForm(ProgrammeItemForm):
    include = forms.BooleanField(label=_("Include this item"), required=False, initial=True)
    line_number = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["accept_overlap"]
        self.order_fields(["include"])
        # The preview explains once how to write people, and grows each box to its text.
        for name in ("starts_at", "ends_at", "chair", "speakers"):
            self.fields[name].help_text = ""
        for name, most in (("speakers", 3), ("description", 2)):
            value = str(self[name].value() or "")
            rows = len(value.splitlines()) + len(value) // 70
            self.fields[name].widget.attrs["rows"] = min(max(rows, 1), most)
        self.fields["is_parallel"].label = _("Runs in parallel")

    def full_clean(self):
        # An item the organiser left out needs no valid times.
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include", True):
            self._errors = forms.utils.ErrorDict()


PastedItemFormSet = forms.formset_factory(PastedItemForm, extra=0)


class PasteSaveForm(forms.Form):
    replace = forms.BooleanField(
        label=_("Replace the items already in the programme"), required=False
    )
