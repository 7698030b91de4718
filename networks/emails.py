"""The emails networks sends: the account emails (verification, password reset, sign-in
codes), which allauth asks for through networks.adapters."""

import logging
import uuid

from socialjustice.models import OutgoingEmail
from socialjustice.outbox import queue_email

logger = logging.getLogger(__name__)
TO_MAX_LENGTH = OutgoingEmail._meta.get_field("to").max_length


def account_email(*, to: str, template_prefix: str, context: dict) -> None:
    if len(to) > TO_MAX_LENGTH:
        # No real address is this long (the forms refuse one; allauth's sign-in-by-code form
        # does not ask): nothing could deliver it, and the page says the same either way.
        logger.warning("Account email to an address of %s characters not sent.", len(to))
        return
    # Each account email is its own event (a new code, a new link): a fresh key each time.
    queue_email(
        to=to,
        kind="account." + template_prefix.rsplit("/", 1)[-1],
        key=f"account:{uuid.uuid4()}",
        template=template_prefix,
        context={"email": to, **context},
    )
