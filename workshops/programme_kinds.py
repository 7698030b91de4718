"""When a programme shows an item's kind beside its title.

"Lunch (Meal)" and "Break (Break)" tell nobody anything: the kind is shown only when the
title does not already say it, in the kind's own word or one a programme uses for it
("Coffee" for a break, "Opening remarks" for a welcome). Talks and "other" items never show
their kind: a talk's title is the talk.
"""

import re

from .enums import ProgrammeKind

# The words (as regular expressions, matched as whole words in the lower-cased title) that
# already say an item's kind. "Break" must not be read in "Breakout", hence the look-ahead.
_SAYS_KIND = {
    ProgrammeKind.REGISTRATION: r"registration|registering|arrivals?|sign(?:ing)?[ -]in",
    ProgrammeKind.WELCOME: r"welcomes?|introductions?|opening|intro",
    ProgrammeKind.PANEL: r"panel|panellists?|round-?table",
    ProgrammeKind.QA: r"q\s*&\s*a|q\s*and\s*a|questions?",
    ProgrammeKind.BREAK: (
        r"break(?!-?outs?\b)|coffee|tea|refreshments?|comfort stop|interval|pause|networking"
    ),
    ProgrammeKind.MEAL: r"lunch|dinner|breakfast|supper|meals?|food|buffet",
    ProgrammeKind.BREAKOUTS: (
        r"break-?outs?|break-?out groups?|groups?|group work|workshop groups|action planning"
    ),
    ProgrammeKind.PLENARY: r"plenary|feedback|report(?:ing)? back|recommendations?",
    ProgrammeKind.CLOSE: r"close|closing|finish|end|next steps|thanks|farewell|wrap[- ]up",
}
_PATTERNS = {kind: re.compile(rf"\b(?:{words})\b") for kind, words in _SAYS_KIND.items()}
_NEVER_SHOWN = {ProgrammeKind.TALK, ProgrammeKind.OTHER}


def title_says_kind(kind: str, title: str) -> bool:
    """Whether the title already names the kind, in its word or a synonym."""
    pattern = _PATTERNS.get(kind)
    return bool(pattern and pattern.search(title.lower()))


def kind_note(kind: str, title: str) -> str:
    """The kind to show after the title, or "" when it would only repeat it."""
    if kind in _NEVER_SHOWN or title_says_kind(kind, title):
        return ""
    try:
        return str(ProgrammeKind(kind).label)
    except ValueError:
        return ""
