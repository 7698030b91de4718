"""The directory of organisations as a spreadsheet: the columns an import can read (with
the headings other people's lists use for them), how a cell becomes a value, and the rows of
the export. The export's own headings read back as the same columns, so a file exported and
imported unchanged changes nothing.

An empty cell leaves what the directory has: a list from elsewhere that lacks a website must
not wipe the website the directory knows.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ..enums import OrganisationKind
from ..models import EqualityGroup, Network, Organisation, Sector

YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0"}
# Where many organisations have a page: the same host says nothing about being the same one.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "linkedin.com",
        "sites.google.com",
        "google.com",
        "wordpress.com",
        "blogspot.com",
        "wixsite.com",
        "eventbrite.co.uk",
        "justgiving.com",
        "gov.uk",
        "nhs.uk",
    }
)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def heading_key(text: str) -> str:
    """A heading as it is compared: letter case, accents, punctuation and spaces ignored."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", "")).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def name_key(name: str) -> str:
    """An organisation's name as imports compare it: no letter case, punctuation or a
    leading "the", and "&" read as "and" ("The University of Leeds." is "university of
    leeds")."""
    key = heading_key(name.replace("&", " and "))
    return key.removeprefix("the ").strip()


def identifier_key(identifier: str) -> str:
    return re.sub(r"\s+", "", identifier).upper()


def domain_of(website: str) -> str:
    """A website's host without "www." ("" if none, or a host many organisations share)."""
    if not website:
        return ""
    try:
        host = (urlsplit(website if "//" in website else f"//{website}").hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    # The host and each domain above it (a.b.org.uk, b.org.uk, org.uk, uk): a set look-up
    # each, as an import matches every organisation's website.
    parts = host.split(".")
    if not host or any(".".join(parts[n:]) in SHARED_HOSTS for n in range(len(parts))):
        return ""
    return host


# Reading cells


def _text(limit: int):
    def read(text: str) -> str:
        value = text.strip()
        if len(value) > limit:
            raise ValueError(
                _("This is %(n)s characters long: at most %(limit)s fit.")
                % {"n": len(value), "limit": limit}
            )
        return value

    return read


def _line(limit: int):
    read_text = _text(limit)
    return lambda text: squeeze(read_text(text))


def _identifier(text: str) -> str:
    value = identifier_key(text)
    if len(value) > 60:
        raise ValueError(_("An identifier is at most 60 characters long."))
    return value


@lru_cache(maxsize=16)
def _kinds(language: str | None) -> dict[str, str]:
    """Each kind by its value and by its label in the language, compared as headings are:
    worked out once, not for each cell of a long file."""
    kinds = {}
    for value, label in OrganisationKind.choices:
        kinds.setdefault(heading_key(value), value)
        kinds.setdefault(heading_key(str(label)), value)
    return kinds


def _kind(text: str) -> str:
    found = _kinds(get_language()).get(heading_key(text))
    if found:
        return found
    labels = ", ".join(f"“{label}”" for label in OrganisationKind.labels)
    raise ValueError(
        _("“%(text)s” is not a kind: use one of %(labels)s.") % {"text": text, "labels": labels}
    )


def _website(text: str) -> str:
    value = text.strip()
    if "://" not in value:
        value = f"https://{value}"
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValueError(
            _("“%(text)s” is not a website address.") % {"text": text.strip()}
        ) from error
    if len(value) > 200:
        raise ValueError(_("A website address is at most 200 characters long."))
    return value


def _email(text: str) -> str:
    value = text.strip()
    try:
        EmailValidator()(value)
    except ValidationError as error:
        raise ValueError(_("“%(text)s” is not an email address.") % {"text": value}) from error
    return value


def _yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(_("“%(text)s” is not yes or no.") % {"text": text.strip()})


def _show_yes_no(value) -> str:
    return _("Yes") if value else _("No")


def _show_kind(value) -> str:
    return str(dict(OrganisationKind.choices).get(value, value))


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    read: Callable[[str], object]
    aliases: tuple[str, ...] = ()
    show: Callable[[object], str] = str
    same: Callable[[object], object] = lambda value: squeeze(str(value))
    contact: bool = False  # for organisers only: never in public files


COLUMNS = (
    Column(
        "name",
        gettext_lazy("Name"),
        _line(200),
        ("organisation", "organisation name", "organization", "organization name", "org name"),
    ),
    Column(
        "identifier",
        gettext_lazy("Identifier"),
        _identifier,
        ("org id", "charity number", "registered charity number", "company number"),
        same=identifier_key,
    ),
    Column(
        "kind",
        gettext_lazy("Kind"),
        _kind,
        ("type", "kind of organisation", "organisation type"),
        show=_show_kind,
    ),
    Column(
        "website",
        gettext_lazy("Website"),
        _website,
        ("url", "web", "web site", "web address", "homepage"),
        same=lambda value: str(value).strip().rstrip("/").lower(),
    ),
    Column(
        "description",
        gettext_lazy("Description"),
        _text(10_000),
        ("about", "summary", "what it does"),
    ),
    Column("place", gettext_lazy("Place"), _line(200), ("location", "address", "area")),
    Column("city", gettext_lazy("Town or city"), _line(100), ("town", "city")),
    Column("region", gettext_lazy("Region"), _line(100), ("county",)),
    Column("country", gettext_lazy("Country"), _line(100)),
    Column(
        "research_site",
        gettext_lazy("Willing to act as a research site"),
        _yes_no,
        ("research site",),
        show=_show_yes_no,
        same=bool,
    ),
    Column(
        "open_to_collaboration",
        gettext_lazy("Open to collaboration"),
        _yes_no,
        ("collaboration",),
        show=_show_yes_no,
        same=bool,
    ),
    Column(
        "contact_name",
        gettext_lazy("Contact name"),
        _line(200),
        ("contact", "contact person"),
        contact=True,
    ),
    Column(
        "contact_email",
        gettext_lazy("Contact email"),
        _email,
        ("email", "email address", "e mail", "contact e mail"),
        contact=True,
    ),
)
BY_FIELD = {column.field: column for column in COLUMNS}
FIELDS = tuple(BY_FIELD)
# In the export, to read: an import ignores them.
EXTRA_HEADINGS = (gettext_lazy("Networks"), gettext_lazy("Groups served"), gettext_lazy("Sectors"))


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


def export_header(*, contacts: bool) -> list[str]:
    shown = [column for column in COLUMNS if contacts or not column.contact]
    return [str(column.heading) for column in shown] + [str(h) for h in EXTRA_HEADINGS]


def organisations_for_export() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name", "pk").prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name").only("name")),
        Prefetch("equality_groups", queryset=EqualityGroup.objects.order_by("name").only("name")),
        Prefetch("sectors", queryset=Sector.objects.order_by("name").only("name")),
    )


def export_rows(rows: QuerySet[Organisation], *, contacts: bool):
    shown = [column for column in COLUMNS if contacts or not column.contact]
    for organisation in rows.iterator(chunk_size=500):
        cells = []
        for column in shown:
            value = getattr(organisation, column.field)
            cells.append(column.show(value) if value not in ("", None) else "")
        for related in ("networks", "equality_groups", "sectors"):
            cells.append("; ".join(each.name for each in getattr(organisation, related).all()))
        yield cells
