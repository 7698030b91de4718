"""What the recommendation tracker reads: the public recommendations, filtered and sorted, one
recommendation with its whole trail, the rows of its spreadsheet, the plan of an import, and
the recommendations whose owners are due a reminder.

Every public read starts from `public_recommendations`: a recommendation is public once its
workshop's report is published, unless it was merged into another (then it shows on that
one's page as one of its sources). Each page's query count stays the same whatever the number
of recommendations, updates or supporters.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import CharField, Count, Exists, F, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contributions.models import Contribution
from contributions.selectors.contributions import public_contributions
from networks.models import FourR, Level, Network, Organisation
from socialjustice.models import Mailing
from workshops.models import Workshop

from ..enums import RecommendationStatus, ReportState
from ..models import Recommendation, Support, Update

CLOSED = (RecommendationStatus.DONE, RecommendationStatus.DROPPED)
SORTS = {"due": gettext_lazy("Due date, soonest first"), "support": gettext_lazy("Most supported")}
DUE_SOON_DAYS = 7
# A reminder mailing's key: one per recommendation, kind and due date (breakouts/emails.py).
REMINDER_KEY = "recommendation:{pk}:{kind}:{due}"


def public_recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        group__workshop__report__state=ReportState.PUBLISHED, merged_into=None
    )


def _support_count():
    counted = (
        Support.objects.filter(recommendation=OuterRef("pk"))
        .order_by()
        .values("recommendation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def _with_details(rows: QuerySet) -> QuerySet:
    return rows.select_related(
        "group__workshop", "level", "four_r", "category", "owner_network", "owner_organisation"
    ).annotate(support_count=_support_count())


@dataclass(frozen=True)
class Filters:
    """What a visitor chose, checked by forms/tracker.py: slugs, a status, an owner as
    "network:<slug>" or "organisation:<slug>", and the sort."""

    workshop: str = ""
    status: str = ""
    level: str = ""
    four_r: str = ""
    owner: str = ""
    network: str = ""  # a network involved in the workshop the recommendation came from
    sort: str = "due"
    nothing: bool = False  # a choice that names nothing: no results


def tracked(filters: Filters) -> QuerySet[Recommendation]:
    """The public recommendations the filters choose, in the order chosen."""
    rows = public_recommendations()
    if filters.nothing:
        return _with_details(rows.none())
    if filters.workshop:
        rows = rows.filter(group__workshop__slug=filters.workshop)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.level:
        rows = rows.filter(level__slug=filters.level)
    if filters.four_r:
        rows = rows.filter(four_r__slug=filters.four_r)
    if filters.owner:
        kind, _sep, slug = filters.owner.partition(":")
        rows = rows.filter(**{f"owner_{kind}__slug": slug})
    if filters.network:
        involved = Workshop.networks.through.objects.filter(network__slug=filters.network)
        rows = rows.filter(group__workshop_id__in=involved.values("workshop_id"))
    due = F("due_on").asc(nulls_last=True)
    order = ("-support_count", due, "pk") if filters.sort == "support" else (due, "pk")
    return _with_details(rows).order_by(*order)


def tracker_choices() -> dict:
    """What each filter offers: the workshops with public recommendations (latest first), the
    levels, the 4Rs, the networks, and the organisations that own a public recommendation."""
    public = public_recommendations()
    return {
        "workshops": list(
            Workshop.objects.filter(pk__in=public.values("group__workshop_id"))
            .order_by("-starts_at", "title")
            .values_list("slug", "title")
        ),
        "levels": list(Level.objects.order_by("position", "name").values_list("slug", "name")),
        "four_rs": list(FourR.objects.order_by("position", "name").values_list("slug", "name")),
        "networks": list(Network.objects.order_by("name").values_list("slug", "name")),
        "organisations": list(
            Organisation.objects.filter(pk__in=public.values("owner_organisation_id"))
            .order_by("name")
            .values_list("slug", "name")
        ),
    }


# One recommendation's page


def recommendation_for_page(pk: int, *, user) -> Recommendation:
    """One recommendation (public or not: the view decides who sees it) with its details, its
    number of supporters and whether `user` is one (Recommendation.DoesNotExist if none)."""
    mine = (
        Exists(Support.objects.filter(recommendation=OuterRef("pk"), person=user.pk))
        if user.is_authenticated
        else Value(False)
    )
    return (
        _with_details(Recommendation.objects.select_related("group__workshop__report"))
        .annotate(supported=mine)
        .get(pk=pk)
    )


def is_public(recommendation: Recommendation) -> bool:
    report = getattr(recommendation.group.workshop, "report", None)
    return (
        report is not None
        and report.state == ReportState.PUBLISHED
        and recommendation.merged_into_id is None
    )


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    by: str
    changes: list[str]
    note: str


def who(person) -> str:
    """A person as the public trail names them: never their email address."""
    return (person.display_name if person else "") or _("Someone")


def describe_changes(changes: dict) -> list[str]:
    """An Update's changes in words: "Status: Proposed → Agreed"."""
    statuses = dict(RecommendationStatus.choices)

    def day(value):
        return date_format(date.fromisoformat(value), "j F Y") if value else _("none")

    words = {
        "status": (_("Status"), lambda value: str(statuses.get(value, value))),
        "progress": (_("Progress"), lambda value: f"{value}%"),
        "due_on": (_("Due"), day),
    }
    return [
        f"{label}: {show(changes[name][0])} → {show(changes[name][1])}"
        for name, (label, show) in words.items()
        if name in changes
    ]


def trail(recommendation: Recommendation) -> dict:
    """Where it came from and what happened since: its other sources (the duplicates merged
    into it, each with its group and workshop), the public contributions behind any of them,
    and every update, newest first."""
    sources = list(
        Recommendation.objects.filter(merged_into=recommendation)
        .select_related("group__workshop")
        .order_by("created_at", "pk")
    )
    behind = Contribution.recommendations.through.objects.filter(
        recommendation_id__in=[recommendation.pk, *(source.pk for source in sources)]
    )
    contributions = list(
        public_contributions()
        .filter(pk__in=behind.values("contribution_id"))
        .order_by("title", "pk")
        .only("pk", "title", "summary")
    )
    updates = Update.objects.filter(recommendation=recommendation).select_related("by")
    return {
        "sources": sources,
        "contributions": contributions,
        "updates": [
            TrailEntry(u.created_at, who(u.by), describe_changes(u.changes), u.note)
            for u in updates.order_by("-created_at", "-pk")
        ],
    }


def last_update_pk(recommendation: Recommendation) -> int:
    """The newest update's id (0 if none): a form remembers it to notice a later one."""
    newest = Update.objects.filter(recommendation=recommendation).order_by("-created_at", "-pk")
    return newest.values_list("pk", flat=True).first() or 0


# The spreadsheet

EXPORT_HEADER = (
    gettext_lazy("Number"),
    gettext_lazy("Recommendation"),
    gettext_lazy("Workshop"),
    gettext_lazy("Group"),
    gettext_lazy("Level"),
    gettext_lazy("4R"),
    gettext_lazy("Kind of action"),
    gettext_lazy("Owner (network)"),
    gettext_lazy("Owner (organisation)"),
    gettext_lazy("Status"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Due"),
    gettext_lazy("Supporters"),
    gettext_lazy("Last update"),
    gettext_lazy("Note"),
)
# The columns an import reads (forms/tracker.py), by the export's headings or these plain
# names; the others are there to read, and are ignored.
IMPORTED = {"number": 0, "status": 9, "progress": 10, "due": 11, "note": 14}


def export_rows(rows: QuerySet[Recommendation]):
    last = Update.objects.filter(recommendation=OuterRef("pk")).values("recommendation")
    rows = rows.annotate(last_update=Subquery(last.annotate(at=Max("created_at")).values("at")))
    for row in rows.iterator(chunk_size=500):
        yield [
            row.pk,
            row.text,
            row.group.workshop.title,
            row.group.name,
            row.level.name if row.level else "",
            row.four_r.name if row.four_r else "",
            row.category.name if row.category else "",
            row.owner_network.name if row.owner_network else "",
            row.owner_organisation.name if row.owner_organisation else "",
            row.get_status_display(),
            row.progress,
            row.due_on.isoformat() if row.due_on else "",
            row.support_count,
            timezone.localdate(row.last_update).isoformat() if row.last_update else "",
            "",
        ]


@dataclass
class PlannedRow:
    """One line of an imported file: the recommendation it names, what would change, the
    note it adds, and what is wrong with it."""

    line: int
    number: str
    recommendation: Recommendation | None = None
    changes: dict = field(default_factory=dict)
    note: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def described(self) -> list[str]:
        return describe_changes(self.changes)


@dataclass
class Plan:
    """What importing a file would do. Nothing is saved unless every line is right."""

    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows)

    @property
    def updates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.changes or row.note]

    @property
    def shown(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.changes or row.note or row.errors]

    @property
    def unchanged(self) -> int:
        return len(self.rows) - len(self.shown)

    @property
    def digest(self) -> str:
        """What the preview showed, in short: a confirmation applies exactly this or nothing."""
        planned = [[row.recommendation.pk, row.changes, row.note] for row in self.updates]
        return hashlib.sha256(json.dumps(planned, sort_keys=True).encode()).hexdigest()


def changes_of(recommendation: Recommendation, values: dict) -> dict:
    """What `values` would change, as an Update keeps it: {"status": [old, new], …}, days
    as text. A value not given is left as it is."""
    changes = {}
    for name in ("status", "progress", "due_on"):
        if name in values and values[name] != getattr(recommendation, name):
            pair = (getattr(recommendation, name), values[name])
            changes[name] = [
                value.isoformat() if isinstance(value, date) else value for value in pair
            ]
    return changes


def plan_import(lines, *, by) -> Plan:
    """What importing these lines (forms/tracker.py's `Line`s) would change, with every
    error: a number that names no recommendation in the tracker, one named twice, a value
    that is not right, or a recommendation `by` may not update."""
    numbers = [int(line.number) for line in lines if line.number.isdigit()]
    known = {
        row.pk: row
        for row in public_recommendations()
        .filter(pk__in=numbers)
        .select_related("group__workshop", "owner_network")
        .prefetch_related("group__workshop__organisers")
    }
    plan, seen = Plan(), {}
    for line in lines:
        row = PlannedRow(line=line.line, number=line.number, errors=list(line.errors))
        plan.rows.append(row)
        recommendation = known.get(int(line.number)) if line.number.isdigit() else None
        if recommendation is None:
            row.errors.insert(
                0,
                _("No recommendation in the tracker has the number “%(n)s”.") % {"n": line.number},
            )
            continue
        if recommendation.pk in seen:
            row.errors.insert(
                0,
                _("This recommendation is on row %(line)s too.")
                % {"line": seen[recommendation.pk]},
            )
            continue
        seen[recommendation.pk] = line.line
        row.recommendation = recommendation
        if not by.has_perm("breakouts.update_recommendation", recommendation):
            row.errors.insert(
                0,
                _("You may not update this recommendation: its owner's coordinators and the "
                  "organisers may."),
            )  # fmt: skip
        if not row.errors:
            row.changes = changes_of(recommendation, line.values)
            row.note = line.note
    return plan


# Reminders to owners


def _reminded(kind: str) -> Exists:
    key = Concat(
        Value("recommendation:"),
        Cast(OuterRef("pk"), CharField()),
        Value(f":{kind}:"),
        Cast(OuterRef("due_on"), CharField()),
        output_field=CharField(),
    )
    return Exists(Mailing.objects.filter(key=key))


def due_reminders(*, kind: str, today: date) -> QuerySet[Recommendation]:
    """Public recommendations still open, owned by a network, whose coordinators are due a
    reminder of this kind and have not had it for this due date: "due_soon" in the week
    before the due date, "overdue" once it has passed with no update since it."""
    rows = public_recommendations().filter(owner_network__isnull=False).exclude(status__in=CLOSED)
    if kind == "due_soon":
        rows = rows.filter(due_on__gt=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    else:
        updated = Update.objects.filter(
            recommendation=OuterRef("pk"), created_at__date__gte=OuterRef("due_on")
        )
        rows = rows.filter(due_on__lt=today).exclude(Exists(updated))
    return rows.exclude(_reminded(kind)).order_by("due_on", "pk")
