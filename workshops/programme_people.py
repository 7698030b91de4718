"""Who a pasted programme item names: its speakers and where its description starts.

Documents write people inside an item's text: "Welcome and Introduction, Professor Adam
Crawford (Director, Leeds Social Sciences Institute), Dr Ghazala Mir (…)", "Recommendations
and Feedback – Professor Gary Dymski (…)", "… tell us? Ghazala Mir and Morgan Campbell
University of Leeds", 'Wendy Bottero: "Why do people…"'. read_title finds them (names are
read by speaker_names):

1. 'Name: "Quoted title" rest': the name speaks, the quotation is the title, the rest
   describes it (a weak name counts here).
2. 'Dr Name: title': a strong name before a colon speaks.
3. A dash followed by a sentence (a capital letter and eight words or more ending in a full
   stop, or twelve or more, and not names) starts the description: "The Power of Networks –
   current activity and future potential –Speakers will give an overview …".
4. The names at the end, after a comma, a dash, a colon or a question mark, are the speakers;
   an organisation after a name (", University of York", "– University of York") is their
   affiliation. Weak names count only after a dash ("… platform – Arkadiusz Zadka"); after a
   comma at least one must be strong, so "Registration, Tea & Coffee" stays a title.

people_in reads a description line the same way: strong names anywhere, weak ones at its end.
Separators inside brackets and quotation marks do not count.
"""

import re
from dataclasses import dataclass, replace

from .speaker_names import (
    HONORIFICS,
    Directory,
    Person,
    looks_like_organisation,
    read_people,
    split_outside,
    squash,
)

# A separator and its kind; "." ends a sentence only after a word that is not an honorific.
_SEPARATOR = re.compile(
    r"(?P<dash>\s*[–—]\s*|\s+-\s+)|(?P<comma>,\s+)|(?P<colon>:\s+)|(?P<stop>(?<=[?!.])\s+)"
)
_QUOTED = re.compile(
    r"(?P<who>[^:\"“”]+?)\s*[:,–—-]\s*[\"“](?P<title>[^\"“”]+)[\"”]\s*(?P<rest>.*)"
)
_LEADING = re.compile(r"(?P<who>[^:]+?):\s+(?P<rest>.+)")


@dataclass
class TitleParts:
    title: str
    speakers: list[Person]
    description: str = ""


def read_title(text: str, directory: Directory) -> TitleParts:
    """Split an item's text into its title, its speakers and the start of its description."""
    text = squash(text)
    quoted = _QUOTED.fullmatch(text)
    if quoted and (people := read_people(quoted["who"], directory)):
        rest = quoted["rest"].strip(" .,;:–—-")
        return TitleParts(quoted["title"].strip(), people, rest)
    speakers: list[Person] = []
    leading = _LEADING.fullmatch(text)
    if leading and (people := read_people(leading["who"], directory)) and _strong(people):
        speakers, text = people, leading["rest"]
    segments = split_segments(text)
    description = ""
    for index in range(1, len(segments)):
        rest = _join([("", "", segments[index][2]), *segments[index + 1 :]])
        words = rest.split()
        sentence = (
            rest[:1].isupper() and len(words) >= 8 and (rest.endswith(".") or len(words) >= 12)
        )
        if segments[index][1] == "dash" and sentence and _run(segments[index:], directory) is None:
            description, segments = rest, segments[:index]
            break
    found = _trailing(segments, directory)
    if found:
        segments, people = segments[: found[0]], found[1]
        speakers = [*speakers, *people]
    return TitleParts(_join(segments).strip(" ,;:–—-"), speakers, description)


def people_in(line: str, directory: Directory) -> list[Person]:
    """The people a description line names: strong names anywhere, weak ones at its end."""
    segments = split_segments(re.sub(r"^-\s+", "", squash(line)))
    found = _trailing(segments, directory)
    end = found[0] if found else len(segments)
    people = []
    for _sep, _kind, text in segments[:end]:
        group = read_people(text, directory)
        if group and _strong(group):
            people.extend(group)
    return people + (found[1] if found else [])


def split_segments(text: str) -> list[tuple[str, str, str]]:
    """(separator, its kind, text) for each part of `text` between separators outside
    brackets and quotation marks; the first part has no separator."""
    parts = split_outside(text, _SEPARATOR)
    kept = [parts[0]]
    for separator, kind, part in parts[1:]:
        before = kept[-1][2].rsplit(" ", 1)[-1]
        # "Dr. Smith" and "J. Smith": a full stop after an honorific or initial ends nothing.
        if (
            kind == "stop"
            and before.endswith(".")
            and (before[:-1] in HONORIFICS or len(before) <= 2)
        ):
            kept[-1] = (kept[-1][0], kept[-1][1], kept[-1][2] + separator + part)
        else:
            kept.append((separator, kind, part))
    return kept


def _run(segments, directory: Directory) -> list[Person] | None:
    """The people of these segments if every one is people, or an organisation after them
    (their affiliation); None otherwise. The first must be strong unless a dash leads in."""
    people: list[Person] = []
    group: list[Person] = []
    for position, (_separator, kind, text) in enumerate(segments):
        lacking = [p for p in group if not p.organisation and not p.affiliation]
        if lacking and kind in ("comma", "dash") and (name := _organisation_name(text, directory)):
            people = [
                replace(p, affiliation=name, strong=True) if p in lacking else p for p in people
            ]
            group = []
            continue
        group = read_people(text, directory) or []
        if not group or (position == 0 and kind != "dash" and not _strong(group)):
            return None
        people.extend(group)
    return people


def _organisation_name(text: str, directory: Directory) -> str:
    text = squash(text).strip(" .,;")
    return directory.organisation(text) or (text if looks_like_organisation(text) else "")


def _trailing(segments, directory: Directory) -> tuple[int, list[Person]] | None:
    for index in range(1, len(segments)):
        people = _run(segments[index:], directory)
        if people:
            return index, people
    return None


def _strong(people: list[Person]) -> bool:
    return any(person.strong for person in people)


def _join(segments) -> str:
    return "".join(separator + text for separator, _kind, text in segments).strip()
