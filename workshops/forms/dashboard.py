"""Forms of the registration dashboard and a registration's page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import RegistrationStatus
from .fields import PlacesField


class RegistrationFilterForm(forms.Form):
    """The dashboard list's search and status filter (GET): anything unknown shows all."""

    q = forms.CharField(label=_("Name, email or organisation"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Everyone"))] + RegistrationStatus.choices,
    )

    source = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def values(self) -> dict:
        if not self.is_valid():
            return {"query": "", "status": "", "source": ""}
        data = self.cleaned_data
        return {"query": data["q"], "status": data["status"], "source": data["source"]}


class RemoveBurstForm(forms.Form):
    source = forms.CharField(max_length=32)


class CapacityForm(forms.Form):
    capacity = PlacesField(
        label=_("Places"),
        required=False,
        help_text=_(
            "Leave blank for no limit. New places go to the people waiting, longest first, "
            "and each is emailed. Setting fewer places than people confirmed takes no place "
            "away: everyone confirmed keeps theirs, and new registrations wait until enough "
            "people cancel."
        ),
    )


class RegistrationAction(forms.Form):
    """Which button was pressed on a registration's page."""

    GIVE_PLACE = "give_place"
    CANCEL = "cancel"
    ATTENDED = "attended"
    NOT_ATTENDED = "not_attended"

    action = forms.ChoiceField(
        choices=[
            (GIVE_PLACE, _("Give a place")),
            (CANCEL, _("Cancel registration")),
            (ATTENDED, _("Mark attended")),
            (NOT_ATTENDED, _("Not attended")),
        ]
    )
