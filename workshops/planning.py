"""What people plan their day by, and a change to it in plain words for the notices."""

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from .calendar import LONDON
from .enums import WorkshopFormat

# A change to any of these is news for everyone registered.
PLANNING_FIELDS = ("starts_at", "ends_at", "format", "venue_name", "venue_address")


def _show(name: str, value) -> str:
    if value in (None, ""):
        return _("none")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value, LONDON), "l j F Y, H:i")
    if name == "format":
        return str(WorkshopFormat(value).label)
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())


def describe_changes(changes: dict) -> str:
    """The changes as lines of plain text ("Starts: now …, before …"), in UK time."""
    labels = {
        "starts_at": _("Starts"),
        "ends_at": _("Ends"),
        "format": _("Format"),
        "venue_name": _("Venue"),
        "venue_address": _("Venue address"),
    }
    return "\n".join(
        _("%(what)s: now %(new)s (before: %(old)s)")
        % {
            "what": labels[name],
            "new": _show(name, changes[name][1]),
            "old": _show(name, changes[name][0]),
        }
        for name in PLANNING_FIELDS
        if name in changes
    )
