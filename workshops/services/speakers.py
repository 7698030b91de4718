"""Speakers as organisers type them: "Professor Sarah Salway (University of Sheffield)".

Programme documents name people with their title and affiliation in one run of text; the
portal keeps each speaker once, so the same words find the same speaker again next time.
"""

import re

from django.db import transaction
from django.db.models import F, Q

from networks.services import find_or_create_organisation
from socialjustice.activity import log_action
from socialjustice.locking import lock_row

from ..enums import Action
from ..models import Speaker

HONORIFICS = ("Professor", "Prof.", "Prof", "Dr.", "Dr", "Mr", "Mrs", "Ms", "Mx", "Sir", "Dame")
# An affiliation written with no separator after the name, as in "Sarah Salway University of
# Sheffield": the common shapes of university and institute names.
TRAILING_AFFILIATION = re.compile(
    r"\s((?:University|Institute|School|College) of [A-Z][\w’' ]*"
    r"|[A-Z][\w’']*(?: [A-Z][\w’']*)* (?:University|Institute|Council|Commission|Trust))$"
)


def parse_speaker(text: str) -> dict:
    """Split typed text into honorific, name, role and affiliation name (any may be blank)."""
    text = " ".join(text.split()).strip(" ,.;")
    role = affiliation = ""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if match:
        text, inside = match.group(1), match.group(2)
        role, _, affiliation = inside.rpartition(", ")
    elif ", " in text:
        text, _, affiliation = text.partition(", ")
    else:
        trailing = TRAILING_AFFILIATION.search(text)
        # "Leeds Poverty Truth Commission" is an organisation speaking, not a person called
        # "Leeds": only split off an affiliation when a name of two words or more is left.
        if trailing and len(text[: trailing.start()].split()) >= 2:
            affiliation = trailing.group(1)
            text = text[: trailing.start()]
    honorific = ""
    for candidate in HONORIFICS:
        if text.startswith(candidate + " "):
            honorific, text = candidate, text[len(candidate) + 1 :]
            break
    return {
        "honorific": honorific,
        "name": text.strip(),
        "role": role.strip(),
        "affiliation": affiliation.strip(),
    }


def find_or_create_speaker(text: str) -> Speaker | None:
    """The speaker these words describe: an existing one with the same name (and affiliation,
    when one is given), or a new one."""
    parts = parse_speaker(text)
    if not parts["name"]:
        return None
    matches = Speaker.objects.filter(name__iexact=parts["name"]).select_related("affiliation")
    if parts["affiliation"]:
        matches = matches.filter(
            Q(affiliation__name__iexact=parts["affiliation"]) | Q(affiliation__isnull=True)
        )
    # Prefer the speaker recorded with this affiliation over one recorded without any.
    existing = matches.order_by(F("affiliation").asc(nulls_last=True), "pk").first()
    if existing:
        return existing
    affiliation = (
        find_or_create_organisation(name=parts["affiliation"]) if parts["affiliation"] else None
    )
    return Speaker.objects.create(
        name=parts["name"],
        honorific=parts["honorific"],
        role=parts["role"],
        affiliation=affiliation,
    )


def update_speaker(
    speaker: Speaker,
    *,
    name: str,
    honorific: str,
    role: str,
    bio: str,
    affiliation_name: str,
    by,
) -> Speaker:
    with transaction.atomic(durable=True):
        locked = lock_row(Speaker, speaker.pk)
        locked.name = name
        locked.honorific = honorific
        locked.role = role
        locked.bio = bio
        locked.affiliation = (
            find_or_create_organisation(name=affiliation_name) if affiliation_name.strip() else None
        )
        locked.save(update_fields=["name", "honorific", "role", "bio", "affiliation"])
        log_action(by, Action.SPEAKER_CHANGED, locked)
    return locked
