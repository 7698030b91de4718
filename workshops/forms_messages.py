"""Forms for the follow-up after a workshop and for organisers' messages to participants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import MessageAudience


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
