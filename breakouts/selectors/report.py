"""A workshop's report: every group's outputs, gathered for its page, its downloads and the
organisers' editing page, in a fixed number of queries whatever the number of groups."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from contributions.enums import ContributionState, Visibility
from contributions.models import Contribution
from workshops.models import Workshop

from ..enums import CorrectionState, EntryKind, Horizon, ReportState, SectionKind
from ..models import Correction, Entry, Group, Recommendation, Report

PUBLIC_CONTRIBUTION = Q(state=ContributionState.ACCEPTED) & ~Q(visibility=Visibility.ORGANISERS)


def published_report(slug: str) -> Report | None:
    return (
        Report.objects.select_related("workshop")
        .filter(workshop__slug=slug, state=ReportState.PUBLISHED)
        .first()
    )


def report_of(workshop: Workshop) -> Report | None:
    return Report.objects.filter(workshop=workshop).first()


@dataclass
class GroupOutputs:
    """One group's record, its parts sorted out for the report."""

    group: Group
    sections: list = field(default_factory=list)  # (label, text), the non-empty ones
    entries: dict = field(default_factory=dict)  # EntryKind -> [Entry]
    recommendations: list = field(default_factory=list)
    contributions: list = field(default_factory=list)


@dataclass
class ReportContents:
    groups: list[GroupOutputs]
    # [(level name, [(category name, [Recommendation])])]; merged duplicates are listed
    # under the recommendation they were merged into (`.sources`).
    recommendations: list
    questions: list[Entry]
    designs: list[Entry]
    sites: list[str]  # organisation names only: contacts are for organisers
    priorities: list  # [(horizon label, [Entry])]
    next_steps: list[Entry]

    @property
    def recommendation_count(self) -> int:
        return sum(
            len(items) for _level, categories in self.recommendations for _c, items in categories
        )

    @property
    def is_empty(self) -> bool:
        return not any(
            outputs.sections or outputs.entries or outputs.recommendations
            for outputs in self.groups
        )


def _groups(workshop: Workshop) -> QuerySet[Group]:
    recommendations = Recommendation.objects.select_related(
        "level", "four_r", "category", "owner_network", "owner_organisation", "group"
    ).prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.filter(PUBLIC_CONTRIBUTION))
    )
    return (
        Group.objects.filter(workshop=workshop)
        .select_related("item")
        .prefetch_related(
            "sections",
            Prefetch("entries", queryset=Entry.objects.select_related("organisation")),
            Prefetch("recommendations", queryset=recommendations),
            Prefetch(
                "contributions",
                queryset=Contribution.objects.filter(PUBLIC_CONTRIBUTION).order_by("title"),
            ),
        )
        .order_by("item__starts_at", "position", "pk")
    )


def _by_level_and_category(recommendations: list[Recommendation]) -> list:
    def level_key(item):
        level = item.level
        return (level is None, level.position if level else 0, level.name if level else "")

    def category_key(item):
        category = item.category
        return (category is None, category.position if category else 0, str(category or ""))

    levels: dict = {}
    for item in sorted(recommendations, key=lambda item: (level_key(item), category_key(item))):
        level = item.level.name if item.level else _("Level not given")
        category = item.category.name if item.category else _("No category given")
        levels.setdefault(level, {}).setdefault(category, []).append(item)
    return [(level, list(categories.items())) for level, categories in levels.items()]


def report_contents(workshop: Workshop) -> ReportContents:
    """What the report shows, for everyone who may read it: site-offer contacts stay out."""
    groups = list(_groups(workshop))
    outputs, all_recommendations, entries = [], [], []
    labels = dict(SectionKind.choices)
    for group in groups:
        sections = sorted(group.sections.all(), key=lambda s: list(labels).index(s.kind))
        by_kind: dict = {}
        for entry in group.entries.all():
            by_kind.setdefault(entry.kind, []).append(entry)
            entries.append(entry)
        recommendations = list(group.recommendations.all())
        all_recommendations.extend(recommendations)
        outputs.append(
            GroupOutputs(
                group=group,
                sections=[(labels[s.kind], s.text) for s in sections if s.text.strip()],
                entries=by_kind,
                recommendations=[r for r in recommendations if r.merged_into_id is None],
                contributions=list(group.contributions.all()),
            )
        )
    sources: dict = {}
    for item in all_recommendations:
        if item.merged_into_id is not None:
            sources.setdefault(item.merged_into_id, []).append(item)
    main = [item for item in all_recommendations if item.merged_into_id is None]
    for item in main:
        item.sources = sources.get(item.pk, [])
    horizons = dict(Horizon.choices)
    priorities = [
        (label, [e for e in entries if e.kind == EntryKind.PRIORITY and e.horizon == value])
        for value, label in horizons.items()
    ]
    unsorted = [e for e in entries if e.kind == EntryKind.PRIORITY and not e.horizon]
    if unsorted:
        priorities.append((_("Horizon not given"), unsorted))
    sites = []
    for entry in entries:
        if entry.kind == EntryKind.SITE:
            name = entry.organisation.name if entry.organisation else entry.text
            if name and name not in sites:
                sites.append(name)
    return ReportContents(
        groups=outputs,
        recommendations=_by_level_and_category(main),
        questions=[e for e in entries if e.kind == EntryKind.QUESTION],
        designs=[e for e in entries if e.kind == EntryKind.DESIGN],
        sites=sites,
        priorities=[(label, items) for label, items in priorities if items],
        next_steps=[e for e in entries if e.kind == EntryKind.NEXT_STEP],
    )


def merge_choices(workshop: Workshop) -> list[Recommendation]:
    """The workshop's recommendations an organiser can merge, with their groups."""
    return list(
        Recommendation.objects.filter(group__workshop=workshop)
        .select_related("group", "merged_into")
        .order_by("group__position", "group__pk", "position", "pk")
    )


def corrections_of(report: Report) -> list[Correction]:
    """Those waiting for a decision first, each kind oldest first."""
    corrections = report.corrections.select_related("author").order_by("created_at", "pk")
    return sorted(corrections, key=lambda c: c.state != CorrectionState.PENDING)


def pending_corrections(report: Report) -> int:
    return report.corrections.filter(state=CorrectionState.PENDING).count()
