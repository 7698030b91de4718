"""Reads of contributions: the public collection with its search and facets, one page, a
person's own, the workshop pack and the exports.

Public means accepted and allowed by the author (`public_contributions`): every public read
starts there, so no draft, pending, declined, withdrawn or organisers-only contribution can
reach a list, a count, a search, an export or the pack.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Level, Sector, Theme
from workshops.models import Workshop

from ..enums import ContributionState, Effect
from ..models import Call, Contribution
from ..permissions import PUBLIC_VISIBILITIES

MARK_START, MARK_STOP = "\x02", "\x03"


def public_contributions() -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        state=ContributionState.ACCEPTED, visibility__in=PUBLIC_VISIBILITIES
    )


def _with_classification(contributions: QuerySet) -> QuerySet:
    return contributions.select_related(
        "call__workshop", "call__series", "author", "organisation"
    ).prefetch_related(
        Prefetch("groups", queryset=EqualityGroup.objects.order_by("position", "name")),
        Prefetch("sectors", queryset=Sector.objects.order_by("position", "name")),
        Prefetch("levels", queryset=Level.objects.order_by("position", "name")),
    )


@dataclass(frozen=True)
class Filters:
    """What a visitor chose: all in the address, checked by forms/search.py."""

    q: str = ""
    groups: tuple[str, ...] = ()  # slugs; two or more is an intersection
    sector: str = ""
    effect: str = ""
    covid: str = ""  # "yes", "no" or ""
    level: str = ""
    workshop: str = ""
    country: str = ""


@dataclass
class Choice:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Facet:
    name: str
    label: str
    choices: list[Choice] = field(default_factory=list)


def _through(relation: str):
    return getattr(Contribution, relation).through


def _filtered(filters: Filters) -> QuerySet[Contribution]:
    contributions = public_contributions()
    for slug in filters.groups:
        # One condition a group: a contribution must name every group chosen.
        contributions = contributions.filter(
            Exists(
                _through("groups").objects.filter(
                    contribution=OuterRef("pk"), equalitygroup__slug=slug
                )
            )
        )
    if filters.sector:
        contributions = contributions.filter(
            Exists(
                _through("sectors").objects.filter(
                    contribution=OuterRef("pk"), sector__slug=filters.sector
                )
            )
        )
    if filters.level:
        contributions = contributions.filter(
            Exists(
                _through("levels").objects.filter(
                    contribution=OuterRef("pk"), level__slug=filters.level
                )
            )
        )
    if filters.effect:
        contributions = contributions.filter(effect=filters.effect)
    if filters.covid:
        contributions = contributions.filter(covid=filters.covid == "yes")
    if filters.workshop:
        contributions = contributions.filter(call__workshop__slug=filters.workshop)
    if filters.country:
        contributions = contributions.filter(country__iexact=filters.country)
    if filters.q:
        contributions = contributions.filter(search_vector=_query(filters.q))
    return contributions


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config="english")


def search(filters: Filters) -> QuerySet[Contribution]:
    """The public contributions matching the filters: best match first when searching (the
    matching words highlighted in `headline`), newest first otherwise."""
    contributions = _with_classification(_filtered(filters))
    if filters.q:
        query = _query(filters.q)
        return contributions.annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=SearchHeadline(
                "summary",
                query,
                config="english",
                # Marks no text can contain: the template escapes the rest, then makes these
                # the <mark> tags (templatetags/contribution_filters.py).
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                highlight_all=True,
            ),
        ).order_by("-rank", "-submitted_at", "-pk")
    return contributions.order_by("-submitted_at", "-pk")


def facets(filters: Filters) -> list[Facet]:
    """Each facet's choices with the number of results each would give: counted within the
    current results, so choosing one gives exactly that many. One query a facet."""
    ids = _filtered(filters).values("pk")
    groups = _m2m_counts("groups", "equalitygroup", ids)
    sectors = _m2m_counts("sectors", "sector", ids)
    levels = _m2m_counts("levels", "level", ids)
    effects = dict(
        Contribution.objects.filter(pk__in=ids)
        .exclude(effect="")
        .values_list("effect")
        .annotate(n=Count("pk"))
        .order_by()
    )
    covid = dict(
        Contribution.objects.filter(pk__in=ids, covid__isnull=False)
        .values_list("covid")
        .annotate(n=Count("pk"))
        .order_by()
    )
    workshops = list(
        Workshop.objects.filter(calls__contributions__in=ids)
        .values_list("slug", "title")
        .annotate(n=Count("calls__contributions"))
        .order_by("-starts_at")
    )
    countries = list(
        Contribution.objects.filter(pk__in=ids)
        .exclude(country="")
        .values_list("country")
        .annotate(n=Count("pk"))
        .order_by("country")
    )
    return [
        Facet("groups", _("Groups affected"), [
            Choice(slug, name, n, slug in filters.groups) for slug, name, n in groups
        ]),
        Facet("sector", _("Public service sector"), [
            Choice(slug, name, n, slug == filters.sector) for slug, name, n in sectors
        ]),
        Facet("effect", _("Effect on inequality"), [
            Choice(value, str(label), effects[value], value == filters.effect)
            for value, label in Effect.choices
            if effects.get(value)
        ]),
        Facet("covid", _("Related to COVID-19"), [
            Choice(value, label, covid[flag], value == filters.covid)
            for value, label, flag in (("yes", _("Yes"), True), ("no", _("No"), False))
            if covid.get(flag)
        ]),
        Facet("level", _("Level"), [
            Choice(slug, name, n, slug == filters.level) for slug, name, n in levels
        ]),
        Facet("workshop", _("Workshop"), [
            Choice(slug, title, n, slug == filters.workshop) for slug, title, n in workshops
        ]),
        Facet("country", _("Country"), [
            Choice(country, country, n, country.lower() == filters.country.lower())
            for country, n in countries
        ]),
    ]  # fmt: skip


def _m2m_counts(relation: str, column: str, ids) -> list[tuple[str, str, int]]:
    return list(
        _through(relation)
        .objects.filter(contribution__in=ids)
        .values_list(f"{column}__slug", f"{column}__name")
        .annotate(n=Count("contribution"))
        .order_by(f"{column}__position", f"{column}__name")
    )


def public_contribution(*, pk: int) -> Contribution:
    return _with_classification(public_contributions()).get(pk=pk)


def contribution_with_classification(*, pk: int) -> Contribution:
    return _with_classification(Contribution.objects.all()).get(pk=pk)


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
        _with_classification(
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
    """Rows for the exports: the classification as names; the author only where allowed."""
    for contribution in _with_classification(contributions).order_by("pk").iterator(chunk_size=500):
        named = not public or contribution.visibility == "public_named"
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
                    contribution.author.email,
                    contribution.get_state_display(),
                    contribution.get_visibility_display(),
                ]
            ),
        ]
