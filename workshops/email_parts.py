"""What every email about a registration says, and the calendar file a place comes with:
the parts workshops/emails.py writes its emails from (and breakouts' emails too).

`plain_context` is `email_context` in plain values, for an email rendered when it is sent
(the outbox's `render_when_sent`): the emails about a place are written while the workshop's
places are locked, so only this snapshot is taken then, and the worker renders the bodies
from it. The person reads what they would have read had it been rendered there and then.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from socialjustice.models import EmailAttachment
from socialjustice.outbox import Attachment, store_attachment
from socialjustice.pagecache import cached

from . import calendar
from .enums import RegistrationStatus
from .models import Registration, Workshop
from .permissions import LinkHolder, is_online


def workshop_url(workshop: Workshop) -> str:
    return settings.PORTAL_URL + reverse("workshops:detail", args=[workshop.slug])


def manage_url(registration: Registration) -> str:
    return settings.PORTAL_URL + reverse("workshops:manage_registration", args=[registration.token])


def join_link_for(registration: Registration, workshop: Workshop) -> str:
    """The joining link, for whoever holds this registration, if the rule lets them see it."""
    if LinkHolder(registration).has_perm("workshops.view_join_link", workshop):
        return workshop.join_link
    return ""


def email_context(registration: Registration, workshop: Workshop, **extra) -> dict:
    """The person, the workshop, their private link and the joining link if they may have it."""
    return {
        "registration": registration,
        "workshop": workshop,
        "confirmed": registration.status == RegistrationStatus.CONFIRMED,
        "manage_url": manage_url(registration),
        "workshop_url": workshop_url(workshop),
        "join_link": join_link_for(registration, workshop),
        "map_url": calendar.map_url(workshop),
        **extra,
    }


# What the emails about a place show of a workshop (templates/emails/registration_*.txt,
# _workshop_facts.txt, _on_the_day.txt). Not its joining link: that is `join_link`, given
# only to those it is for.
WORKSHOP_FACTS = (
    "title",
    "slug",
    "starts_at",
    "ends_at",
    "format",
    "venue_name",
    "venue_address",
    "what_to_bring",
    "access_information",
    "contact_email",
)


def plain_context(registration: Registration, workshop: Workshop, **extra) -> dict:
    """`email_context` in plain values, as the emails about a place read it."""
    return {
        **email_context(registration, workshop, **extra),
        "registration": {
            "name": registration.name,
            "status": registration.status,
            "get_status_display": registration.get_status_display(),
        },
        "workshop": {name: getattr(workshop, name) for name in WORKSHOP_FACTS},
    }


# The stored file of each workshop version, kept by this process once it is committed: in a
# burst of registrations, neither Redis nor the database is asked for it again. Stored files
# are never deleted (every email keeps its own), so a file kept here stays there.
_stored_calendars: dict[tuple, EmailAttachment] = {}


def calendar_attachment(workshop: Workshop) -> EmailAttachment:
    """The .ics attached to the emails of people with a confirmed place, with the joining link
    a place gives (`view_join_link`), built and stored once per version of the workshop: a
    hundred people registering at once, or told of one change, share the same stored file.
    Call it before taking any lock."""
    join_link = workshop.join_link if is_online(None, workshop) else ""
    version = (workshop.pk, workshop.updated_at.timestamp(), join_link)
    if version in _stored_calendars:
        return _stored_calendars[version]
    content = cached(
        (),
        "ics-confirmed",
        workshop.pk,
        workshop.updated_at.timestamp(),
        build=lambda: calendar.calendar_for(
            [workshop], url_for=workshop_url, name=workshop.title, join_link_for=lambda w: join_link
        ),
    )
    stored = store_attachment(Attachment(f"{workshop.slug}.ics", content, "text/calendar"))
    if not transaction.get_connection().in_atomic_block:  # else it may yet be rolled back
        if len(_stored_calendars) >= 256:
            _stored_calendars.clear()
        _stored_calendars[version] = stored
    return stored
