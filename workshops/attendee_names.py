"""Names as a meeting tool lists them, compared with names as people registered them.

A meeting tool's list of who joined rarely repeats the registration: "Amira Khan (Guest)",
"Jose Garcia" for José García, "Salway, Sarah" or "Sarah Salway" for "Professor Sarah Salway".
`name_words` reduces a name to the words that tell people apart: no accents, capitals,
titles, bracketed notes (the tool's "(Guest)", "(she/her)", an organisation) or punctuation.
Two names with the same words in any order are the same name; a name that shares some words,
or initials, with a registration is only a likely match, for the organiser to confirm.
"""

import re
import unicodedata

# Titles people register with, or meeting tools add, that say nothing about who it is.
HONORIFICS = frozenset(
    [
        "dr",
        "doctor",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "revd",
        "reverend",
        "cllr",
        "councillor",
        "fr",
        "father",
        "sr",
        "sister",
        "br",
        "brother",
        "rabbi",
        "imam",
    ]
)
# Letters that Unicode does not split into a plain letter and an accent.
PLAIN_LETTERS = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>")
APOSTROPHES = re.compile(r"['’‘`´]")
NOT_A_LETTER = re.compile(r"[^\w]+|[\d_]+")
EMAIL = re.compile(r"[^\s<>(),;\"']+@[^\s<>(),;\"']+\.[^\s<>(),;\"']+")


def plain(text: str) -> str:
    """Lower case without accents: "José GARCÍA" is "jose garcia"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return letters.translate(PLAIN_LETTERS)


def name_words(text: str) -> tuple[str, ...]:
    """The words of a name that identify the person, in the order given."""
    text = BRACKETED.sub(" ", text)
    text = APOSTROPHES.sub("", plain(text))  # O'Brien and OBrien are one name
    words = NOT_A_LETTER.sub(" ", text).split()
    named = tuple(word for word in words if word not in HONORIFICS)
    return named or tuple(words)


def emails_in(line: str) -> list[str]:
    return [match.lower().rstrip(".") for match in EMAIL.findall(line)]


def name_in(line: str) -> str:
    """The name part of a line: the first column of a pasted table (meeting tools export
    name, email, times… separated by tabs), without any email address in it."""
    first = line.split("\t", 1)[0]
    return EMAIL.sub(" ", first)


def words_of_address(email: str) -> tuple[str, ...]:
    """The name an address may spell: "amira.khan@…" is "amira khan"."""
    return name_words(re.sub(r"[._+\-]+", " ", email.split("@", 1)[0]))


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words, in any order: "Khan, Amira" is Amira Khan."""
    return bool(a) and sorted(a) == sorted(b)


def _word_matches(short: str, long: str) -> bool:
    return short == long or (len(short) == 1 and long.startswith(short))


def likely_same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two different names may be one person's: every word of the shorter name is a
    word, or the initial, of a different word of the longer one, and at least one whole word
    is shared ("Sarah Salway" and "Sarah Jane Salway", "A Khan" and "Amira Khan", "Amira" and
    "Amira Khan"). Never by initials alone."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    remaining = list(long)
    whole = 0
    for word in short:
        match = next((w for w in remaining if w == word), None)
        if match is None:
            match = next((w for w in remaining if _word_matches(word, w)), None)
        else:
            whole += len(word) > 1
        if match is None:
            return False
        remaining.remove(match)
    return whole >= 1
