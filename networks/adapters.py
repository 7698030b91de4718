from allauth.account.adapter import DefaultAccountAdapter

from .emails import account_email


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails (verification, password reset, sign-in codes) through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        account_email(to=email, template_prefix=template_prefix, context=context)
