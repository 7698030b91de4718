"""Read a workshop programme pasted from a document into items an organiser can check.

Organisers write programmes as documents; this turns the pasted text into a preview, so it
guesses rather than refuses, and never drops a non-blank line without saying so.

- A timed line starts (after any indentation or bullet) with a time or a range: "10:00",
  "9.30 – 10.00", "15.30-16.00", "2 to 3pm". A bare hour such as "10" counts only with am/pm
  or when the other end of a range has minutes or am/pm: "2 groups" in a description must not
  become an item.
- Lines between timed lines describe the item above. After the last timed line, a blank line
  ends the programme: what follows is a footer (hashtags, contact details) and is reported.
- Titles have their whitespace collapsed; text after "Chair:" is the chair (see _split_chair).
  Speakers, a quoted talk title and a description after a dash are found by
  programme_people.read_title; names in the description lines are speakers too; the chair and
  speakers come out written the way the forms read them ("Dr Name (Affiliation)").
- The kind is guessed from the title by _KIND_RULES, in order; "plenary" is checked before
  "breakouts" so that "Recommendations … from facilitators" is the plenary it describes. A
  talk whose text mentions "speakers" is a panel, and "… – continued" has the kind of the
  item it continues.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import time

from django.utils.translation import gettext as _

from .programme_people import people_in, read_title
from .speaker_names import Directory, parse_speaker, read_person

KINDS = (
    "registration",
    "welcome",
    "talk",
    "panel",
    "qa",
    "break",
    "meal",
    "breakouts",
    "plenary",
    "close",
    "other",
)


@dataclass
class ParsedItem:
    starts_at: time
    ends_at: time | None
    kind: str
    title: str
    description: str = ""
    chair: str = ""
    line_number: int = 0
    speakers: list[str] = field(default_factory=list)
    last_line: int = 0  # the last line of the text this item was read from


@dataclass
class UnreadableLine:
    line_number: int
    text: str
    reason: str


@dataclass
class ParsedProgramme:
    items: list[ParsedItem] = field(default_factory=list)
    unreadable: list[UnreadableLine] = field(default_factory=list)


_CLOCK = r"\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?"
_CLOCK_RE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE)
# (?!\w) stops "10.005" or "10:00am-ish" counting as times; a failed range falls back to one time.
_TIMED_RE = re.compile(
    rf"[\s•·*\-]*(?P<start>{_CLOCK})(?:\s*(?:[-–—]|to)\s*(?P<end>{_CLOCK}))?(?!\w)(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_CHAIR_RE = re.compile(r"\bchair\s*:\s*", re.IGNORECASE)
# Without parentheses nothing marks where a chair's name ends, so we stop before a capitalised
# word that usually opens the next part of the line ("… University of Sheffield Introduction to
# the platform"). Case-sensitive on purpose: names are capitalised, these words start phrases.
_NEXT_PHRASE_RE = re.compile(
    r"\s(?=(?:Introduction|Welcome|Opening|Overview|Presentations?|Keynote|Discussion|Questions"
    r"|Q\s*&\s*A|Break|Lunch|Panel|Talk)\b)"
)
# The first rule whose pattern is found in the lower-cased title wins; "talk"/"other" are the
# fallbacks. "Breakout" must not read as "break", hence the look-ahead.
_KIND_RULES = (
    ("registration", r"\bregistration\b"),
    ("break", r"\b(?:break(?!-?outs?\b)|refreshments?|tea|coffee)\b"),
    ("meal", r"\b(?:lunch|dinner|breakfast|meals?)\b"),
    ("qa", r"^(?:q\s*&\s*a|questions)\b"),
    ("welcome", r"^(?:welcome|introduction)\b"),
    ("plenary", r"^(?:recommendations|plenary|feedback)\b"),
    ("breakouts", r"\b(?:break-?outs?|groups|facilitators|action planning|workshop groups)\b"),
    # Only at the start or the very end: "a close look at …" in a talk title is not a close.
    ("close", r"^(?:close|closing|finish|end of|next steps)\b|\b(?:close|finish)\W*$"),
    ("panel", r"\bpanel\b"),
)
_LIST_ITEM_RE = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(?:[•·▪◦●‣]|[-*–](?=\s))\s*")
# A list's number or letter before a key question: "1.", "2)", "(3)", "a)", "b.", "(c)",
# "iv)". Only for key questions: a programme's numbered description lines keep their numbers.
_NUMBERED_RE = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)](?=\s)\s*|^\(?[A-Z]\)(?=\s)\s*")
_CONTINUED_RE = re.compile(r"(?P<base>.+?)[\s–—:,-]*\(?continued\)?\.?", re.IGNORECASE)


def without_bullet(line: str) -> str:
    """The line without the bullets or list numbers a document put before it ("• • Can …",
    "1. Can …", "a) Can …" → "Can …")."""
    line = line.strip()
    while bullet := _BULLET_RE.match(line) or _NUMBERED_RE.match(line):
        line = line[bullet.end() :]
    return line


def parse_clock(text: str) -> time:
    """Read "10:00", "9.30", "10", "2pm" or "12.30 pm" as a time of day."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(_("Enter a time, for example 10:00, 9.30 or 2.30pm."))
    match = _CLOCK_RE.fullmatch(cleaned)
    if not match:
        raise ValueError(
            _("“%(text)s” is not a time; write it like 10:00, 9.30 or 2.30pm.") % {"text": cleaned}
        )
    hour, minute, meridiem = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if minute > 59:
        raise ValueError(_("In “%(text)s” the minutes must be 00 to 59.") % {"text": cleaned})
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(
                _("In “%(text)s” the hour must be 1 to 12 with am or pm.") % {"text": cleaned}
            )
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    elif hour > 23:
        raise ValueError(_("In “%(text)s” the hour must be 0 to 23.") % {"text": cleaned})
    return time(hour, minute)


def parse_programme(text: str, directory: Directory | None = None) -> ParsedProgramme:
    """Split pasted programme text into items, and report every line that fits no item.
    `directory` holds the speakers and organisations the portal knows already."""
    directory = directory or Directory()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    timed = {number: _timed_match(line) for number, line in enumerate(lines, 1)}
    timed = {number: match for number, match in timed.items() if match}
    first_timed, last_timed = min(timed, default=len(lines) + 1), max(timed, default=0)
    programme = ParsedProgramme()
    current: ParsedItem | None = None  # None after a line whose time could not be read
    footer = False
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            footer = footer or 0 < last_timed < number
            continue
        if number in timed:
            try:
                current = _timed_item(number, timed[number], directory)
            except ValueError as error:
                current = None
                reason = _("The time at the start of this line cannot be read. %(error)s")
                programme.unreadable.append(UnreadableLine(number, line, reason % {"error": error}))
            else:
                programme.items.append(current)
            continue
        if number < first_timed:
            reason = _("This line comes before the first time, so it is not part of any item.")
        elif footer:
            reason = _("This line comes after the programme.")
        elif current is None:
            reason = _("This line follows a line whose time could not be read.")
        else:
            _describe(current, _description_lines(line))
            current.last_line = number
            continue
        programme.unreadable.append(UnreadableLine(number, line, reason))
    # An item with one time runs until the next item starts.
    for item, following in zip(programme.items, programme.items[1:], strict=False):
        if item.ends_at is None:
            item.ends_at = following.starts_at
    for index, item in enumerate(programme.items):
        _finish(item, programme.items[:index], directory)
    return programme


def _finish(item: ParsedItem, earlier: list[ParsedItem], directory: Directory) -> None:
    """Speakers named in the description, one bullet alone dropped, and the kind refined."""
    lines = item.description.split("\n") if item.description else []
    if len(lines) == 1 and lines[0].startswith("- "):
        item.description = lines[0][2:]
    named = {parse_speaker(label)["name"].lower() for label in [item.chair, *item.speakers]}
    for line in lines:
        for person in people_in(line, directory):
            if person.name.lower() not in named:
                named.add(person.name.lower())
                item.speakers.append(person.label)
    continued = _CONTINUED_RE.fullmatch(item.title)
    base = continued["base"].lower() if continued else None
    follows = [other for other in earlier if base and other.title.lower().startswith(base)]
    if follows:
        item.kind = follows[-1].kind
    elif item.kind == "talk" and re.search(r"\bspeakers\b", item.description, re.IGNORECASE):
        item.kind = "panel"


def _timed_match(line: str) -> re.Match[str] | None:
    match = _TIMED_RE.match(line)
    if not match:
        return None
    # A bare number ("2 groups", "3-4 people") is only a time beside minutes or am/pm.
    detailed = any(re.search(r"[:.ap]", part or "", re.I) for part in match.group("start", "end"))
    return match if detailed else None


def _timed_item(number: int, match: re.Match[str], directory: Directory) -> ParsedItem:
    starts_at = parse_clock(match["start"])
    ends_at = parse_clock(match["end"]) if match["end"] else None
    # "2-3pm": a start without am/pm takes the end's pm when that keeps it before the end.
    end_is_pm = bool(ends_at) and "p" in match["end"].lower()
    start_is_bare = not re.search("[ap]", match["start"], re.I)
    if end_is_pm and start_is_bare and starts_at.hour + 12 <= ends_at.hour:
        starts_at = starts_at.replace(hour=starts_at.hour + 12)
    rest = match["rest"].lstrip(" \t-–—:,")
    if _LIST_ITEM_RE.search(rest):
        title, chair, description = _split_list(rest)
    else:
        title, chair, description = _split_chair(_clean(rest))
    parts = read_title(title, directory)
    title = _sentence_case(parts.title)
    chair_person = read_person(chair, directory) if chair else None
    item = ParsedItem(
        starts_at,
        ends_at,
        _guess_kind(title),
        title,
        chair=chair_person.label if chair_person else chair,
        line_number=number,
        speakers=[person.label for person in parts.speakers],
        last_line=number,
    )
    _describe(item, [parts.description, *description])
    return item


def _split_list(rest: str) -> tuple[str, str, list[str]]:
    """An HTML list after the time: its items describe the slot, which is usually breakouts."""
    lead, *parts = _LIST_ITEM_RE.split(rest)
    entries = [entry for entry in map(_clean, parts) if entry]
    title = _clean(lead)
    if not title and entries:
        if any(re.search(r"facilitator|group", entry, re.I) for entry in entries):
            title = "Breakout groups"
        else:
            title, entries = entries[0], entries[1:]
    return title, "", [f"- {entry}" for entry in entries]


def _split_chair(text: str) -> tuple[str, str, list[str]]:
    """Title, chair and leftover text from "Title, Chair: Name (Affiliation) leftover"."""
    found = _CHAIR_RE.search(text)
    if not found:
        return text, "", []
    title = text[: found.start()].rstrip(" ,;–—-")
    after = text[found.end() :]
    phrase = _NEXT_PHRASE_RE.search(after)
    cut = phrase.start() if phrase else len(after)
    # A parenthesised affiliation ends the chair, unless a new phrase starts before it.
    bracketed = re.match(r"[^()]*\([^)]*\)", after)
    if bracketed and after.index("(") < cut:
        cut = bracketed.end()
    leftover = after[cut:].lstrip(" ,;.:–—-").strip()
    return title, after[:cut].strip(" ,;"), [leftover] if re.search(r"\w", leftover) else []


def _description_lines(line: str) -> list[str]:
    if _LIST_ITEM_RE.search(line):
        lead, *parts = _LIST_ITEM_RE.split(line)
        entries = [f"- {entry}" for entry in map(_clean, parts) if entry]
        return [_clean(lead), *entries] if _clean(lead) else entries
    cleaned = _clean(line)
    bullet = _BULLET_RE.match(cleaned)
    return [f"- {cleaned[bullet.end() :]}" if bullet else cleaned] if cleaned else []


def _describe(item: ParsedItem, lines: list[str]) -> None:
    item.description = "\n".join(filter(None, [item.description, *lines]))


def _clean(text: str) -> str:
    """Drop HTML tags, decode entities and collapse whitespace (tabs, doubled spaces)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", text))).strip()


def _sentence_case(title: str) -> str:
    """Turn an all-capitals title into sentence case ("BREAK" → "Break"), keeping "Q&A"."""
    if title != title.upper() or title == title.lower():
        return title
    lowered = re.sub(r"[^\W\d_]{2,}", lambda word: word[0].lower(), title)
    return lowered[:1].upper() + lowered[1:]


def _guess_kind(title: str) -> str:
    lowered = title.lower()
    for kind, pattern in _KIND_RULES:
        if re.search(pattern, lowered):
            return kind
    return "talk" if title else "other"
