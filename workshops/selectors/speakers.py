from django.db.models import Count, Q, QuerySet

from networks.models import Organisation

from ..models import Speaker


def speaker_label(speaker: Speaker) -> str:
    """How a speaker is written in forms; `parse_speaker` reads it back to the same speaker."""
    label = str(speaker)
    if speaker.affiliation_id:
        inside = (
            f"{speaker.role}, {speaker.affiliation.name}"
            if speaker.role
            else speaker.affiliation.name
        )
        label += f" ({inside})"
    return label


def speakers_list(*, query: str = "") -> QuerySet[Speaker]:
    speakers = Speaker.objects.select_related("affiliation").annotate(
        item_count=Count("programme_items", distinct=True) + Count("chaired_items", distinct=True)
    )
    if query:
        speakers = speakers.filter(Q(name__icontains=query) | Q(affiliation__name__icontains=query))
    return speakers.order_by("name", "pk")


def organisation_suggestions(query: str, *, limit: int = 10) -> list[str]:
    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        Organisation.objects.filter(name__icontains=query)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


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
