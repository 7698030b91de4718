from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .emails import account_email
from .models import User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
# Set on the request when allauth has just emailed a link to confirm an address.
VERIFICATION_SENT = "portal_verification_sent"


def portal_site() -> SimpleNamespace:
    """What allauth's templates call `current_site`: the portal's own name and address (the
    project has no Sites framework, and the worker sends with no request to take a host from)."""
    return SimpleNamespace(name=settings.PORTAL_NAME, domain=urlsplit(settings.PORTAL_URL).netloc)


def confirmation_cooldown_minutes() -> int:
    """How long allauth waits before it emails the same address another confirmation link."""
    rates = parse_rates(allauth_settings.RATE_LIMITS.get("confirm_email"))
    return max(1, round(max((rate.duration for rate in rates), default=60) / 60))


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails (verification, password reset, sign-in codes) through the outbox,
    in the portal's own words."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": gettext_lazy("This account is closed."),
        "cannot_remove_primary_email": gettext_lazy("You cannot remove your main email address."),
        "duplicate_email": gettext_lazy("This email address is on your account already."),
        "email_password_mismatch": gettext_lazy("The email address or the password is not right."),
        "email_taken": gettext_lazy("There is an account with this email address already."),
        "enter_current_password": gettext_lazy("Type your current password."),
        "incorrect_code": gettext_lazy("This code is not right. Check the email and try again."),
        "incorrect_password": gettext_lazy("This password is not right."),
        "invalid_or_expired_key": gettext_lazy("This link is too old, or it was used already."),
        "invalid_password_reset": gettext_lazy(
            "This link to reset your password is too old, or it was used already."
        ),
        "too_many_login_attempts": gettext_lazy(
            "Too many tries for this email address. Wait 5 minutes, then try again."
        ),
        "unknown_email": gettext_lazy("No account has this email address."),
        "unverified_primary_email": gettext_lazy(
            "Your main email address must be confirmed first."
        ),
        "rate_limited": gettext_lazy(
            "You have sent this form too many times. Wait a minute, then try again."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        account_email(
            to=email,
            template_prefix=template_prefix,
            context={"current_site": portal_site(), **context},
        )

    def clean_email(self, email: str) -> str:
        # allauth's email fields have no length limit; an address longer than any the portal
        # can keep (or email) is refused with a message, not stored or sent.
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("An email address can be at most %(limit)s characters.")
                % {"limit": EMAIL_MAX_LENGTH}
            )
        return super().clean_email(email)

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template == "account/messages/email_confirmation_sent.txt":
            setattr(request, VERIFICATION_SENT, True)
        return super().add_message(request, level, message_template, *args, **kwargs)

    def respond_email_verification_sent(self, request, user):
        # allauth emails an address at most one link every few minutes, and otherwise sends
        # nothing and says nothing: say so, rather than let "check your email" stand alone.
        if not getattr(request, VERIFICATION_SENT, False):
            minutes = confirmation_cooldown_minutes()
            messages.warning(
                request,
                ngettext(
                    "We have not sent another email: we sent one to this address less than "
                    "%(minutes)s minute ago. Use the link in that email, or wait %(minutes)s "
                    "minute and try again.",
                    "We have not sent another email: we sent one to this address less than "
                    "%(minutes)s minutes ago. Use the link in that email, or wait %(minutes)s "
                    "minutes and try again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        return super().respond_email_verification_sent(request, user)
