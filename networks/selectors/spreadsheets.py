"""The directory of organisations as a spreadsheet: the columns an import can read (with
the headings other people's lists use for them; each cell read by spreadsheet_cells), and
the rows of the export. The export's own headings read back as the same columns, so a file
exported and imported unchanged changes nothing.

An empty cell leaves what the directory has: a list from elsewhere that lacks a website must
not wipe the website the directory knows. The same goes for the networks, groups served and
sectors: a filled cell replaces the organisation's list, an empty one leaves it as it is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from ..models import EqualityGroup, Network, Organisation, Sector
from .spreadsheet_cells import (
    heading_key,
    identifier_key,
    read_charity_number,
    read_company_number,
    read_email,
    read_identifier,
    read_kind,
    read_line,
    read_names,
    read_text,
    read_website,
    read_yes_no,
    same_terms,
    show_kind,
    show_terms,
    show_yes_no,
    squeeze,
)


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    read: Callable[[str], object]
    aliases: tuple[str, ...] = ()
    show: Callable[[object], str] = str
    same: Callable[[object], object] = lambda value: squeeze(str(value))
    contact: bool = False  # for organisers only: never in public files
    into: str = ""  # the field it gives, when not its own (a charity number: the identifier)
    # For a list of names: what they name, and what to say of a name it does not have.
    terms: type[Model] | None = None
    unknown: str = ""


COLUMNS = (
    Column(
        "name",
        gettext_lazy("Name"),
        read_line(200),
        ("organisation", "organisation name", "organization", "organization name", "org name"),
    ),
    Column(
        "identifier",
        gettext_lazy("Identifier"),
        read_identifier,
        ("org id", "organisation identifier", "organization identifier"),
        same=identifier_key,
    ),
    Column(
        "charity_number",
        gettext_lazy("Charity number"),
        read_charity_number,
        ("registered charity number", "charity no", "charity registration number"),
        into="identifier",
    ),
    Column(
        "company_number",
        gettext_lazy("Company number"),
        read_company_number,
        ("company no", "company registration number", "companies house number"),
        into="identifier",
    ),
    Column(
        "kind",
        gettext_lazy("Kind"),
        read_kind,
        ("type", "kind of organisation", "organisation type"),
        show=show_kind,
    ),
    Column(
        "website",
        gettext_lazy("Website"),
        read_website,
        ("url", "web", "web site", "web address", "homepage"),
        same=lambda value: str(value).strip().rstrip("/").lower(),
    ),
    Column(
        "description",
        gettext_lazy("Description"),
        read_text(10_000),
        ("about", "summary", "what it does"),
    ),
    Column("place", gettext_lazy("Place"), read_line(200), ("location", "address", "area")),
    Column("city", gettext_lazy("Town or city"), read_line(100), ("town", "city")),
    Column("region", gettext_lazy("Region"), read_line(100), ("county",)),
    Column("country", gettext_lazy("Country"), read_line(100)),
    Column(
        "research_site",
        gettext_lazy("Willing to act as a research site"),
        read_yes_no,
        ("research site",),
        show=show_yes_no,
        same=bool,
    ),
    Column(
        "open_to_collaboration",
        gettext_lazy("Open to collaboration"),
        read_yes_no,
        ("collaboration",),
        show=show_yes_no,
        same=bool,
    ),
    Column(
        "contact_name",
        gettext_lazy("Contact name"),
        read_line(200),
        ("contact", "contact person"),
        contact=True,
    ),
    Column(
        "contact_email",
        gettext_lazy("Contact email"),
        read_email,
        ("email", "email address", "e mail", "contact e mail"),
        contact=True,
    ),
    Column(
        "networks",
        gettext_lazy("Networks"),
        read_names,
        ("network", "member of", "membership", "memberships"),
        show=show_terms,
        same=same_terms,
        terms=Network,
        unknown=gettext_lazy(
            "“%(name)s” is not a network the directory knows. Use the name of a network in "
            "the directory."
        ),
    ),
    Column(
        "equality_groups",
        gettext_lazy("Groups served"),
        read_names,
        ("groups", "group", "equality groups", "equality group", "protected characteristics"),
        show=show_terms,
        same=same_terms,
        terms=EqualityGroup,
        unknown=gettext_lazy(
            "“%(name)s” is not a group the directory knows. Use one of the group names on the "
            "coverage map."
        ),
    ),
    Column(
        "sectors",
        gettext_lazy("Sectors"),
        read_names,
        ("sector", "public service sectors", "public service sector"),
        show=show_terms,
        same=same_terms,
        terms=Sector,
        unknown=gettext_lazy(
            "“%(name)s” is not a sector the directory knows. Use one of the sector names on the "
            "coverage map."
        ),
    ),
)
BY_FIELD = {column.field: column for column in COLUMNS}
# The organisation's own fields the columns give, and its lists (networks, groups, sectors).
FIELDS = tuple(c.field for c in COLUMNS if not c.into and c.terms is None)
SETS = tuple(c.field for c in COLUMNS if c.terms is not None)
# Columns that give another's field, in the order they give it when several are filled.
FEEDERS = tuple(column for column in COLUMNS if column.into)


def guess_columns(header: list[str]) -> list[str]:
    """The field each column of a file most likely is, from its heading ("" for none); a
    field goes to the first column that names it."""
    names = {}
    for column in COLUMNS:
        for text in (column.field.replace("_", " "), str(column.heading), *column.aliases):
            names.setdefault(heading_key(text), column.field)
    guessed, taken = [], set()
    for heading in header:
        field = names.get(heading_key(heading), "")
        guessed.append("" if field in taken else field)
        taken.add(field)
    return guessed


# The export


def _exported(*, contacts: bool) -> list[Column]:
    return [
        column
        for column in COLUMNS
        if not column.into and column.terms is None and (contacts or not column.contact)
    ]


def export_header(*, contacts: bool) -> list[str]:
    shown = [*_exported(contacts=contacts), *(BY_FIELD[name] for name in SETS)]
    return [str(column.heading) for column in shown]


def organisations_for_export() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name", "pk").prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name").only("name")),
        Prefetch("equality_groups", queryset=EqualityGroup.objects.order_by("name").only("name")),
        Prefetch("sectors", queryset=Sector.objects.order_by("name").only("name")),
    )


def export_rows(rows: QuerySet[Organisation], *, contacts: bool):
    shown = _exported(contacts=contacts)
    for organisation in rows.iterator(chunk_size=500):
        cells = []
        for column in shown:
            value = getattr(organisation, column.field)
            cells.append(column.show(value) if value not in ("", None) else "")
        for related in SETS:
            cells.append("; ".join(each.name for each in getattr(organisation, related).all()))
        yield cells
