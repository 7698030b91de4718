"""The activity log: who changed what, when.

Every organiser, reviewer and facilitator write calls `log_action` inside its own transaction,
so the log row exists exactly when the change does. Apps register their verbs (a TextChoices
of "app.what" codes with the words people read) when they start, and `log_action` refuses a
verb nobody registered, so a typo fails in the tests rather than reading oddly in the history.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import ActivityLog

VERBS: dict[str, str] = {}


def register_verbs(choices: type[models.TextChoices]) -> None:
    VERBS.update(dict(choices.choices))


def _plain(value):
    """A value as the log keeps it: JSON's own types, everything else as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def log_action(
    actor, verb: str, target: models.Model | None, data: dict | None = None, *, scope=None
) -> ActivityLog:
    """Record that `actor` did `verb` to `target`; `scope` (the target itself by default) is
    the object whose history shows it."""
    if verb not in VERBS:
        raise ValueError(f"Unknown activity verb {verb!r}: register it with register_verbs().")
    scope = scope if scope is not None else target
    return ActivityLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        scope_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_id=str(scope.pk) if scope is not None else "",
        data=_plain(data or {}),
    )


def activity_of(scope: models.Model) -> QuerySet[ActivityLog]:
    """The history shown on `scope`'s page, newest first, each with its actor."""
    return (
        ActivityLog.objects.filter(
            scope_type=ContentType.objects.get_for_model(scope), scope_id=str(scope.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def describe(entry: ActivityLog) -> str:
    return str(VERBS.get(entry.verb, entry.verb))
