"""How a spreadsheet's cell becomes a value of an organisation, and how the import compares
names, identifiers and websites (networks.selectors.spreadsheets puts these together as the
columns an import reads)."""

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..enums import OrganisationKind

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


def term_key(text: str) -> str:
    """A group's, sector's or network's name (or slug) as an import compares it: as
    `name_key`, and without spaces ("race-ethnicity" is "Race / Ethnicity")."""
    return name_key(text).replace(" ", "")


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


def read_text(limit: int):
    def read(text: str) -> str:
        value = text.strip()
        if len(value) > limit:
            raise ValueError(
                _("This is %(n)s characters long: at most %(limit)s fit.")
                % {"n": len(value), "limit": limit}
            )
        return value

    return read


def read_line(limit: int):
    read = read_text(limit)
    return lambda text: squeeze(read(text))


def read_identifier(text: str) -> str:
    value = identifier_key(text)
    if len(value) > 60:
        raise ValueError(_("An identifier is at most 60 characters long."))
    return value


# Bare numbers in the registers' own forms, and the org-id (org-id.guide) each becomes.
CHARITY_NUMBERS = (
    (re.compile(r"\d{6,8}"), "GB-CHC-{}"),  # England and Wales
    (re.compile(r"SC\d{6}"), "GB-SC-{}"),  # Scotland (OSCR)
    (re.compile(r"NIC(\d{6})"), "GB-NIC-{}"),  # Northern Ireland
)
# Companies House numbers are 8 characters; spreadsheets often drop the leading zeros.
COMPANY_NUMBER = re.compile(r"\d{1,8}|[A-Z]{2}\d{6}")


def is_org_id(value: str) -> bool:
    """Already an org-id (GB-CHC-1234567, XI-…): kept as it is."""
    return re.fullmatch(r"[A-Z]{2}-[A-Z0-9]+-\S+", value) is not None


def read_charity_number(text: str) -> str:
    value = read_identifier(text)
    if is_org_id(value):
        return value
    for pattern, org_id in CHARITY_NUMBERS:
        found = pattern.fullmatch(value)
        if found:
            return org_id.format(found.group(found.lastindex or 0))
    raise ValueError(
        _(
            "“%(text)s” is not a charity number: use the number the register gives, such as "
            "1234567, or SC012345 for a Scottish charity."
        )
        % {"text": text.strip()}
    )


def read_company_number(text: str) -> str:
    value = read_identifier(text)
    if is_org_id(value):
        return value
    if COMPANY_NUMBER.fullmatch(value):
        return f"GB-COH-{value.zfill(8)}"
    raise ValueError(
        _(
            "“%(text)s” is not a Companies House number: it has 8 characters, such as "
            "01234567 or SC123456."
        )
        % {"text": text.strip()}
    )


class Term(NamedTuple):
    """A group, sector or network an organisation has, as an import reads and shows it."""

    pk: int
    name: str


def read_names(text: str) -> tuple[str, ...]:
    """The names in a cell of the networks, groups or sectors: separated by "; " as the
    export writes them. Commas are split later, against the names the directory knows, as
    a network's name may have one."""
    return tuple(name for name in (squeeze(part) for part in text.split(";")) if name)


def show_terms(value) -> str:
    return ", ".join(term.name for term in value)


def same_terms(value) -> frozenset:
    return frozenset(term.pk for term in value)


@lru_cache(maxsize=16)
def kinds_in(language: str | None) -> dict[str, str]:
    """Each kind by its value and by its label in the language, compared as headings are:
    worked out once, not for each cell of a long file."""
    kinds = {}
    for value, label in OrganisationKind.choices:
        kinds.setdefault(heading_key(value), value)
        kinds.setdefault(heading_key(str(label)), value)
    return kinds


def read_kind(text: str) -> str:
    found = kinds_in(get_language()).get(heading_key(text))
    if found:
        return found
    labels = ", ".join(f"“{label}”" for label in OrganisationKind.labels)
    raise ValueError(
        _("“%(text)s” is not a kind: use one of %(labels)s.") % {"text": text, "labels": labels}
    )


def read_website(text: str) -> str:
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


def read_email(text: str) -> str:
    value = text.strip()
    try:
        EmailValidator()(value)
    except ValidationError as error:
        raise ValueError(_("“%(text)s” is not an email address.") % {"text": value}) from error
    return value


def read_yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(_("“%(text)s” is not yes or no.") % {"text": text.strip()})


def show_yes_no(value) -> str:
    return _("Yes") if value else _("No")


def show_kind(value) -> str:
    return str(dict(OrganisationKind.choices).get(value, value))
