"""Speakers as organisers type them: "Professor Sarah Salway (University of Sheffield)".

Programme documents name people with their title and affiliation in one run of text; the
portal keeps each speaker once, so the same words find the same speaker again next time.
"""

from django.db import transaction

from networks.services import find_or_create_organisation
from socialjustice.activity import log_action
from socialjustice.locking import lock_row

from ..enums import Action
from ..models import Speaker
from ..selectors.speakers import known_speaker
from ..speaker_names import Directory, match_known, parse_speaker

__all__ = ["find_or_create_speaker", "parse_speaker", "update_speaker"]


def find_or_create_speaker(text: str) -> Speaker | None:
    """The speaker these words describe: an existing one with the same name (and the same
    affiliation or none, when one is given; one with an affiliation first), or a new one."""
    parts = parse_speaker(text)
    if not parts["name"]:
        return None
    # The same rule the paste preview uses to say which speaker a line is saved as.
    namesakes = Speaker.objects.filter(name__iexact=parts["name"]).select_related("affiliation")
    namesakes = list(namesakes.order_by("pk"))
    known = match_known(text, Directory(speakers=map(known_speaker, namesakes)))
    if known:
        return next(speaker for speaker in namesakes if speaker.pk == known.pk)
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
