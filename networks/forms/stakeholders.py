from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import InvitationState
from ..models import EqualityGroup, StakeholderList
from ..services.stakeholders import StakeholderListDetails


class StakeholderListForm(forms.ModelForm):
    equality_groups = forms.ModelMultipleChoiceField(
        label=_("Groups the list should reach"),
        help_text=_(
            "Choose two or more to look for organisations that serve them all at once (for "
            "example disabled migrants: Disability and Migrant status)."
        ),
        queryset=EqualityGroup.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = StakeholderList
        fields = ["title", "description", "region", "equality_groups"]
        labels = {
            "title": _("Title"),
            "description": _("What the list is for (optional)"),
            "region": _("Region (optional)"),
        }
        help_texts = {
            "title": _("For example: who we invite to the open conversation in February."),
            "region": _(
                "Where the workshop or initiative is. Suggestions come from this region first."
            ),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        # The regions of the directory, offered as you type (the page's <datalist>).
        self.fields["region"].widget.attrs["list"] = "known-regions"

    def to_details(self) -> StakeholderListDetails:
        data = self.cleaned_data
        return StakeholderListDetails(
            title=" ".join(data["title"].split()),
            description=data["description"].strip(),
            region=" ".join(data["region"].split()),
            equality_groups=tuple(data["equality_groups"]),
        )


class AddStakeholderForm(forms.Form):
    name = forms.CharField(
        label=_("Organisation name"),
        max_length=200,
        help_text=_("As it is in the directory. Type part of it to see the names that match."),
    )


class StakeholderStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Where it stands"), choices=InvitationState.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)
