"""Forms of check-in: at the door, and from a meeting tool's list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import RegistrationStatus
from ..models import Registration


class CheckInForm(forms.Form):
    """A "Mark as arrived" or "Undo" button at the door; `q` and `page` are where to come
    back to."""

    arrived = forms.TypedChoiceField(
        choices=[("yes", _("Mark as arrived")), ("no", _("Undo"))],
        coerce=lambda value: value == "yes",
    )
    q = forms.CharField(required=False, max_length=200)
    page = forms.IntegerField(required=False, min_value=1)


class AttendanceListForm(forms.Form):
    text = forms.CharField(
        label=_("Names or email addresses, one a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paste the list of people who joined, as the meeting tool exports it (a table "
            "pasted from a spreadsheet is fine: the first column is read as the name). "
            "Accents, capitals, titles such as Dr, notes in brackets such as (Guest), and the "
            "order of the names do not matter. Names that are only nearly the same are shown "
            "to you to confirm."
        ),
    )


class ConfirmAttendanceForm(forms.Form):
    """The likely matches of a pasted list the organiser ticks."""

    registrations = forms.ModelMultipleChoiceField(
        queryset=Registration.objects.none(), required=False
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = Registration.objects.filter(
            workshop=workshop, status=RegistrationStatus.CONFIRMED
        ).only("pk")
