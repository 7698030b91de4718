"""Joining a network: the request, with an optional message, and a coordinator's decision."""

from django import forms
from django.utils.translation import gettext_lazy


class JoinForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the coordinators (optional)"),
        help_text=gettext_lazy("For example, what you do and why you would like to join."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    join_request = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )


class CoordinatorForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address of the new coordinator"),
        help_text=gettext_lazy(
            "The address they sign in with. They need an account on the portal first."
        ),
    )
