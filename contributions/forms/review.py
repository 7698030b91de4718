from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Sector, Theme

from ..enums import ContributionState, Decision, Effect


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message to the contributor"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for changes: say what should change and why."),
    )
    # The version the reviewer read: a decision on an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the reviewers (the contributor never sees it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes, for the workshop pack"),
        queryset=Theme.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _choices(queryset, empty):
    return [("", empty), *[(item.slug, item.name) for item in queryset]]


class QueueFilterForm(forms.Form):
    """The review queue's filters (GET): anything unknown shows all."""

    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state"))]
        + [c for c in ContributionState.choices if c[0] != ContributionState.DRAFT],
    )
    group = forms.ChoiceField(label=_("Group affected"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    effect = forms.ChoiceField(
        label=_("Effect"), required=False, choices=[("", _("Any effect")), *Effect.choices]
    )
    covid = forms.ChoiceField(
        label=_("COVID-19"),
        required=False,
        choices=[("", _("Either")), ("yes", _("Related")), ("no", _("Not related"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = _choices(
            EqualityGroup.objects.order_by("position", "name"), _("Any group")
        )
        self.fields["sector"].choices = _choices(
            Sector.objects.order_by("position", "name"), _("Any sector")
        )

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
