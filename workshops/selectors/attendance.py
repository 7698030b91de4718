"""Reads for check-in at the door, and for matching a meeting tool's list of who joined."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.db.models.functions import Lower

from ..attendee_names import (
    emails_in,
    likely_same,
    name_in,
    name_words,
    same_name,
    words_of_address,
)
from ..enums import RegistrationStatus
from ..models import Registration, Workshop
from .dashboard import matching

# A line that may be any of more people than this is too vague to ask about.
MAX_CANDIDATES = 5


def confirmed_for_check_in(workshop: Workshop, *, query: str = "") -> QuerySet[Registration]:
    """People with a place, by name, for the door."""
    registrations = Registration.objects.filter(
        workshop=workshop, status=RegistrationStatus.CONFIRMED
    )
    return matching(registrations, query, "name", "email").order_by(Lower("name"), "pk")


@dataclass(frozen=True)
class Suggestion:
    """A line of the list that is probably one of these people, for the organiser to tick."""

    line: str
    candidates: tuple[Registration, ...]


@dataclass
class ListMatches:
    sure: set[int] = field(default_factory=set)  # registrations the list names beyond doubt
    suggestions: list[Suggestion] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # lines as typed, spaces tidied, once


def _by_name(people, words) -> list[Registration]:
    return [person for person in people if same_name(words, person.words)]


def _likely(people, words) -> list[Registration]:
    return [person for person in people if likely_same(words, person.words)]


def match_attendance_list(workshop: Workshop, text: str) -> ListMatches:
    """Which confirmed people each line of a meeting tool's list names (one query).

    Beyond doubt: the same email address, or a name with the same words once accents,
    capitals, titles ("Dr"), bracketed notes ("(Guest)") and the order are set aside, when
    only one person with a place has it. Likely: a name shared by several people with a place,
    a name with a word or initial more or less ("A Khan", "Sarah Jane Salway"), or an address
    whose first part spells a name. Lines naming someone marked already are left out.
    """
    people = list(
        Registration.objects.filter(workshop=workshop, status=RegistrationStatus.CONFIRMED)
        .only("pk", "name", "email", "email_normalised", "organisation", "attended_at")
        .order_by(Lower("name"), "pk")
    )
    by_email = {person.email_normalised.lower(): person for person in people}
    for person in people:
        person.words = name_words(person.name)
    found = ListMatches()
    doubtful: list[tuple[str, list[Registration]]] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line or line.casefold() in seen:
            continue
        seen.add(line.casefold())
        emails = emails_in(raw)
        exact = [by_email[email] for email in emails if email in by_email]
        if exact:
            found.sure.update(person.pk for person in exact)
            continue
        words = name_words(name_in(raw))
        named = _by_name(people, words)
        if len(named) == 1:
            found.sure.add(named[0].pk)
            continue
        candidates = named or _likely(people, words)
        if not candidates and emails:
            candidates = _likely(people, words_of_address(emails[0]))
        if candidates and len(candidates) <= MAX_CANDIDATES:
            doubtful.append((line, candidates))
        else:
            found.unmatched.append(line)
    for line, candidates in doubtful:
        # Someone the list names beyond doubt, or marked at the door, is in already.
        left = tuple(p for p in candidates if p.pk not in found.sure and not p.attended_at)
        if left:
            found.suggestions.append(Suggestion(line=line, candidates=left))
    return found
