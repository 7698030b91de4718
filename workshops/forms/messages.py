from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import MessageAudience


class OrganiserMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send it to"), choices=MessageAudience.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        help_text=_(
            "Plain text. Each person's name goes at the top, and their private link "
            "to their registration at the end."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
