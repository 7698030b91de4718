from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from networks.models import Organisation
from networks.selectors.people import organisation_suggestions as directory_organisation_suggestions
from socialjustice.names import with_organisation

from ..models import ProgrammeItem, Speaker, Workshop
from ..speaker_names import Directory, KnownSpeaker


def speaker_label(speaker: Speaker) -> str:
    """How a speaker is written in forms; `parse_speaker` reads it back to the same speaker."""
    return known_speaker(speaker).label


def speaker_display(speaker: Speaker) -> str:
    """How pages show a speaker, the same everywhere: "Professor Adam Crawford (Director,
    Leeds Social Sciences Institute)"; a role without an affiliation is shown too."""
    if speaker.role and not speaker.affiliation_id:
        return with_organisation(str(speaker), speaker.role)
    return speaker_label(speaker)


def known_speaker(speaker: Speaker) -> KnownSpeaker:
    affiliation = speaker.affiliation.name if speaker.affiliation_id else ""
    return KnownSpeaker(
        speaker.pk,
        speaker.honorific,
        speaker.name,
        speaker.role,
        affiliation,
        on_workshop=getattr(speaker, "on_workshop", False),
    )


def paste_directory(workshop: Workshop | None = None) -> Directory:
    """The speakers and organisations a pasted programme may name, in two queries; each
    speaker knows whether `workshop`'s programme has them already (the preview says so)."""
    speakers = Speaker.objects.select_related("affiliation").order_by("pk")
    if workshop is not None:
        items = ProgrammeItem.objects.filter(workshop=workshop)
        speakers = speakers.annotate(
            on_workshop=Exists(items.filter(speakers=OuterRef("pk")))
            | Exists(items.filter(chair=OuterRef("pk")))
        )
    organisations = Organisation.objects.order_by("pk").values_list("name", flat=True)
    return Directory(speakers=map(known_speaker, speakers), organisations=list(organisations))


def speakers_list(*, query: str = "") -> QuerySet[Speaker]:
    speakers = Speaker.objects.select_related("affiliation").annotate(
        item_count=Count("programme_items", distinct=True) + Count("chaired_items", distinct=True)
    )
    if query:
        speakers = speakers.filter(Q(name__icontains=query) | Q(affiliation__name__icontains=query))
    return speakers.order_by("name", "pk")


def organisation_suggestions(query: str, *, limit: int = 10) -> list[str]:
    """The directory's own suggestions (networks), offered to organisers and facilitators."""
    return directory_organisation_suggestions(query, limit=limit)


def speaker_suggestions(query: str, *, limit: int = 10) -> list[str]:
    query = query.strip()
    if len(query) < 2:
        return []
    speakers = (
        Speaker.objects.filter(Q(name__icontains=query) | Q(affiliation__name__icontains=query))
        .select_related("affiliation")
        .order_by("name")[:limit]
    )
    return [speaker_label(speaker) for speaker in speakers]
