"""Importing organisations from a spreadsheet, all rows or none, and undoing an import.

Every import is an ImportBatch with one ImportedRow per organisation it created or changed
(with the values it had before), so an organiser can undo the whole batch: the organisations
it created are deleted, unless something names them since (a person, a network, a
collaboration, a workshop…: then they stay, and the organiser is told), and the ones it
changed get their earlier values back.

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
from ..models import ImportBatch, ImportedRow, Organisation
from ..selectors.organisation_import import Plan, plan_import
from ..selectors.spreadsheets import FIELDS

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
        ImportedRow.objects.bulk_create(
            [ImportedRow(batch=batch, organisation=o, created=True) for o in created]
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
        invalidate_models_on_commit(Organisation)
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
        before[organisation.pk] = {name: old for name, (old, _new) in row.changes.items()}
        for name, (_old, new) in row.changes.items():
            setattr(organisation, name, new)
            fields.add(name)
        changed.append(organisation)
    if changed:
        try:
            with transaction.atomic():
                Organisation.objects.bulk_update(changed, sorted(fields), batch_size=500)
        except IntegrityError as error:
            raise PortalError(
                _("Nothing was saved: two organisations would have the same name or identifier.")
            ) from error
    return changed, before


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
        kept_pks = _named_elsewhere(created)
        deletable = [pk for pk in created if pk not in kept_pks]
        Organisation.objects.filter(pk__in=deletable).delete()
        restored = []
        fields = set()
        for row in rows:
            if row.created or row.organisation_id not in organisations:
                continue
            organisation = organisations[row.organisation_id]
            for name, value in row.before.items():
                if name in FIELDS:
                    setattr(organisation, name, value)
                    fields.add(name)
            restored.append(organisation)
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
        invalidate_models_on_commit(Organisation)
    return Undone(deleted=len(deletable), restored=len(restored), kept=kept)
