"""The emails networks sends: the account emails (verification, password reset, sign-in
codes), which allauth asks for through networks.adapters."""

import uuid

from socialjustice.outbox import queue_email


def account_email(*, to: str, template_prefix: str, context: dict) -> None:
    # Each account email is its own event (a new code, a new link): a fresh key each time.
    queue_email(
        to=to,
        kind="account." + template_prefix.rsplit("/", 1)[-1],
        key=f"account:{uuid.uuid4()}",
        template=template_prefix,
        context={"email": to, **context},
    )
