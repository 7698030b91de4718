"""Forms of the registration dashboard and check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RegistrationStatus


class RegistrationFilterForm(forms.Form):
    """The dashboard list's search and status filter (GET): anything unknown shows all."""

    q = forms.CharField(label=_("Name, email or organisation"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Everyone"))] + RegistrationStatus.choices,
    )

    def values(self) -> dict:
        if not self.is_valid():
            return {"query": "", "status": ""}
        return {"query": self.cleaned_data["q"], "status": self.cleaned_data["status"]}


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
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


class CheckInForm(forms.Form):
    """An "Arrived" or "Undo" button at the door; `q` and `page` are where to come back to."""

    arrived = forms.TypedChoiceField(
        choices=[("yes", _("Arrived")), ("no", _("Undo"))], coerce=lambda value: value == "yes"
    )
    q = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1)


class AttendanceListForm(forms.Form):
    text = forms.CharField(
        label=_("Names or email addresses, one a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paste the list of people who joined, as exported from the meeting tool. Each line "
            "that is the name or email address of someone with a confirmed place marks them as "
            "attended; capitals and extra spaces do not matter."
        ),
    )
