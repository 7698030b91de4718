"""What the follow-up page needs to know: which follow-ups are sent, when and to whom, and
whether there are materials to send.

A workshop has at most two follow-ups, each sent once: the thanks after it ("first"), and
"New materials" later ("second", for slides or a report that came after), to the same people.
Each is one mailing with its own key; the workshop's `follow_up_sent_at` notes the first.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from socialjustice.models import Mailing

from ..enums import MessageAudience, Visibility
from ..models import Material, Workshop

FIRST, SECOND = 1, 2


def follow_up_key(workshop: Workshop, number: int) -> str:
    """The mailing's key: the first keeps the key it always had."""
    return f"follow-up:{workshop.pk}" if number == FIRST else f"follow-up:{workshop.pk}:{number}"


@dataclass(frozen=True)
class FollowUpState:
    first_sent_at: datetime | None
    first_audience: str  # who the first went to, and so the second goes to
    second_sent_at: datetime | None
    public_materials: int
    new_materials: int  # public materials added since the first follow-up

    @property
    def next_number(self) -> int | None:
        """Which follow-up can be sent next: the first, the second, or none (both sent)."""
        if self.first_sent_at is None:
            return FIRST
        if self.second_sent_at is None:
            return SECOND
        return None


def follow_up_state(workshop: Workshop) -> FollowUpState:
    """Two queries: the follow-ups' mailings, and the counts of public materials."""
    sent = {
        row["key"]: row
        for row in Mailing.objects.filter(
            key__in=[follow_up_key(workshop, FIRST), follow_up_key(workshop, SECOND)]
        ).values("key", "audience", "created_at")
    }
    first = sent.get(follow_up_key(workshop, FIRST), {})
    second = sent.get(follow_up_key(workshop, SECOND), {})
    since = workshop.follow_up_sent_at
    wanted = {"public": Count("pk")}
    if since:
        wanted["new"] = Count("pk", filter=Q(created_at__gt=since))
    counts = Material.objects.filter(workshop=workshop, visibility=Visibility.PUBLIC).aggregate(
        **wanted
    )
    return FollowUpState(
        first_sent_at=workshop.follow_up_sent_at,
        first_audience=first.get("audience") or MessageAudience.ATTENDED,
        second_sent_at=second.get("created_at"),
        public_materials=counts["public"],
        new_materials=counts.get("new", 0),
    )
