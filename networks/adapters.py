import uuid

from allauth.account.adapter import DefaultAccountAdapter

from socialjustice.outbox import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails (verification, password reset, sign-in codes) through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"email": email, **context}
        # Each account email is its own event (a new code, a new link): a fresh key each time.
        queue_email(
            to=email,
            kind="account." + template_prefix.rsplit("/", 1)[-1],
            key=f"account:{uuid.uuid4()}",
            template=template_prefix,
            context=context,
        )
