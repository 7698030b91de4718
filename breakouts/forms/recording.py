"""The forms of a group's recording page: one form a part, each saved on its own (by autosave,
or by its button without JavaScript). Every form carries the part it saves and the version it
was loaded at; `values()` gives the fields as the recording service takes them."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from networks.models import Organisation
from socialjustice.forms import DayField

from ..enums import EntryKind, Horizon


class PartForm(forms.Form):
    part = forms.CharField(widget=forms.HiddenInput, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    FIELDS: tuple = ()
    # Whether the form takes `lists` (choices_for_recording, read once for the whole page).
    takes_lists = False

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class SectionForm(PartForm):
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    FIELDS = ("text",)


class EntryForm(PartForm):
    """One entry of a list; each kind names its text and adds its own fields."""

    FIELDS = ("text",)


class PriorityForm(EntryForm):
    text = forms.CharField(label=_("Priority"), widget=forms.Textarea(attrs={"rows": 2}))
    horizon = forms.ChoiceField(
        label=_("When"), choices=[("", _("Not decided")), *Horizon.choices], required=False
    )
    FIELDS = ("text", "horizon")


def _directory_name(field) -> forms.CharField:
    """A name typed with suggestions from the directory (static/js/suggest.js): the
    directory's organisations are too many to list in every form."""
    field.widget.attrs["data-suggest-url"] = reverse_lazy("breakouts:organisation_suggestions")
    field.widget.attrs["autocomplete"] = "off"
    return field


def _organisation_named(name: str) -> Organisation | None:
    return Organisation.objects.filter(name__iexact=" ".join(name.split())).first()


class SiteForm(EntryForm):
    text = _directory_name(
        forms.CharField(
            label=_("Organisation"),
            max_length=300,
            help_text=_(
                "Start typing to choose it from the directory, or type the name of one that "
                "is not in it yet."
            ),
            error_messages={"required": _("Type the organisation's name.")},
        )
    )
    contact = forms.CharField(
        label=_("Contact (only organisers see it)"), required=False, max_length=300
    )

    def clean(self):
        cleaned = super().clean()
        self.organisation = _organisation_named(cleaned["text"]) if cleaned.get("text") else None
        if self.organisation is not None:
            cleaned["text"] = self.organisation.name
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "organisation_id": self.organisation.pk if self.organisation else None,
            "contact": data["contact"],
        }


class NextStepForm(EntryForm):
    text = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 2}))
    who = forms.CharField(label=_("Who"), required=False, max_length=200)
    by_when = forms.CharField(label=_("By when"), required=False, max_length=100)
    FIELDS = ("text", "who", "by_when")


class AgendaEntryForm(EntryForm):
    """A research question or design, with where it goes on the research agenda (both
    optional: without a theme it takes its workshop's)."""

    takes_lists = True
    level = forms.ChoiceField(label=_("Level"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        help_text=_("Without one, the research agenda uses the workshop's theme."),
    )
    LISTS = {"level": "levels", "theme": "themes"}

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in self.LISTS.items():
            self.fields[name].choices = _choices(lists[key], _("Not chosen"))

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            **{f"{name}_id": int(data[name]) if data[name] else None for name in self.LISTS},
        }


class QuestionForm(AgendaEntryForm):
    text = forms.CharField(label=_("Research question"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ("text", "level", "theme")


class DesignForm(AgendaEntryForm):
    text = forms.CharField(label=_("Research design"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ("text", "level", "theme")


ENTRY_FORMS = {
    EntryKind.PRIORITY: PriorityForm,
    EntryKind.QUESTION: QuestionForm,
    EntryKind.DESIGN: DesignForm,
    EntryKind.SITE: SiteForm,
    EntryKind.NEXT_STEP: NextStepForm,
}


def _choices(rows, empty):
    return [("", empty), *((str(row.pk), str(row)) for row in rows)]


class RecommendationForm(PartForm):
    """A recommendation. The lists come in `lists` (read once for the whole page), not from a
    query each form would make."""

    takes_lists = True

    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level"), required=False)
    four_r = forms.ChoiceField(label=_("Which of the 4Rs"), required=False)
    category = forms.ChoiceField(label=_("Kind of action"), required=False)
    owner_network = forms.ChoiceField(label=_("Proposed owner: a network"), required=False)
    owner_organisation = _directory_name(
        forms.CharField(
            label=_("or an organisation"),
            required=False,
            max_length=200,
            help_text=_("Start typing to choose it from the directory."),
        )
    )
    due_on = DayField(label=_("Due by"), required=False)
    contributions = forms.MultipleChoiceField(
        label=_("Contributions that support it"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    LISTS = {
        "level": "levels",
        "four_r": "four_rs",
        "category": "categories",
        "owner_network": "networks",
    }

    def __init__(self, *args, lists, contributions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in self.LISTS.items():
            self.fields[name].choices = _choices(lists[key], _("Not chosen"))
        self.fields["contributions"].choices = [(str(c.pk), c.title) for c in contributions]
        if not contributions:
            del self.fields["contributions"]

    def clean_owner_organisation(self):
        name = self.cleaned_data["owner_organisation"]
        self.organisation = _organisation_named(name) if name.strip() else None
        if name.strip() and self.organisation is None:
            raise forms.ValidationError(
                _(
                    "No organisation of that name is in the directory: choose one from the "
                    "suggestions, or leave it empty and name a network."
                )
            )
        return name

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            "text": data["text"],
            "due_on": data["due_on"],
            **{f"{name}_id": int(data[name]) if data[name] else None for name in self.LISTS},
            "owner_organisation_id": self.organisation.pk if self.organisation else None,
        }
        if "contributions" in self.fields:
            values["contributions"] = sorted(int(pk) for pk in data["contributions"])
        return values
