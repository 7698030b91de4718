"""Reads for reviewers: a call's queue, one contribution with its history, and what changed
between the version a reviewer asked about and the one sent back."""

import difflib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from ..enums import ContributionState, Decision
from ..models import Call, Contribution, Review, ReviewerNote, Version

LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("What happened"),
    "groups": _("Groups affected"),
    "groups_described": _("Who, in the contributor's words"),
    "sectors": _("Public service sectors"),
    "effect": _("Effect on inequality"),
    "covid": _("Related to COVID-19"),
    "levels": _("Levels"),
    "country": _("Country"),
    "region": _("Region or city"),
    "when": _("When"),
    "evidence": _("Evidence and sources"),
    "evidence_links": _("Links"),
    "document": _("Document"),
}


def queue(
    call: Call,
    *,
    state: str = "",
    group: str = "",
    sector: str = "",
    effect: str = "",
    covid: str = "",
) -> QuerySet[Contribution]:
    """A call's contributions for its reviewers (drafts are the contributor's own), the ones
    waiting longest first."""
    contributions = (
        Contribution.objects.filter(call=call)
        .exclude(state=ContributionState.DRAFT)
        .select_related("author", "organisation")
        .prefetch_related("groups", "sectors")
    )
    if state:
        contributions = contributions.filter(state=state)
    if group:
        contributions = contributions.filter(
            Exists(
                Contribution.groups.through.objects.filter(
                    contribution=OuterRef("pk"), equalitygroup__slug=group
                )
            )
        )
    if sector:
        contributions = contributions.filter(
            Exists(
                Contribution.sectors.through.objects.filter(
                    contribution=OuterRef("pk"), sector__slug=sector
                )
            )
        )
    if effect:
        contributions = contributions.filter(effect=effect)
    if covid:
        contributions = contributions.filter(covid=covid == "yes")
    return contributions.order_by("submitted_at", "pk")


def contribution_for_review(*, pk: int) -> Contribution:
    return (
        Contribution.objects.select_related("call__workshop", "call__series", "author")
        .select_related("organisation")
        .prefetch_related(
            "groups",
            "sectors",
            "levels",
            "themes",
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            Prefetch("notes", queryset=ReviewerNote.objects.select_related("author")),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class Change:
    """One field that changed between two versions, as pieces: (kind, text) where kind is
    "same", "removed" or "added"."""

    field: str
    label: str
    pieces: list[tuple[str, str]]


def _as_text(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value or "")


def _tokens(value) -> list[str]:
    # A list (the groups chosen, the links) changes item by item, a text word by word.
    return [str(item) for item in value] if isinstance(value, list) else _as_text(value).split()


def _difference(old: list[str], new: list[str], joiner: str) -> list[tuple[str, str]]:
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", joiner.join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", joiner.join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("added", joiner.join(new[j1:j2])))
    return pieces


def word_difference(before: str, after: str) -> list[tuple[str, str]]:
    """The words removed and added between two texts (difflib, word by word). Words are
    what whitespace separates: a word beside a line break is still the same word, and
    spaces alone are no change (the page shows the words, not the layout)."""
    return _difference(before.split(), after.split(), " ")


def changes_asked_about(contribution: Contribution) -> tuple[int, int, list[Change]] | None:
    """When a reviewer asked for changes and a new version came back: the version they asked
    about, the one sent since, and what changed between them. None otherwise."""
    asked = (
        Review.objects.filter(contribution=contribution, decision=Decision.CHANGES)
        .order_by("-created_at", "-pk")
        .first()
    )
    if asked is None or contribution.version <= asked.version:
        return None
    versions = {
        version.number: version.content
        for version in Version.objects.filter(
            contribution=contribution, number__in=[asked.version, contribution.version]
        )
    }
    before, after = versions.get(asked.version, {}), versions.get(contribution.version, {})
    changes = []
    for name, label in LABELS.items():
        old, new = _tokens(before.get(name)), _tokens(after.get(name))
        if old != new:
            listed = isinstance(before.get(name), list) or isinstance(after.get(name), list)
            joiner = "; " if listed else " "
            changes.append(Change(name, str(label), _difference(old, new, joiner)))
    return asked.version, contribution.version, changes
