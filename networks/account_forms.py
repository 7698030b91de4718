"""Changes to allauth's own forms (`ACCOUNT_FORMS`). Kept apart from networks/forms/people.py, which
allauth imports while it loads its forms (the sign-up form class)."""

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from django import forms
from django.utils.translation import gettext_lazy as _

from .services import start_account


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's sign-in by emailed code. Sent from a call's page (`start`), an address with
    no account gets one, so someone contributing for the first time needs no password: the
    code proves the address is theirs, and they come back to the form."""

    start = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and getattr(self, "_user", None) is None and cleaned.get("start"):
            self._user = start_account(email=email)
        return cleaned


class ConfirmLoginCodeForm(AllauthConfirmLoginCodeForm):
    """The page where the emailed code is typed: the field has the focus when it opens, so
    nobody has to find it past the whole navigation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True


class Relabelled:
    """allauth's labels are in Title Case ("New Password", "Remember Me"): these forms give
    its fields the portal's own (`labels`), and the same as each field's placeholder."""

    labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                if "placeholder" in self.fields[name].widget.attrs:
                    self.fields[name].widget.attrs["placeholder"] = label


class LoginForm(Relabelled, AllauthLoginForm):
    labels = {"remember": _("Keep me signed in on this device")}


class ChangePasswordForm(Relabelled, AllauthChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password (again)"),
    }


class ResetPasswordKeyForm(Relabelled, AllauthResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("New password (again)")}
