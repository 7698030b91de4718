"""The research agenda: the research questions and designs of every workshop whose breakout
report is published, by theme and then level, and the organisations offering to be research
sites, narrowed by equality group and sector.

Every read starts from `published_entries`, so nothing of a workshop that is not published, or
whose report is not, can reach the page; a site offer's contact (organisers only) is never
even selected. The page's query count stays the same whatever the number of entries.
"""

import re
from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.text import slugify

from contributions.selectors.contributions import public_contributions
from networks.models import EqualityGroup, Level, Organisation, Sector, Theme
from workshops.enums import WorkshopState
from workshops.models import Workshop

from ..enums import EntryKind, ReportState
from ..models import Entry

PAGE_SIZE = 50
SITES_PAGE_SIZE = 50
AGENDA_KINDS = (EntryKind.QUESTION, EntryKind.DESIGN)
# "Workshop 2: Leadership for Equity": the numbering of a series says nothing of the theme.
WORKSHOP_NUMBER = re.compile(r"^\s*workshop\s*\d+\s*[:.\-–]\s*", re.IGNORECASE)
# What a row of the page needs, and nothing else: never the contact.
ENTRY_COLUMNS = (
    "kind",
    "text",
    "position",
    "level__name",
    "level__slug",
    "level__position",
    "group__name",
    "group__position",
    "group__workshop__title",
    "group__workshop__slug",
    "group__workshop__starts_at",
)
SITE_COLUMNS = (
    "kind",
    "text",
    "organisation__name",
    "organisation__place",
    "group__name",
    "group__workshop__title",
    "group__workshop__slug",
    "group__workshop__starts_at",
)


@dataclass(frozen=True)
class Filters:
    """What a visitor chose, by slug (checked by the view)."""

    equality_group: str = ""
    sector: str = ""


@dataclass
class LevelEntries:
    level: Level | None  # None: no level given
    entries: list[Entry]


@dataclass
class ThemeEntries:
    theme: Theme | None  # None: "Other themes"
    levels: list[LevelEntries] = field(default_factory=list)


@dataclass
class Agenda:
    themes: list[ThemeEntries]  # this page's questions and designs
    page: Page
    sites: Page
    equality_groups: list[EqualityGroup]
    sectors: list[Sector]


def published_entries(kinds) -> QuerySet[Entry]:
    """Entries of these kinds recorded at published workshops whose report is published."""
    return Entry.objects.filter(
        kind__in=kinds,
        group__workshop__state=WorkshopState.PUBLISHED,
        group__workshop__report__state=ReportState.PUBLISHED,
    )


def _vocabularies() -> dict[str, list]:
    """The themes, equality groups and sectors, in their order, from one query."""
    models = {"theme": Theme, "group": EqualityGroup, "sector": Sector}
    parts = [
        model.objects.annotate(vocabulary=Value(name)).values_list(
            "vocabulary", "pk", "slug", "name", "position"
        )
        for name, model in models.items()
    ]
    found = {name: [] for name in models}
    for name, pk, slug, label, position in parts[0].union(*parts[1:], all=True):
        found[name].append(models[name](pk=pk, slug=slug, name=label, position=position))
    for terms in found.values():
        terms.sort(key=lambda term: (term.position, term.name))
    return found


def theme_of_workshop(text: str, themes: list[Theme]) -> Theme | None:
    """The theme a workshop's own theme text names ("Leadership for equity", or "Workshop 2:
    Leadership for Equity"), compared as slugs so that case and punctuation do not matter;
    None when it names none of them (free text such as "The Power of Networks")."""
    known = {}
    for theme in themes:
        known.setdefault(theme.slug, theme)
        known.setdefault(slugify(theme.name), theme)
    for candidate in (text, WORKSHOP_NUMBER.sub("", text)):
        theme = known.get(slugify(candidate))
        if theme is not None:
            return theme
    return None


def _theme_rank(themes: list[Theme]) -> Case:
    """Each entry's theme as its place in the themes' order: its own theme, else its
    workshop's, else after them all ("Other themes")."""
    workshops = {}
    texts = (
        Workshop.objects.filter(state=WorkshopState.PUBLISHED, report__state=ReportState.PUBLISHED)
        .exclude(theme="")
        .values_list("pk", "theme")
    )
    for pk, text in texts:
        theme = theme_of_workshop(text, themes)
        if theme is not None:
            workshops.setdefault(theme.pk, []).append(pk)
    own = [When(theme_id=theme.pk, then=Value(rank)) for rank, theme in enumerate(themes)]
    taken = [
        When(theme__isnull=True, group__workshop_id__in=workshops[theme.pk], then=Value(rank))
        for rank, theme in enumerate(themes)
        if theme.pk in workshops
    ]
    return Case(*own, *taken, default=Value(len(themes)), output_field=IntegerField())


def _discussed_naming(relation: str, slug: str) -> Exists:
    """The entry's group discussed a public example of practice naming this equality group
    (`groups`) or sector (`sectors`)."""
    return Exists(
        public_contributions().filter(
            breakout_groups=OuterRef("group_id"), **{f"{relation}__slug": slug}
        )
    )


def _organisation_naming(relation: str, slug: str) -> Exists:
    """The offer's organisation serves this equality group or works in this sector, as the
    directory says."""
    through = getattr(Organisation, relation).through
    column = "equalitygroup" if relation == "equality_groups" else "sector"
    return Exists(
        through.objects.filter(
            organisation_id=OuterRef("organisation_id"), **{f"{column}__slug": slug}
        )
    )


def agenda_entries(filters: Filters, themes: list[Theme]) -> QuerySet[Entry]:
    """The research questions and designs, in the agenda's order: by theme, then level (those
    without one last), questions before designs, the latest workshop first."""
    entries = published_entries(AGENDA_KINDS)
    if filters.equality_group:
        entries = entries.filter(_discussed_naming("groups", filters.equality_group))
    if filters.sector:
        entries = entries.filter(_discussed_naming("sectors", filters.sector))
    return (
        entries.select_related("group__workshop", "level")
        .only(*ENTRY_COLUMNS)
        .annotate(theme_rank=_theme_rank(themes))
        .order_by(
            "theme_rank",
            F("level__position").asc(nulls_last=True),
            "level__name",
            "level_id",
            Case(When(kind=EntryKind.QUESTION, then=Value(0)), default=Value(1)),
            "-group__workshop__starts_at",
            "group__workshop_id",
            "group__position",
            "group_id",
            "position",
            "pk",
        )
    )


def site_offers(filters: Filters) -> QuerySet[Entry]:
    """The organisations offering to be research sites, by name, each with its sectors."""
    offers = published_entries((EntryKind.SITE,))
    if filters.equality_group:
        offers = offers.filter(_organisation_naming("equality_groups", filters.equality_group))
    if filters.sector:
        offers = offers.filter(_organisation_naming("sectors", filters.sector))
    return (
        offers.select_related("organisation", "group__workshop")
        .only(*SITE_COLUMNS)
        .prefetch_related("organisation__sectors")
        .order_by(
            Lower(Coalesce("organisation__name", "text")), "-group__workshop__starts_at", "pk"
        )
    )


def _by_theme(entries, themes: list[Theme]) -> list[ThemeEntries]:
    found = []
    for rank, of_theme in groupby(entries, key=lambda entry: entry.theme_rank):
        section = ThemeEntries(theme=themes[rank] if rank < len(themes) else None)
        for _level, of_level in groupby(of_theme, key=lambda entry: entry.level_id):
            listed = list(of_level)
            section.levels.append(LevelEntries(level=listed[0].level, entries=listed))
        found.append(section)
    return found


def research_agenda(filters: Filters, *, page=None, sites_page=None) -> Agenda:
    """One page of the agenda, grouped; the site offers' page; the filters' choices."""
    vocabularies = _vocabularies()
    themes = vocabularies["theme"]
    entries = Paginator(agenda_entries(filters, themes), PAGE_SIZE).get_page(page)
    sites = Paginator(site_offers(filters), SITES_PAGE_SIZE).get_page(sites_page)
    return Agenda(
        themes=_by_theme(entries.object_list, themes),
        page=entries,
        sites=sites,
        equality_groups=vocabularies["group"],
        sectors=vocabularies["sector"],
    )
