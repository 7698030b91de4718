"""What other parts of the portal can listen for when a workshop changes, and the receivers
that keep the cached public pages true.

Registrations (and their emails) connect to `workshop_rescheduled` and `workshop_cancelled`, so
the workshop services need not know who is registered. Both are sent inside the transaction
that makes the change: receivers only write (queue emails to the outbox), and what they write
commits or rolls back with the change, so no notice is lost if Redis is down at that moment.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from networks.models import Network, Organisation, Partnership

from .cache import invalidate_public_pages
from .models import Material, ProgrammeItem, Speaker, Workshop, WorkshopSeries

# Sent with: workshop, changes (field name -> (old, new), for the fields people plan by)
workshop_rescheduled = Signal()
# Sent with: workshop
workshop_cancelled = Signal()

SHOWN_ON_PUBLIC_PAGES = (
    Workshop,
    WorkshopSeries,
    ProgrammeItem,
    Speaker,
    Material,
    Organisation,
    Network,
    Partnership,
)


def _invalidate_after_commit(**kwargs):
    transaction.on_commit(invalidate_public_pages)


# Receivers on the models rather than calls in each service: an edit in the admin, or by any
# future feature, empties the cache just the same.
for model in SHOWN_ON_PUBLIC_PAGES:
    post_save.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"cache-save-{model}")
    post_delete.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"cache-del-{model}")
for through in (Workshop.networks.through, ProgrammeItem.speakers.through):
    m2m_changed.connect(
        _invalidate_after_commit, sender=through, dispatch_uid=f"cache-m2m-{through}"
    )
