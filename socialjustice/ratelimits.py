"""Limits on the public forms, through allauth's rate-limit machinery (its cache-backed
counters and its settings, `ACCOUNT_RATE_LIMITS`), and the anonymous key of a connection.

With the cache down the counters cannot be kept and the forms are let through (see
socialjustice/cache.py): a limit is a defence against abuse, never a reason to lose a
registration.
"""

import hashlib
import hmac

from allauth.account.adapter import get_adapter
from allauth.core.ratelimit import consume
from django.conf import settings


def over_limit(request, *, action: str, key: str | None = None) -> bool:
    """Count this POST against `action`'s limits; True when it is one too many."""
    return not consume(request, action=action, key=key)


def connection_key(request) -> str:
    """Which connection a request came from, as a keyed hash of its address: organisers can
    see that several registrations came from one place without the portal keeping anyone's
    IP address."""
    address = get_adapter().get_client_ip(request).encode()
    return hmac.new(settings.SECRET_KEY.encode(), address, hashlib.sha256).hexdigest()[:16]
