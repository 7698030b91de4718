"""Forms of check-in: at the door, and from a meeting tool's list."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
