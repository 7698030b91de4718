from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .emails import account_email
from .models import User

EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails (verification, password reset, sign-in codes) through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        account_email(to=email, template_prefix=template_prefix, context=context)

    def clean_email(self, email: str) -> str:
        # allauth's email fields have no length limit; an address longer than any the portal
        # can keep (or email) is refused with a message, not stored or sent.
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("An email address can be at most %(limit)s characters.")
                % {"limit": EMAIL_MAX_LENGTH}
            )
        return super().clean_email(email)
