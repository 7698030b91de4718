"""What importing a spreadsheet of organisations would do, row by row, before anything is
saved: which rows are new organisations, which update one the directory has (matched by its
identifier first, then its website's domain, then its name without letter case or
punctuation), which look like another row of the same file, and which have errors.

The plan reads the directory twice, whatever the size of the file: the lookup keys of every
organisation (identifiers, names, website domains) once, then the current values of the
organisations the file matches. No row ever costs a query of its own.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Organisation
from .spreadsheets import BY_FIELD, FIELDS, domain_of, identifier_key, name_key

NEW, UPDATE, UNCHANGED, DUPLICATE, ERROR = "new", "update", "unchanged", "duplicate", "error"
MATCHED_BY = {
    "identifier": gettext_lazy("by identifier"),
    "website": gettext_lazy("by website"),
    "name": gettext_lazy("by name"),
}
CHUNK = 5000


@dataclass
class PlannedRow:
    """One row of the file: its cells, the values read from them, what importing it does,
    the organisation it matches and how, what would change, and what is wrong."""

    line: int
    cells: list[str]
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    action: str = ""
    organisation: dict | None = None  # {"pk", "name", "slug"} of the match
    matched_by: str = ""
    changes: dict = field(default_factory=dict)  # field: [before, after]
    duplicate_of: int | None = None

    @property
    def name(self) -> str:
        return self.values.get("name") or (self.organisation or {}).get("name", "")

    @property
    def match(self) -> str:
        """ "matches University of Leeds by website", or ""."""
        if not self.organisation:
            return ""
        return _("matches %(name)s %(how)s") % {
            "name": self.organisation["name"],
            "how": MATCHED_BY[self.matched_by],
        }

    @property
    def described(self) -> list[str]:
        """The changes in words: "Website: (empty) → https://…"."""
        words = []
        for name, (before, after) in self.changes.items():
            column = BY_FIELD[name]

            def show(value, column=column):
                return column.show(value) if value not in ("", None) else _("(empty)")

            words.append(f"{column.heading}: {show(before)} → {show(after)}")
        return words


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)

    def of(self, action: str) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == action]

    @property
    def new(self):
        return self.of(NEW)

    @property
    def updates(self):
        return self.of(UPDATE)

    @property
    def unchanged(self):
        return self.of(UNCHANGED)

    @property
    def duplicates(self):
        return self.of(DUPLICATE)

    @property
    def errors(self):
        return self.of(ERROR)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_something(self) -> bool:
        return bool(self.new or self.updates)

    @property
    def digest(self) -> str:
        """What the preview showed, in short: a confirmation imports exactly this or nothing."""
        planned = [
            [row.line, row.action, (row.organisation or {}).get("pk"), row.changes, row.values]
            for row in self.rows
            if row.action in (NEW, UPDATE)
        ]
        encoded = json.dumps(planned, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def read_row(line: int, cells: list[str], columns: list[str]) -> PlannedRow:
    """The values a row gives (only its filled cells in the columns chosen), with an error
    for each cell that cannot be read."""
    row = PlannedRow(line=line, cells=cells)
    for index, name in enumerate(columns):
        text = cells[index].strip() if index < len(cells) else ""
        if not name or not text:
            continue
        try:
            row.values[name] = BY_FIELD[name].read(text)
        except ValueError as error:
            row.errors.append(f"{BY_FIELD[name].heading}: {error}")
    return row


@dataclass
class Keys:
    """The lookup keys of every organisation in the directory, read in one query."""

    by_identifier: dict
    by_domain: dict  # domain: pk, or None when several organisations share it
    by_name: dict
    by_lower_name: dict  # what the unique constraint compares
    names: dict  # pk: name

    @classmethod
    def load(cls) -> "Keys":
        keys = cls({}, {}, {}, {}, {})
        rows = Organisation.objects.values_list("pk", "name", "identifier", "website")
        for pk, name, identifier, website in rows.iterator(chunk_size=CHUNK):
            keys.names[pk] = name
            keys.by_lower_name[name.lower()] = pk
            keys.by_name.setdefault(name_key(name), pk)
            if identifier:
                keys.by_identifier[identifier_key(identifier)] = pk
            domain = domain_of(website)
            if domain:
                keys.by_domain[domain] = None if domain in keys.by_domain else pk
        return keys

    def match(self, values: dict) -> tuple[int | None, str]:
        identifier = values.get("identifier")
        if identifier and identifier in self.by_identifier:
            return self.by_identifier[identifier], "identifier"
        domain = domain_of(values.get("website", ""))
        if domain and self.by_domain.get(domain):
            return self.by_domain[domain], "website"
        name = name_key(values.get("name", ""))
        if name and name in self.by_name:
            return self.by_name[name], "name"
        return None, ""


def _current(pks) -> dict[int, dict]:
    pks = sorted(set(pks))
    found = {}
    for start in range(0, len(pks), CHUNK):
        rows = Organisation.objects.filter(pk__in=pks[start : start + CHUNK])
        found.update({row["pk"]: row for row in rows.values("pk", "slug", *FIELDS)})
    return found


def _conflicts(row: PlannedRow, pk: int | None, keys: Keys) -> list[str]:
    """What the unique constraints would refuse: a name or identifier another has."""
    errors = []
    name = row.values.get("name")
    if name:
        owner = keys.by_lower_name.get(name.lower())
        if owner is not None and owner != pk:
            errors.append(
                _("Another organisation in the directory is called “%(name)s”.")
                % {"name": keys.names[owner]}
            )
    identifier = row.values.get("identifier")
    if identifier:
        owner = keys.by_identifier.get(identifier)
        if owner is not None and owner != pk:
            errors.append(
                _("The identifier %(id)s belongs to %(name)s already.")
                % {"id": identifier, "name": keys.names[owner]}
            )
    return errors


def _row_keys(row: PlannedRow, pk: int | None) -> list[tuple]:
    values = row.values
    found = [("name", name_key(values["name"]))] if values.get("name") else []
    if values.get("identifier"):
        found.append(("identifier", values["identifier"]))
    if pk is not None:
        return [("organisation", pk), *found]
    domain = domain_of(values.get("website", ""))
    return found + ([("domain", domain)] if domain else [])


def plan_import(rows: list[list[str]], columns: list[str]) -> Plan:
    """What importing these rows (the file's rows after its header, numbered from 2 as the
    spreadsheet numbers them; wholly empty rows left out) with these columns (one field name
    or "" per column) would do."""
    keys = Keys.load()
    plan, matches = Plan(), {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = read_row(number, cells, columns)
        plan.rows.append(row)
        matches[number] = keys.match(row.values)
    current = _current(pk for pk, _how in matches.values() if pk is not None)
    seen = {}
    for row in plan.rows:
        pk, how = matches[row.line]
        if pk is not None:
            before = current[pk]
            row.organisation = {"pk": pk, "name": before["name"], "slug": before["slug"]}
            row.matched_by = how
        elif not row.values.get("name"):
            row.errors.append(_("A new organisation needs a name."))
        row.errors.extend(_conflicts(row, pk, keys))
        earlier = next((seen[k] for k in _row_keys(row, pk) if k in seen), None)
        for k in _row_keys(row, pk):
            seen.setdefault(k, row.line)
        if row.errors:
            row.action = ERROR
        elif earlier is not None:
            row.action, row.duplicate_of = DUPLICATE, earlier
        elif pk is None:
            row.action = NEW
        else:
            row.changes = {
                name: [before[name], value]
                for name, value in row.values.items()
                if BY_FIELD[name].same(before[name]) != BY_FIELD[name].same(value)
            }
            row.action = UPDATE if row.changes else UNCHANGED
    return plan
