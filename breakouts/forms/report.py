"""The forms of a workshop's report: the organisers' summary, how long attendees may suggest
corrections, each decision on one, merging a duplicate; an attendee's correction."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Recommendation
from ..services.report import MAX_CORRECTION_DAYS


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the workshop found, in a few paragraphs: it opens the report. Each group's "
            "own outputs follow it."
        ),
    )


class OpenForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days the attendees have to suggest corrections"),
        min_value=1,
        max_value=MAX_CORRECTION_DAYS,
        initial=7,
        help_text=_(
            "Everyone with a confirmed place is emailed the link to the draft. They sign in to "
            "read it and suggest corrections."
        ),
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your correction"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say what is wrong or missing, and which group or part it is in. Only the "
            "organisers read it."
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Reply to the person who suggested it (optional)"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    """Two of the workshop's recommendations that say the same: the first is shown as another
    source of the second, which is the one followed up."""

    duplicate = forms.TypedChoiceField(label=_("This recommendation"), coerce=int)
    into = forms.TypedChoiceField(label=_("says the same as"), coerce=int)

    def __init__(self, *args, choices: list[Recommendation], **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("Choose a recommendation"))] + [
            (r.pk, f"{r.group.name}: {r.text[:90]}") for r in choices if r.merged_into_id is None
        ]
        self.fields["duplicate"].choices = options
        self.fields["into"].choices = options
        self.recommendations = {r.pk: r for r in choices}

    def clean(self):
        data = super().clean()
        if data.get("duplicate") and data.get("duplicate") == data.get("into"):
            self.add_error("into", _("Choose a different recommendation to merge with."))
        return data
