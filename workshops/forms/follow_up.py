from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import MessageAudience
from ..selectors.follow_up import FIRST, SECOND

MESSAGE_HELP = _("It goes after the thank you, before the links to the materials.")


class FollowUpForm(forms.Form):
    """The first follow-up: the thanks, to attendees or everyone confirmed. `number` says
    which follow-up was written, so one sent by someone else meanwhile is not sent again."""

    number = forms.TypedChoiceField(
        choices=[(FIRST, FIRST)],
        coerce=int,
        initial=FIRST,
        required=False,
        empty_value=FIRST,
        widget=forms.HiddenInput,
    )
    audience = forms.ChoiceField(
        label=_("Send it to"),
        choices=[
            (MessageAudience.ATTENDED, _("Everyone marked as attended")),
            (MessageAudience.CONFIRMED, _("Everyone with a confirmed place")),
        ],
        initial=MessageAudience.ATTENDED,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Your own message (optional)"),
        required=False,
        max_length=5000,
        help_text=MESSAGE_HELP,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewMaterialsForm(forms.Form):
    """The second follow-up, "New materials": to the people the first went to."""

    number = forms.TypedChoiceField(
        choices=[(SECOND, SECOND)],
        coerce=int,
        initial=SECOND,
        required=False,
        empty_value=SECOND,
        widget=forms.HiddenInput,
    )
    message = forms.CharField(
        label=_("Your own message (optional)"),
        required=False,
        max_length=5000,
        help_text=_("It goes at the top, before the links to the materials and the report."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


FORMS = {FIRST: FollowUpForm, SECOND: NewMaterialsForm}
