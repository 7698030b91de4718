"""Reads of contributions: the public collection with its search and facets, one page, a
person's own, the workshop pack and the exports.

Public means accepted and allowed by the author (`public_contributions`): every public read
starts there, so no draft, pending, declined, withdrawn or organisers-only contribution can
reach a list, a count, a search, an export or the pack.
"""

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Level, Sector, Theme
from workshops.models import Workshop

from ..enums import ContributionState
from ..models import Call, Contribution
from ..permissions import PUBLIC_VISIBILITIES, shows_author


def public_contributions() -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        state=ContributionState.ACCEPTED, visibility__in=PUBLIC_VISIBILITIES
    )


def with_classification(contributions: QuerySet) -> QuerySet:
    return contributions.select_related(
        "call__workshop", "call__series", "author", "organisation"
    ).prefetch_related(
        Prefetch("groups", queryset=EqualityGroup.objects.order_by("position", "name")),
        Prefetch("sectors", queryset=Sector.objects.order_by("position", "name")),
        Prefetch("levels", queryset=Level.objects.order_by("position", "name")),
    )


def public_contribution(*, pk: int) -> Contribution:
    return with_classification(public_contributions()).get(pk=pk)


def contribution_with_classification(*, pk: int) -> Contribution:
    return with_classification(Contribution.objects.all()).get(pk=pk)


def contributions_of(person) -> list[Contribution]:
    """A person's own contributions, newest first, with their calls."""
    return list(
        Contribution.objects.filter(author=person)
        .select_related("call__workshop", "call__series")
        .order_by("-created_at", "-pk")[:100]
    )


def pack(workshop: Workshop) -> list[tuple[Theme | None, list[Contribution]]]:
    """The workshop pack: the public contributions of the workshop's calls (and of its
    series' calls), grouped by theme, those without a theme last."""
    contributions = list(
        with_classification(
            public_contributions().filter(call__in=_calls_of(workshop))
        ).prefetch_related("themes")
    )
    themes: dict = {}
    for contribution in sorted(contributions, key=lambda c: c.title.lower()):
        chosen = list(contribution.themes.all()) or [None]
        for theme in chosen:
            themes.setdefault(theme, []).append(contribution)
    return sorted(
        themes.items(),
        key=lambda pair: (pair[0] is None, pair[0].position if pair[0] else 0, str(pair[0])),
    )


def pack_exists(workshop: Workshop) -> bool:
    return public_contributions().filter(call__in=_calls_of(workshop)).exists()


def _calls_of(workshop: Workshop):
    calls = Call.objects.filter(workshop=workshop)
    if workshop.series_id:
        calls = calls | Call.objects.filter(series_id=workshop.series_id)
    return calls


EXPORT_HEADER = (
    _("Number"),
    _("Title"),
    _("Summary"),
    _("What happened"),
    _("Groups affected"),
    _("Who, in the contributor's words"),
    _("Sectors"),
    _("Effect on inequality"),
    _("Related to COVID-19"),
    _("Levels"),
    _("Country"),
    _("Region or city"),
    _("Workshop"),
    _("Links"),
    _("Contributor"),
    _("Organisation"),
)
# The organisers' full export adds what is not public: who, and where the review stands.
ORGANISER_HEADER = (*EXPORT_HEADER, _("Email"), _("State"), _("How it may be shown"))


def export_rows(contributions: QuerySet[Contribution], *, public: bool):
    """Rows for the exports: the classification as names; the author only where allowed.
    The organisers' export (`public=False`) leaves the author out too while an anonymised
    review is undecided: reviewers would otherwise read there what their pages hide."""
    for contribution in with_classification(contributions).order_by("pk").iterator(chunk_size=500):
        named = (
            contribution.visibility == "public_named"
            if public
            else shows_author(None, contribution)
        )
        yield [
            contribution.pk,
            contribution.title,
            contribution.summary,
            contribution.body,
            "; ".join(group.name for group in contribution.groups.all()),
            contribution.groups_described,
            "; ".join(sector.name for sector in contribution.sectors.all()),
            contribution.get_effect_display(),
            {True: _("Yes"), False: _("No"), None: ""}[contribution.covid],
            "; ".join(level.name for level in contribution.levels.all()),
            contribution.country,
            contribution.region,
            contribution.call.workshop.title if contribution.call.workshop_id else "",
            "; ".join(contribution.evidence_links),
            (contribution.author.display_name or "") if named else "",
            (contribution.organisation.name if contribution.organisation_id else "")
            if named
            else "",
            *(
                []
                if public
                else [
                    contribution.author.email if named else "",
                    contribution.get_state_display(),
                    contribution.get_visibility_display(),
                ]
            ),
        ]
