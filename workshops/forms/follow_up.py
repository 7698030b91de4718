from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import MessageAudience


class FollowUpForm(forms.Form):
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
        help_text=_("It goes after the thank you, before the links to the materials."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
