"""The daily digest of new submissions, to each open call's organisers."""

from datetime import timedelta

from django.utils import timezone

from .. import emails
from ..enums import ContributionState
from ..models import Call, Contribution


def send_digests(*, now=None) -> int:
    """One mailing per open call that had new submissions in the last day (first sent in it,
    and not withdrawn since); returns how many mailings this run queued. Run twice in a day,
    the second run adds nothing and returns 0 (each mailing's key names the day)."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    sent = 0
    for call in Call.objects.filter(opens_at__lte=now, closes_at__gt=since):
        new = list(
            Contribution.objects.filter(
                call=call, versions__number=1, versions__created_at__gte=since
            )
            .exclude(state=ContributionState.WITHDRAWN)
            .order_by("submitted_at", "pk")
        )
        if new and emails.digest(call, day=timezone.localdate(now), contributions=new):
            sent += 1
    return sent
