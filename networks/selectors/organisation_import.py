"""What importing a spreadsheet of organisations would do, row by row, before anything is
saved: which rows are new organisations, which update one the directory has (matched by its
identifier first, then its website's domain, then its name without letter case or
punctuation), which look like another row of the same file, and which have errors.

The plan reads the directory twice, whatever the size of the file: the lookup keys of every
organisation (identifiers, names, website domains) once, then the current values of the
organisations the file matches (with their networks, groups and sectors). A file with a
column of networks, groups or sectors costs one query more, for the names they may have. No
row ever costs a query of its own.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Organisation
from .spreadsheet_cells import Term, domain_of, identifier_key, name_key, squeeze, term_key
from .spreadsheets import BY_FIELD, FEEDERS, FIELDS, SETS

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
                return _("(empty)") if _blank(value) else column.show(value)

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


def _blank(value) -> bool:
    return value in ("", None) or value == ()


def read_row(line: int, cells: list[str], columns: list[str]) -> PlannedRow:
    """The values a row gives (only its filled cells in the columns chosen), with an error
    for each cell that cannot be read. A charity or company number gives the identifier,
    unless an identifier column (or, for a company number, a charity number) gave it."""
    row = PlannedRow(line=line, cells=cells)
    for index, name in enumerate(columns):
        text = cells[index].strip() if index < len(cells) else ""
        if not name or not text:
            continue
        try:
            row.values[name] = BY_FIELD[name].read(text)
        except ValueError as error:
            row.errors.append(f"{BY_FIELD[name].heading}: {error}")
    for column in FEEDERS:
        if column.field in row.values:
            row.values.setdefault(column.into, row.values.pop(column.field))
    return row


@dataclass
class Terms:
    """The networks, groups and sectors a file's columns may name, by their names and slugs
    compared as `term_key` does, read in one query (none if no such column is chosen)."""

    by_key: dict  # field: {key: Term}
    by_pk: dict  # field: {pk: Term}

    @classmethod
    def load(cls, fields: list[str]) -> "Terms":
        terms = cls({name: {} for name in fields}, {name: {} for name in fields})
        if not fields:
            return terms
        queries = [
            BY_FIELD[name]
            .terms.objects.order_by()
            .annotate(field=Value(name))
            .values_list("pk", "name", "slug", "field")
            for name in fields
        ]
        rows = list(queries[0].union(*queries[1:], all=True))
        for pk, name, _slug, field_name in rows:
            terms.by_pk[field_name][pk] = Term(pk, name)
            terms.by_key[field_name].setdefault(term_key(name), Term(pk, name))
        # Slugs after every name: a name never loses to another term's slug.
        for pk, name, slug, field_name in rows:
            terms.by_key[field_name].setdefault(term_key(slug), Term(pk, name))
        return terms

    def of(self, field_name: str, pks) -> tuple[Term, ...]:
        """The terms with these pks (an organisation's now), in the export's order."""
        found = self.by_pk[field_name]
        return _in_order(found.get(pk, Term(pk, str(pk))) for pk in pks)

    def find(self, field_name: str, names: tuple[str, ...]) -> tuple[tuple[Term, ...], list[str]]:
        """The terms a cell names, and the names it has that the directory does not know. A
        name the directory does not know, with commas, is read as names separated by them."""
        known, unknown = self.by_key[field_name], []
        found = {}
        for name in names:
            parts = [name] if term_key(name) in known else _split_commas(name)
            for part in parts:
                term = known.get(term_key(part))
                if term is None:
                    unknown.append(part)
                else:
                    found[term.pk] = term
        return _in_order(found.values()), unknown


def _split_commas(text: str) -> list[str]:
    return [part for part in (squeeze(piece) for piece in text.split(",")) if part]


def _in_order(terms) -> tuple[Term, ...]:
    return tuple(sorted(terms, key=lambda term: (term.name.casefold(), term.pk)))


def read_terms(row: PlannedRow, terms: Terms) -> None:
    """The row's names of networks, groups and sectors as the directory's terms, with an
    error for each name it does not know."""
    for name in SETS:
        if name not in row.values:
            continue
        found, unknown = terms.find(name, row.values[name])
        row.values[name] = found
        column = BY_FIELD[name]
        row.errors.extend(
            f"{column.heading}: {column.unknown % {'name': each}}" for each in unknown
        )


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


def _current(pks, sets: list[str]) -> dict[int, dict]:
    """The values of these organisations now, with the pks of the networks, groups and
    sectors named in `sets` (as arrays in the same query)."""
    pks = sorted(set(pks))
    lists = {
        f"{name}_now": ArraySubquery(
            BY_FIELD[name].terms.objects.filter(organisations=OuterRef("pk")).values("pk")
        )
        for name in sets
    }
    found = {}
    for start in range(0, len(pks), CHUNK):
        rows = Organisation.objects.filter(pk__in=pks[start : start + CHUNK]).annotate(**lists)
        found.update({row["pk"]: row for row in rows.values("pk", "slug", *FIELDS, *lists)})
    return found


def _before(current: dict, terms: Terms, sets: list[str]) -> dict:
    """An organisation's values now, its lists as terms, to compare with a row's."""
    return {**current, **{name: terms.of(name, current[f"{name}_now"]) for name in sets}}


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
    sets = [name for name in SETS if name in columns]
    terms = Terms.load(sets)
    plan, matches = Plan(), {}
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = read_row(number, cells, columns)
        read_terms(row, terms)
        plan.rows.append(row)
        matches[number] = keys.match(row.values)
    current = _current((pk for pk, _how in matches.values() if pk is not None), sets)
    seen = {}
    for row in plan.rows:
        pk, how = matches[row.line]
        if pk is not None:
            before = _before(current[pk], terms, sets)
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
