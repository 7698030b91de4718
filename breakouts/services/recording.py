"""Recording a group's outputs: each part saved on its own, nobody overwriting anybody.

A part is one text (`section:notes`), one entry of a list (`entry:12`) or one recommendation
(`recommendation:7`); a new entry or recommendation is `entry:new:<kind>:<key>` or
`recommendation:new:<key>`, the key made by the page so that sending it twice makes one.
Each part has a version. A save names the version it was made from: if someone saved the
part since, the save is refused with both texts (Conflict), so the person
can merge them; parts nobody else touched save as usual. Every save is a revision (who,
when, what), and any revision can be restored. Autosave and the form without JavaScript both
come here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row

from ..enums import Action, EntryKind, SectionKind
from ..models import Entry, Group, Recommendation, Revision, Section

ENTRY_FIELDS = (
    "text",
    "horizon",
    "organisation_id",
    "contact",
    "who",
    "by_when",
    "level_id",
    "theme_id",
)
RECOMMENDATION_FIELDS = (
    "text",
    "level_id",
    "four_r_id",
    "category_id",
    "owner_network_id",
    "owner_organisation_id",
    "due_on",
)


class Conflict(PortalError):
    """Someone saved this part since it was loaded: `theirs` is what they saved, `yours`
    what was sent; nothing was changed."""

    def __init__(self, *, part: str, theirs: dict, yours: dict, version: int, by, at):
        who = (by.display_name or by.email) if by else _("someone")
        super().__init__(
            _(
                "%(who)s saved this part at %(when)s, after you opened it. Nothing was "
                "overwritten: compare the two texts, merge them, and save again."
            )
            % {"who": who, "when": timezone.localtime(at).strftime("%H:%M")}
        )
        self.part, self.theirs, self.yours, self.version = part, theirs, yours, version


@dataclass(frozen=True)
class Saved:
    part: str  # the part's name from now on (a new entry gets its id)
    version: int
    saved_at: datetime


def _content(row) -> dict:
    if isinstance(row, Section):
        return {"text": row.text}
    names = ENTRY_FIELDS if isinstance(row, Entry) else RECOMMENDATION_FIELDS
    content = {name: getattr(row, name) for name in names}
    if isinstance(row, Recommendation):
        content["due_on"] = row.due_on.isoformat() if row.due_on else None
        content["contributions"] = sorted(row.contributions.values_list("pk", flat=True))
    return content


def _comparable(values: dict) -> dict:
    """Values as a revision stores them (days as text), to tell whether anything changed."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in values.items()
    }


def _locked_part(group: Group, part: str):
    """The row a part names, locked; a section is made on its first save."""
    kind, _sep, key = part.partition(":")
    if kind == "section":
        if key not in SectionKind.values:
            raise PortalError(_("There is no such part of the record."))
        try:
            with transaction.atomic():
                section, _created = Section.objects.get_or_create(
                    group=group, kind=key, defaults={"version": 0}
                )
        except IntegrityError:  # made by someone else a moment ago
            section = Section.objects.get(group=group, kind=key)
        return lock_row(Section, section.pk)
    model = {"entry": Entry, "recommendation": Recommendation}.get(kind)
    if model is None or not key.isdigit():
        raise PortalError(_("There is no such part of the record."))
    row = model.objects.filter(pk=int(key), group=group).first()
    if row is None:
        raise PortalError(_("This part was deleted meanwhile."))
    return lock_row(model, row.pk)


def _apply(row, values: dict) -> None:
    for name, value in values.items():
        if name != "contributions":
            setattr(row, name, value)


def save_part(
    group: Group, *, part: str, version: int, values: dict, by, verb=Action.RECORDED, data=None
) -> Saved:
    """Save one part of a group's record from `version`; Conflict if someone saved it
    since. `values` are the part's fields, already checked by the form."""
    now = timezone.now()
    with transaction.atomic(durable=True):
        if part.startswith(("entry:new:", "recommendation:new:")):
            # New parts take the group's lock: their positions, and one part per key.
            group = lock_row(Group.objects.select_related("workshop"), group.pk)
            row = _new_part(group, part, values)
            if row.pk:  # made already from this key: this is that save again
                return Saved(part=_name(row), version=row.version, saved_at=row.updated_at)
        else:
            row = _locked_part(group, part)
            theirs = _content(row)
            if theirs == {**theirs, **_comparable(values)} and row.version:
                # Nothing new (the same text sent again, by the offline queue say): no revision.
                return Saved(part=part, version=row.version, saved_at=row.updated_at)
            if row.version != version:
                raise Conflict(
                    part=part,
                    theirs=theirs,
                    yours=values,
                    version=row.version,
                    by=row.updated_by,
                    at=row.updated_at,
                )
            _apply(row, values)
            group = Group.objects.select_related("workshop").get(pk=group.pk)
        row.version = (row.version or 0) + 1
        row.updated_by = by if getattr(by, "is_authenticated", False) else None
        row.updated_at = now
        row.save()
        if isinstance(row, Recommendation) and "contributions" in values:
            row.contributions.set(values["contributions"])
        name = _name(row)
        Revision.objects.create(
            group=group, part=name, version=row.version, content=_content(row), by=row.updated_by
        )
        log_action(by, verb, group, {"part": name, **(data or {})}, scope=group.workshop)
    return Saved(part=name, version=row.version, saved_at=now)


def _new_part(group: Group, part: str, values: dict):
    """A new entry or recommendation (unsaved), or the one already made from this key."""
    *prefix, key = part.split(":")
    if not key or len(key) > 64:
        raise PortalError(_("There is no such part of the record."))
    if prefix == ["recommendation", "new"]:
        made = group.recommendations.filter(client_key=key).first()
        if made:
            return made
        last = group.recommendations.order_by("-position").values_list("position", flat=True)
        row = Recommendation(group=group, position=(last.first() or 0) + 1, version=0)
    elif len(prefix) == 3 and prefix[:2] == ["entry", "new"] and prefix[2] in EntryKind.values:
        made = group.entries.filter(client_key=key).first()
        if made:
            return made
        last = group.entries.filter(kind=prefix[2]).order_by("-position")
        position = (last.values_list("position", flat=True).first() or 0) + 1
        row = Entry(group=group, kind=prefix[2], position=position, version=0)
    else:
        raise PortalError(_("There is no such part of the record."))
    row.client_key = key
    _apply(row, values)
    return row


def _name(row) -> str:
    if isinstance(row, Section):
        return f"section:{row.kind}"
    return f"{'entry' if isinstance(row, Entry) else 'recommendation'}:{row.pk}"


def delete_part(group: Group, *, part: str, version: int, by) -> None:
    """Delete an entry or a recommendation, from the version that was seen."""
    with transaction.atomic(durable=True):
        group = lock_row(Group.objects.select_related("workshop"), group.pk)
        row = _locked_part(group, part)
        if isinstance(row, Section):
            raise PortalError(_("A part of the record cannot be deleted: empty it instead."))
        if row.version != version:
            raise Conflict(
                part=part,
                theirs=_content(row),
                yours={},
                version=row.version,
                by=row.updated_by,
                at=row.updated_at,
            )
        log_action(
            by, Action.RECORDED, group, {"part": part, "deleted": True}, scope=group.workshop
        )
        row.delete()


def restore(group: Group, *, revision: Revision, by) -> Saved:
    """Bring back a part as an earlier revision had it (itself a new revision)."""
    if revision.group_id != group.pk:
        raise PortalError(_("This version belongs to another group."))
    current = _current_version(group, revision.part)
    values = dict(revision.content)
    for name in ("due_on",):
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name]).date()
    return save_part(
        group,
        part=revision.part,
        version=current,
        values=values,
        by=by,
        verb=Action.RESTORED,
        data={"restored": revision.version},
    )


def _current_version(group: Group, part: str) -> int:
    kind, _sep, key = part.partition(":")
    if kind == "section":
        section = Section.objects.filter(group=group, kind=key).first()
        return section.version if section else 0
    model = Entry if kind == "entry" else Recommendation
    row = model.objects.filter(group=group, pk=int(key)).first()
    if row is None:
        raise PortalError(_("This part was deleted, so its versions cannot be restored."))
    return row.version


def mark_ready(group: Group, *, ready: bool, by) -> Group:
    """The group's outputs are ready for the plenary (or not yet)."""
    with transaction.atomic(durable=True):
        locked = lock_row(Group.objects.select_related("workshop"), group.pk)
        locked.ready_at = timezone.now() if ready else None
        locked.save(update_fields=["ready_at", "updated_at"])
        log_action(by, Action.READY, locked, {"ready": ready}, scope=locked.workshop)
    return locked
