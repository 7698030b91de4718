"""The forms of a group's recording page: one form a part, each saved on its own (by autosave,
or by its button without JavaScript). Every form carries the part it saves and the version it
was loaded at; `values()` gives the fields as the recording service takes them."""

from django import forms
from django.utils.translation import gettext_lazy as _

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


class SiteForm(EntryForm):
    takes_lists = True
    organisation = forms.ChoiceField(label=_("Organisation in the directory"), required=False)
    text = forms.CharField(
        label=_("Name of the organisation, if not in the directory"),
        required=False,
        max_length=300,
    )
    contact = forms.CharField(
        label=_("Contact (only organisers see it)"), required=False, max_length=300
    )

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = {str(o.pk): o.name for o in lists["organisations"]}
        self.fields["organisation"].choices = [
            ("", _("Not in the directory")),
            *self.names.items(),
        ]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation and not cleaned.get("text"):
            cleaned["text"] = self.names[organisation]
        if not organisation and not cleaned.get("text") and not self.has_error("organisation"):
            self.add_error(
                "organisation",
                _("Choose the organisation from the directory, or type its name."),
            )
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "organisation_id": int(data["organisation"]) if data["organisation"] else None,
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
    owner_organisation = forms.ChoiceField(label=_("or an organisation"), required=False)
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
        "owner_organisation": "organisations",
    }

    def __init__(self, *args, lists, contributions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in self.LISTS.items():
            self.fields[name].choices = _choices(lists[key], _("Not chosen"))
        self.fields["contributions"].choices = [(str(c.pk), c.title) for c in contributions]
        if not contributions:
            del self.fields["contributions"]

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            "text": data["text"],
            "due_on": data["due_on"],
            **{f"{name}_id": int(data[name]) if data[name] else None for name in self.LISTS},
        }
        if "contributions" in self.fields:
            values["contributions"] = sorted(int(pk) for pk in data["contributions"])
        return values
