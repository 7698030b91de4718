"""Importing organisations from a spreadsheet, all rows or none, and undoing an import.

Every import is an ImportBatch with one ImportedRow per organisation it created or changed
(with the values it had before: its networks, groups and sectors as lists of pks), so an
organiser can undo the whole batch: the organisations it created leave the networks the
import put them in ("joined") and are deleted, unless something names them since (a person,
another network, a collaboration, a workshop…: then they stay, and the organiser is told),
and the ones it changed get their earlier values and lists back.

The rows are written in bulk (one statement per kind of write, not one per row), so the
page cache is told here rather than by each row's signal.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.locking import lock_row, lock_rows
from socialjustice.pagecache import invalidate_models_on_commit
from socialjustice.slugs import unique_slugs

from .. import addresses
from ..enums import Action
from ..models import ImportBatch, ImportedRow, Network, Organisation
from ..selectors.organisation_import import Plan, plan_import
from ..selectors.spreadsheets import BY_FIELD, FIELDS, SETS

# Addresses under /networks/organisations/ that are pages, not organisations.


class ImportRefused(PortalError):
    """Nothing was saved; `plan` is what importing the file would do now."""

    def __init__(self, message, *, plan: Plan):
        super().__init__(message)
        self.plan = plan


@dataclass(frozen=True)
class Undone:
    deleted: int
    restored: int
    kept: list[str]  # organisations it created that something names now


def _slugs(names: list[str]) -> list[str]:
    """A free address for each new organisation, from all the taken ones read at once."""
    return unique_slugs(
        Organisation, names, fallback="organisation", reserved=addresses.ORGANISATION
    )


def import_organisations(
    rows: list[list[str]], columns: list[str], *, digest: str, filename: str, by
) -> ImportBatch:
    """Import the rows exactly as their preview showed them (`digest`), all or nothing: a
    row with an error, or an organisation changed since the preview, saves nothing."""
    with transaction.atomic(durable=True):
        first = plan_import(rows, columns)
        lock_rows(Organisation, [row.organisation["pk"] for row in first.updates])
        # Planned again under the locks: what is saved is what the directory is now.
        plan = plan_import(rows, columns)
        if not plan.ok:
            raise ImportRefused(
                _("Nothing was saved: some rows have errors. Correct them and preview again."),
                plan=plan,
            )
        if plan.digest != digest:
            raise ImportRefused(
                _(
                    "Nothing was saved: the directory changed since your preview. Here is what "
                    "importing the file would do now."
                ),
                plan=plan,
            )
        if not plan.changes_something:
            raise ImportRefused(_("Nothing was saved: the file changes nothing."), plan=plan)
        batch = ImportBatch.objects.create(
            filename=filename[:255],
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        created = _create(plan)
        updated, before = _update(plan)
        joined = _write_lists(plan, created)
        ImportedRow.objects.bulk_create(
            [
                ImportedRow(batch=batch, organisation=o, created=True, before=joined.get(o.pk, {}))
                for o in created
            ]
            + [
                ImportedRow(batch=batch, organisation_id=pk, before=values)
                for pk, values in before.items()
            ],
            batch_size=1000,
        )
        log_action(
            by,
            Action.IMPORTED,
            batch,
            {"rows": len(plan.rows), "created": len(created), "updated": len(updated)},
        )
        invalidate_models_on_commit(Organisation, Network)
    return batch


def _create(plan: Plan) -> list[Organisation]:
    new = plan.new
    slugs = _slugs([row.values["name"] for row in new])
    organisations = [
        Organisation(slug=slug, **{name: row.values[name] for name in FIELDS if name in row.values})
        for row, slug in zip(new, slugs, strict=True)
    ]
    try:
        with transaction.atomic():
            return Organisation.objects.bulk_create(organisations, batch_size=1000)
    except IntegrityError as error:
        # Someone added one of these names a moment ago.
        raise PortalError(
            _(
                "Nothing was saved: someone added some of these organisations meanwhile. "
                "Preview again."
            )
        ) from error


def _update(plan: Plan) -> tuple[list[Organisation], dict[int, dict]]:
    rows = plan.updates
    locked = Organisation.objects.in_bulk([row.organisation["pk"] for row in rows])
    changed, before, fields = [], {}, set()
    for row in rows:
        organisation = locked[row.organisation["pk"]]
        before[organisation.pk] = {
            name: [term.pk for term in old] if name in SETS else old
            for name, (old, _new) in row.changes.items()
        }
        for name, (_old, new) in row.changes.items():
            if name in FIELDS:
                setattr(organisation, name, new)
                fields.add(name)
        changed.append(organisation)
    if fields:
        try:
            with transaction.atomic():
                Organisation.objects.bulk_update(changed, sorted(fields), batch_size=500)
        except IntegrityError as error:
            raise PortalError(
                _("Nothing was saved: two organisations would have the same name or identifier.")
            ) from error
    return changed, before


def _through(name: str):
    """The table of an organisation's networks, groups or sectors, and its column for them."""
    through = BY_FIELD[name].terms.organisations.through
    other = next(
        f.attname
        for f in through._meta.concrete_fields
        if f.is_relation and f.related_model is not Organisation
    )
    return through, other


def _replace_lists(lists: dict[str, dict[int, list[int]]]) -> None:
    """Give each organisation these networks, groups or sectors ({field: {pk: term pks}})
    instead of the ones it has: one delete and one insert for each field."""
    for name, chosen in lists.items():
        if not chosen:
            continue
        through, other = _through(name)
        through.objects.filter(organisation_id__in=list(chosen)).delete()
        through.objects.bulk_create(
            [
                through(organisation_id=pk, **{other: term})
                for pk, terms in chosen.items()
                for term in terms
            ],
            batch_size=1000,
        )


def _write_lists(plan: Plan, created: list[Organisation]) -> dict[int, dict]:
    """The networks, groups and sectors of the new organisations and the changed lists of
    the others. Returns, for each new organisation the import put in networks, what undo
    takes back: {"joined": [network pks]}."""
    lists = {name: {} for name in SETS}
    for row, organisation in zip(plan.new, created, strict=True):
        for name in SETS:
            if row.values.get(name):
                lists[name][organisation.pk] = [term.pk for term in row.values[name]]
    for row in plan.updates:
        for name in SETS:
            if name in row.changes:
                lists[name][row.organisation["pk"]] = [term.pk for term in row.changes[name][1]]
    try:
        with transaction.atomic():
            _replace_lists(lists)
    except IntegrityError as error:
        # A network, group or sector was deleted a moment ago.
        raise PortalError(
            _("Nothing was saved: a network, group or sector was removed meanwhile. Preview again.")
        ) from error
    created_pks = {organisation.pk for organisation in created}
    return {
        pk: {"joined": networks} for pk, networks in lists["networks"].items() if pk in created_pks
    }


# Undoing an import


def _named_elsewhere(pks: list[int]) -> set[int]:
    """Which of these organisations something else names: a person, a network, a
    collaboration, a stakeholder list, a workshop… Every table with a column pointing at
    Organisation is asked (the hidden ones too: a many-to-many's table is one), one query
    each, so an app added later counts without this module knowing it. The tables of the
    organisation's own groups and sectors, and the imports' own rows, do not count."""
    named = set()
    if not pks:
        return named
    own = {field.remote_field.through for field in Organisation._meta.many_to_many}
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue
        model = relation.related_model
        if model is ImportedRow or model in own:
            continue
        rows = model._base_manager.filter(**{f"{relation.field.name}__in": pks})
        named.update(rows.values_list(relation.field.attname, flat=True))
    return named


def _leave_joined(rows: list[ImportedRow]) -> None:
    """The new organisations leave the networks the import put them in, so that only what
    named them since keeps them: one delete for each different list of networks (a file
    has few), not one for each organisation."""
    through, _other = _through("networks")
    by_networks = {}
    for row in rows:
        if row.created and row.before.get("joined"):
            key = tuple(sorted(row.before["joined"]))
            by_networks.setdefault(key, []).append(row.organisation_id)
    for networks, pks in by_networks.items():
        through.objects.filter(organisation_id__in=pks, network_id__in=networks).delete()


def _still_there(lists: dict[str, dict[int, list[int]]]) -> dict[str, dict[int, list[int]]]:
    """The earlier lists without the networks, groups or sectors deleted since the import:
    one query for each field."""
    kept = {}
    for name, chosen in lists.items():
        if not chosen:
            continue
        wanted = {term for terms in chosen.values() for term in terms}
        there = set(BY_FIELD[name].terms.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        kept[name] = {pk: [t for t in terms if t in there] for pk, terms in chosen.items()}
    return kept


def undo_import(batch: ImportBatch, *, by) -> Undone:
    with transaction.atomic(durable=True):
        locked = lock_row(ImportBatch, batch.pk)
        if locked.undone_at is not None:
            raise PortalError(_("This import has been undone already."))
        rows = list(locked.rows.exclude(organisation=None))
        pks = [row.organisation_id for row in rows]
        later = (
            ImportedRow.objects.filter(organisation_id__in=pks, batch__pk__gt=locked.pk)
            .filter(batch__undone_at=None)
            .order_by("batch_id")
            .values_list("batch_id", flat=True)
            .first()
        )
        if later is not None:
            raise PortalError(
                _(
                    "Import %(n)s, made later, changed some of the same organisations: "
                    "undo it first."
                )
                % {"n": later}
            )
        organisations = lock_rows(Organisation, pks)
        created = [row.organisation_id for row in rows if row.created]
        _leave_joined(rows)
        kept_pks = _named_elsewhere(created)
        deletable = [pk for pk in created if pk not in kept_pks]
        Organisation.objects.filter(pk__in=deletable).delete()
        restored = []
        fields = set()
        lists = {name: {} for name in SETS}
        for row in rows:
            if row.created or row.organisation_id not in organisations:
                continue
            organisation = organisations[row.organisation_id]
            for name, value in row.before.items():
                if name in FIELDS:
                    setattr(organisation, name, value)
                    fields.add(name)
                elif name in SETS:
                    lists[name][organisation.pk] = value
            restored.append(organisation)
        _replace_lists(_still_there(lists))
        if restored and fields:
            try:
                with transaction.atomic():
                    Organisation.objects.bulk_update(restored, sorted(fields), batch_size=500)
            except IntegrityError as error:
                raise PortalError(
                    _("Nothing was undone: another organisation has one of the earlier names now.")
                ) from error
        locked.undone_at = timezone.now()
        locked.save(update_fields=["undone_at"])
        kept = sorted(organisations[pk].name for pk in kept_pks if pk in organisations)
        log_action(
            by,
            Action.IMPORT_UNDONE,
            locked,
            {"deleted": len(deletable), "restored": len(restored), "kept": kept},
        )
        invalidate_models_on_commit(Organisation, Network)
    return Undone(deleted=len(deletable), restored=len(restored), kept=kept)
