"""Speakers as programmes write them: "Professor Sarah Salway (University of Sheffield)",
"Dr Ghazala Mir (Leeds Institute of Health Sciences)", "Professor Sarah Salway University of
Sheffield", "Ghazala Mir and Morgan Campbell University of Leeds".

Pure functions over text and a Directory of the speakers and organisations already in the
portal. A name is *strong* when it has an honorific, an affiliation, or is a speaker the
portal knows; a *weak* name is two to four capitalised words, none of them a word that starts
programme titles ("Lunch", "Steps"), and where it may stand is decided by programme_people.
An organisation is one the directory has, or one shaped like "University of …" (at most one
word before the head, so "Morgan Campbell University of Leeds" is a person and where they
work) or "… Commission".

parse_speaker reads one typed line (the form's chair and speaker lines); match_known says
which speaker already in the portal a line is saved as, exactly as find_or_create_speaker
does, so the preview can say so.
"""

import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from socialjustice.names import with_organisation


def _words(text: str) -> list[str]:
    return text.split()


# In the order they are tried: "Prof." before "Prof".
HONORIFICS = tuple(
    _words(
        "Professor Prof. Prof Dr. Dr Mrs Mr Ms Mx Miss Cllr Councillor Sir Dame Lord Lady "
        "Baroness Revd Rev"
    )
)
# "Head of …" organisations; at most one word (a place) may come before the head.
_HEADS = {"University", "Institute", "School", "College", "Department", "Faculty", "Centre"}
_TAILS = _HEADS | set(
    _words(
        "Council Commission Trust Foundation Network Partnership Society Association Alliance "
        "Authority Service Services Forum Agency Charity"
    )
)
_CONNECTORS = {"of", "and", "for", "the", "&", "in", "on", "at"}
_PARTICLES = {"de", "da", "van", "von", "der", "den", "del", "la", "le", "bin", "al", "du", "di"}
# Capitalised words that start programme titles, never names: "Next Steps", "Main Hall".
_NOT_NAMES = set(
    _words(
        "Welcome Introduction Introductions Opening Closing Close Next Steps Break Lunch Dinner "
        "Breakfast Coffee Tea Refreshments Refreshment Registration Session Sessions Group "
        "Groups Discussion Discussions Feedback Questions Answers Panel Plenary Keynote "
        "Presentation Presentations Talk Talks Workshop Workshops Network Networks Action "
        "Planning Recommendations Research Hall Room Suite Theatre Foyer Building Online Chat "
        "Platform Part Day Morning Afternoon Evening Summary Overview Update Updates Breakout "
        "Breakouts Reception Drinks Poster Posters Continued Finish End Programme Agenda "
        "Partners Inequality Inequalities Equality Equity Health Poverty Justice Social Public "
        "Policy Practice"
    )
)
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[’'\-])*|[^\W\d_]\.")
AND = re.compile(r"\s+(?:and|&)\s+")


@dataclass(frozen=True)
class Person:
    name: str
    honorific: str = ""
    role: str = ""
    affiliation: str = ""
    strong: bool = False
    organisation: bool = False

    @property
    def label(self) -> str:
        return person_label(self.honorific, self.name, self.role, self.affiliation)


@dataclass(frozen=True)
class KnownSpeaker:
    pk: int
    honorific: str
    name: str
    role: str = ""
    affiliation: str = ""
    on_workshop: bool = False  # already on the programme the text is pasted into

    @property
    def label(self) -> str:
        return person_label(self.honorific, self.name, self.role, self.affiliation)


class Directory:
    """The speakers (in the order they were added) and organisation names the portal has."""

    def __init__(self, *, speakers=(), organisations=()):
        self.speakers = tuple(speakers)
        self._organisations = {squash(name).lower(): name for name in organisations}
        self._named: dict[str, list[KnownSpeaker]] = {}
        for speaker in self.speakers:
            self._named.setdefault(speaker.name.lower(), []).append(speaker)

    def organisation(self, text: str) -> str:
        """The directory's spelling of this organisation, or "" if it is not in it."""
        return self._organisations.get(squash(text).lower(), "")

    def speakersnamed(self, name: str) -> list[KnownSpeaker]:
        return self._named.get(squash(name).lower(), [])


def person_label(honorific: str, name: str, role: str, affiliation: str) -> str:
    """How a speaker is written in forms: "Dr Ghazala Mir (Leeds Institute of Health
    Sciences)"; parse_speaker reads it back."""
    where = f"{role}, {affiliation}" if role and affiliation else affiliation
    return with_organisation(f"{honorific} {name}".strip(), where)


def parse_speaker(text: str) -> dict:
    """Split a typed speaker into honorific, name, role and affiliation (any may be blank)."""
    text = squash(text).strip(" ,.;")
    role = affiliation = ""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if match:
        text, inside = match.group(1), match.group(2)
        role, _comma, affiliation = inside.rpartition(", ")
    elif ", " in text:
        text, _comma, affiliation = text.partition(", ")
    else:
        honorific, rest = split_honorific(text)
        name, affiliation = split_affiliation(rest.split(), Directory(), 1 if honorific else 2)
        if affiliation:
            text = f"{honorific} {name}".strip()
    honorific, text = split_honorific(text)
    return {
        "honorific": honorific,
        "name": text.strip(),
        "role": role.strip(),
        "affiliation": affiliation.strip(),
    }


def match_known(text: str, directory: Directory) -> KnownSpeaker | None:
    """The known speaker these words are saved as: the same name and the same affiliation
    (or one recorded without any), one with an affiliation first, then the earliest."""
    parts = parse_speaker(text)
    candidates = directory.speakersnamed(parts["name"]) if parts["name"] else []
    if parts["affiliation"]:
        wanted = parts["affiliation"].lower()
        candidates = [s for s in candidates if s.affiliation.lower() in ("", wanted)]
    ranked = sorted(candidates, key=lambda s: (not s.affiliation, s.pk))
    return ranked[0] if ranked else None


def known_speaker_notes(lines, directory: Directory) -> list[str]:
    """What the preview says about chair and speaker lines the portal will match to
    speakers it has, so that a merge is never silent."""
    notes = []
    for line in filter(None, (squash(line).strip(" ,.;") for line in lines)):
        known = match_known(line, directory)
        if known and known.label != line:
            notes.append(_matched_note(line, known))
        elif not known and (namesakes := directory.speakersnamed(parse_speaker(line)["name"])):
            notes.append(
                _(
                    "“%(line)s” is saved as a new speaker: the portal has %(known)s. To use that "
                    "speaker, write the line the same way."
                )
                % {"line": line, "known": "; ".join(s.label for s in namesakes)}
            )
    return notes


def _matched_note(line: str, known: KnownSpeaker) -> str:
    values = {"line": line, "known": known.label}
    if known.on_workshop:
        note = _("“%(line)s”: matched to the speaker %(known)s, already on this workshop.")
    else:
        note = _("“%(line)s”: matched to the speaker %(known)s, already in the list of speakers.")
    note %= values
    written = parse_speaker(line)
    dropped = [
        written[part]
        for part in ("honorific", "role", "affiliation")
        if written[part] and written[part].lower() != getattr(known, part).lower()
    ]
    if dropped:
        # The line is saved as the speaker the portal has: what it adds is not kept.
        note += " " + _(
            "“%(dropped)s” is not saved with them; to change their details, edit the speaker."
        ) % {"dropped": ", ".join(dropped)}
    return note


def read_person(text: str, directory: Directory) -> Person | None:
    """One person (or organisation) written as the whole of `text`, or None."""
    text = squash(text).strip(" ,;")
    if text.endswith(".") and len(text.rsplit(" ", 1)[-1]) > 3:
        text = text[:-1]
    if not text:
        return None
    bracketed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if bracketed:
        person = named(*split_honorific(bracketed[1]), directory)
        if person is None:
            return None
        inside = bracketed[2].strip()
        role, _comma, affiliation = inside.rpartition(", ")
        if not role and inside[:1].islower():
            role, affiliation = inside, ""
        affiliation = directory.organisation(affiliation) or affiliation
        return replace(person, role=role, affiliation=affiliation, strong=True)
    if known := directory.organisation(text):
        return Person(name=known, organisation=True)
    honorific, rest = split_honorific(text)
    if not honorific and looks_like_organisation(text):
        return Person(name=text, organisation=True)
    name, affiliation = split_affiliation(rest.split(), directory, 1 if honorific else 2)
    person = named(honorific, name, directory)
    if person is None or not affiliation:
        return person
    return replace(person, affiliation=affiliation, strong=True)


def read_people(text: str, directory: Directory) -> list[Person] | None:
    """People joined by "and" or "&"; an affiliation after the last is everyone's, as in
    "Ghazala Mir and Morgan Campbell University of Leeds"."""
    person = read_person(text, directory)
    if person is not None:
        return [person]
    parts = split_outside(text, AND)
    if len(parts) < 2:
        return None
    people = [read_person(part, directory) for _sep, _kind, part in parts]
    if None in people:
        return None
    last = people[-1]
    if last.affiliation and not last.organisation:
        people = [
            replace(p, affiliation=last.affiliation, strong=True)
            if not p.organisation and not p.affiliation
            else p
            for p in people
        ]
    return people


def looks_like_organisation(text: str) -> bool:
    words = squash(text).strip(" .,;").split()
    if len(words) < 2 or words[0] in _CONNECTORS:
        return False
    if not all(w in _CONNECTORS or w[:1].isupper() for w in words):
        return False
    for index, word in enumerate(words[:-1]):
        if word in _HEADS and words[index + 1] == "of":
            return index <= 1
    return words[-1] in _TAILS


def named(honorific: str, name: str, directory: Directory) -> Person | None:
    """A name of one to four capitalised words (two or more without an honorific); a name
    neither titled nor known may not contain a word that starts programme titles."""
    words = name.split()
    known = bool(directory.speakersnamed(name))
    if not 1 <= len(words) <= 4 or (not honorific and not known and len(words) < 2):
        return None
    for word in words:
        if word in _PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word) or not word[0].isupper():
            return None
        if word.isupper() and not word.endswith("."):
            return None
    if not (honorific or known) and any(word in _NOT_NAMES for word in words):
        return None
    return Person(name=" ".join(words), honorific=honorific, strong=bool(honorific or known))


def split_honorific(text: str) -> tuple[str, str]:
    for honorific in HONORIFICS:
        if text.startswith(honorific + " "):
            return honorific, text[len(honorific) + 1 :].strip()
    return "", text


def split_affiliation(words: list[str], directory: Directory, least: int) -> tuple[str, str]:
    """Name and affiliation from "Sarah Salway University of Sheffield": the longest known
    organisation at the end, else one shaped like "University of …" (after `least` words)."""
    for cut in range(least, len(words)):
        if known := directory.organisation(" ".join(words[cut:])):
            return " ".join(words[:cut]), known
    for cut in range(least, len(words) - 1):
        tail = " ".join(words[cut:])
        if words[cut] in _HEADS and words[cut + 1] == "of" and looks_like_organisation(tail):
            return " ".join(words[:cut]), tail
    # "Professor Gary Dymski Leeds University Business School": after an honorific, a name
    # of two words and an organisation named like "… School".
    if least == 1 and len(words) > 3 and looks_like_organisation(" ".join(words[2:])):
        return " ".join(words[:2]), " ".join(words[2:])
    return " ".join(words), ""


def split_outside(text: str, pattern: re.Pattern) -> list[tuple[str, str, str]]:
    """Split `text` where `pattern` matches outside brackets and quotation marks."""
    outside, depth, quoted = [], 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char in "([“":
            depth += 1
        elif char in ")]”":
            depth = max(depth - 1, 0)
        outside.append(depth == 0 and not quoted and char not in '"”)]')
    parts, start, separator, kind = [], 0, "", ""
    for match in pattern.finditer(text):
        if match.start() == match.end() or not all(outside[match.start() : match.end()]):
            continue
        parts.append((separator, kind, text[start : match.start()]))
        separator, kind, start = match.group(), match.lastgroup or "", match.end()
    parts.append((separator, kind, text[start:]))
    return [part for part in parts if part[2].strip()] or [("", "", text)]


def squash(text: str) -> str:
    return " ".join(text.split())
