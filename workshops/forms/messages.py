from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import MessageAudience


class OrganiserMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Send it to"), choices=MessageAudience.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    greeting = forms.BooleanField(
        label=_("Start the email with “Dear” and each person's name"),
        required=False,
        initial=True,
        help_text=_("Untick it if your message has its own greeting, such as “Dear all,”."),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        help_text=_(
            "Plain text. Each person's private link to their registration goes at the end."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
