"""The Django side of the breakouts benchmark: its data set, its autosave group, the PDF build.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.breakouts_data load|setup|check GROUP|pdf WORKSHOP|cleanup

bench/breakouts.py runs each command with the environment gunicorn gets (the same secret key,
so the sessions made here are valid there, and the same Celery queue). Each prints one line of
JSON on stdout; progress goes to stderr.

load     adds, once, to each of the 100 latest past synthetic workshops (bench/data.py's) 8
         groups of its first breakout item, 30 items each (the 3 sections, 17 entries of the 5
         kinds, 10 recommendations with a level, 4R, category, owner, status and due date, a
         few merged), and a published report, in bulk. Run again, it adds nothing.
setup    deletes what an earlier run left, then makes a draft workshop with one group recorded
         the same way and 20 facilitators of it, each signed in.
check    each section's and entry's version and revisions in that group, after the saves.
pdf      empties the reports' page cache and builds a report's PDF as the worker does
         (keep_report_pdf), timed: its bytes, pages and queries.
cleanup  deletes the autosave workshop and its activity, and the Celery messages nobody will
         consume (the tasks the PDF requests published).
"""

import json
import random
import sys
import time
from collections import Counter
from datetime import time as clock
from datetime import timedelta
from io import BytesIO

import django
import redis

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group as Role  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.contributions_data import PEOPLE, PLACES, PRACTICES, pick  # noqa: E402
from bench.data import BREAKOUT_PROMPTS, SLUG_PREFIX, check_database  # noqa: E402
from bench.sessions import signed_in  # noqa: E402
from breakouts.enums import EntryKind, Horizon, RecommendationStatus, ReportState  # noqa: E402
from breakouts.models import Entry, Group, Recommendation, Report, Revision, Section  # noqa: E402
from breakouts.pages import REPORT_PAGES  # noqa: E402
from breakouts.selectors.agenda import AGENDA_KINDS, published_entries  # noqa: E402
from breakouts.selectors.tracker import Filters, public_recommendations, tracked  # noqa: E402
from breakouts.views.report import PDF, keep_report_pdf, report_pdf  # noqa: E402
from networks import models as terms  # noqa: E402
from socialjustice.models import ActivityLog  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402
from workshops.enums import ProgrammeKind, WorkshopFormat, WorkshopState  # noqa: E402
from workshops.models import ProgrammeItem, Workshop  # noqa: E402

WORKSHOPS = 100
# Each group's name and the sector it discusses (a slug of the seeded sectors).
GROUPS = {
    "Health and care": "health",
    "Housing and homelessness": "housing",
    "Schools and young people": "education",
    "Work and income": "employment",
    "Policing and community safety": "policing-and-justice",
    "Transport and getting about": "transport",
    "Councils and local services": "local-government",
    "Care at home": "social-care",
}
# 30 items a group: the 3 sections, these 17 entries and 10 recommendations.
ENTRIES = {"priority": 4, "question": 4, "design": 3, "site": 3, "next_step": 3}
RECOMMENDATIONS = 10
MERGED_PER_WORKSHOP = 2  # duplicates merged into a recommendation of another group
STATUSES = (RecommendationStatus.values, [30, 25, 25, 12, 8])
# The tracker's filtered page: one status and one level (bench/breakouts.py asks for it).
FILTER = {"status": "in_progress", "level": "service-level"}
AUTOSAVE_PREFIX = "bench-breakouts-autosave-"
FACILITATORS = 20  # one for each section and entry: 3 + 17
SEED = 2026
PARTS = {"sections": Section, "entries": Entry, "recommendations": Recommendation}
# What groups say, by part, with {people}, {practice} and {place} from
# bench/contributions_data.py's phrases for the group's sector.
TEXTS = {
    "notes": "The group began with {practice} and what it meant for {people} in {place}."
    "|Several members said {people} were not asked before {practice} came in.|An officer "
    "described how {practice} was funded, and what happened when the money ran out.|The group "
    "agreed the data on {people} is too thin to show whether anything improved.",
    "chat": "“{people} need to be in the room.”|“Who evaluated {practice}?”|“Same in {place}.”",
    "challenges": "What works: {practice}, where {people} helped shape it.|What prevents it: "
    "short-term funding, and no data on {people}.",
    "priority": "Make {practice} reachable for {people}|Ask {people} before {practice} changes",
    "question": "How did {practice} affect {people}, and how would we know?|Who is missing "
    "from the data on {practice}?",
    "design": "A participatory evaluation of {practice}, with {people} as co-researchers"
    "|Service data on {people} before and after {practice}, with interviews in {place}",
    "site": "{place} Community Trust|{place} Carers' Centre|{place} Refugee Action",
    "next_step": "Share the questions with the networks|Write to the council about {practice}",
    "recommendation": "Involve {people} in every decision about {practice}|Keep {practice} and "
    "fund it for five years, not one|Publish data on how {practice} reaches {people}",
    "who": "The facilitators|The network coordinators|{place} Voluntary Action",
    "by_when": "Within a month|Before the next workshop|By the end of the year",
}


def output(result):
    print(json.dumps(result))


def vocabularies():
    names = ["Level", "FourR", "ActionCategory", "Theme", "Network", "Organisation"]
    return {name: list(getattr(terms, name).objects.order_by("pk")) for name in names}


def record(rng, group, lists):
    """What one group recorded, unsaved: its sections, entries and recommendations."""
    sector, people = GROUPS[group.name], list(PEOPLE.values())

    def say(part):
        return pick(TEXTS[part], rng).format(
            people=pick(rng.choice(people), rng),
            practice=pick(PRACTICES[sector], rng),
            place=pick(PLACES["United Kingdom"], rng),
        )

    def maybe(name, chance):
        return rng.choice(lists[name]) if rng.random() < chance else None

    at = {"group": group, "version": 1, "updated_at": group.workshop.ends_at}
    # Notes of 3 to 9 sentences, so the reports differ in length and one is the largest.
    sentences = {"notes": (3, 9, " "), "chat": (2, 5, "\n"), "challenges": (2, 4, " ")}
    sections = [
        Section(kind=kind, text=joiner.join(say(kind) for _ in range(rng.randint(low, high))), **at)
        for kind, (low, high, joiner) in sentences.items()
    ]
    entries = []
    for kind, count in ENTRIES.items():
        for position in range(1, count + 1):
            entry = Entry(kind=kind, text=say(kind), position=position, **at)
            if kind == EntryKind.PRIORITY:
                entry.horizon = rng.choice([*Horizon.values, ""])
            elif kind in AGENDA_KINDS:
                entry.level, entry.theme = maybe("Level", 0.8), maybe("Theme", 0.5)
            elif kind == EntryKind.SITE:
                entry.organisation = maybe("Organisation", 2 / 3)
                entry.text = entry.organisation.name if entry.organisation else entry.text
                entry.contact = f"research-{rng.randint(1, 999)}@example.org"
            else:
                entry.who, entry.by_when = say("who"), say("by_when")
            entries.append(entry)
    recommendations = []
    for position in range(1, RECOMMENDATIONS + 1):
        status, network = rng.choices(*STATUSES)[0], maybe("Network", 0.6)
        due = group.workshop.ends_at.date() + timedelta(days=rng.randint(60, 600))
        recommendations.append(
            Recommendation(
                text=f"{say('recommendation')}.",
                level=maybe("Level", 0.9),
                four_r=maybe("FourR", 0.85),
                category=maybe("ActionCategory", 0.85),
                owner_network=network,
                owner_organisation=None if network else maybe("Organisation", 0.4),
                status=status,
                progress={"proposed": 0, "agreed": 5, "done": 100}.get(status, rng.randint(10, 90)),
                due_on=due if rng.random() < 0.85 else None,
                position=position,
                created_at=group.workshop.ends_at,
                **at,
            )
        )
    return sections, entries, recommendations


def save_records(records):
    """Insert what `record` made for each group; returns the recommendations, with pks."""
    Section.objects.bulk_create([row for sections, _, _ in records for row in sections])
    Entry.objects.bulk_create([row for _, entries, _ in records for row in entries], 5000)
    return Recommendation.objects.bulk_create([row for *_, made in records for row in made], 5000)


def load(rng):
    lists, now = vocabularies(), timezone.now()
    past = Workshop.objects.filter(slug__startswith=SLUG_PREFIX, ends_at__lt=now)
    workshops = list(past.order_by("-starts_at")[:WORKSHOPS])
    if len(workshops) < WORKSHOPS:
        raise SystemExit("bench.breakouts_data: not enough past synthetic workshops")
    breakouts = ProgrammeItem.objects.filter(workshop__in=workshops, kind=ProgrammeKind.BREAKOUTS)
    # Each workshop's first breakout item: the last one written for it wins.
    items = {item.workshop_id: item for item in breakouts.order_by("-position", "-pk")}
    groups = Group.objects.bulk_create(
        Group(
            item=items[workshop.pk],
            workshop=workshop,
            name=name,
            prompts=BREAKOUT_PROMPTS,
            position=position,
            ready_at=workshop.ends_at - timedelta(hours=1),
        )
        for workshop in workshops
        for position, name in enumerate(GROUPS, start=1)
    )
    recommendations = save_records([record(rng, group, lists) for group in groups])
    merged, each = [], RECOMMENDATIONS * len(GROUPS)
    for start in range(0, len(recommendations), each):
        mine = recommendations[start : start + each]
        for duplicate in rng.sample(mine[RECOMMENDATIONS:], MERGED_PER_WORKSHOP):
            duplicate.merged_into_id = rng.choice(mine[:RECOMMENDATIONS]).pk
            merged.append(duplicate)
    Recommendation.objects.bulk_update(merged, ["merged_into"])
    Report.objects.bulk_create(
        Report(
            workshop=workshop,
            summary=f"{len(GROUPS)} groups met at {workshop.title}: what each recorded, and the "
            "recommendations they made, for the networks to take forward.",
            state=ReportState.PUBLISHED,
            published_at=min(workshop.ends_at + timedelta(days=14), now),
        )
        for workshop in workshops
    )


def largest_report():
    """The report with the most entries and recommendations (what decides whether a request
    may build its PDF), then the most text."""
    ours = Group.objects.filter(workshop__slug__startswith=SLUG_PREFIX)
    size, chars = Counter(), Counter()
    for model in (Section, Entry, Recommendation):
        rows = model.objects.filter(group__in=ours).values("group__workshop")
        rows = rows.annotate(n=Count("pk"), c=Sum(Length("text")))
        for pk, items, text in rows.values_list("group__workshop", "n", "c"):
            size[pk], chars[pk] = size[pk] + (model is not Section) * items, chars[pk] + text
    pk = max(size, key=lambda pk: (size[pk], chars[pk]))
    slug = Workshop.objects.values_list("slug", flat=True).get(pk=pk)
    return {"workshop_id": pk, "slug": slug, "items": size[pk], "chars": chars[pk]}


def counts():
    ours = Group.objects.filter(workshop__slug__startswith=SLUG_PREFIX)
    return {
        "reports": Report.objects.filter(workshop__breakout_groups__in=ours).distinct().count(),
        "groups": ours.count(),
        **{name: model.objects.filter(group__in=ours).count() for name, model in PARTS.items()},
        "public_recommendations": public_recommendations().count(),
        "filtered_recommendations": tracked(Filters(**FILTER)).count(),
        "agenda_entries": published_entries(AGENDA_KINDS).count(),
    }


def load_command():
    check_database()
    expected = WORKSHOPS * len(GROUPS)
    present = Group.objects.filter(workshop__slug__startswith=SLUG_PREFIX).count()
    if present not in (0, expected):
        raise SystemExit(
            f"bench.breakouts_data: found {present} benchmark groups, expected 0 or {expected}; "
            "run bench/run.py --fresh"
        )
    if present == 0:
        started = time.perf_counter()
        with transaction.atomic():  # all or nothing, so the count above tells the truth
            load(random.Random(SEED))
        seconds = round(time.perf_counter() - started, 1)
        print(f"bench.breakouts_data: loaded in {seconds} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as bench/contributions_data.py, for the same reason
    # bulk_create sends no signal, so nothing emptied the pages' cache: do it here.
    invalidate(REPORT_PAGES, "workshops", "home")
    largest = largest_report()
    output(
        {
            **counts(),
            "loaded_now": present == 0,
            "largest": largest,
            "filter": FILTER,
            # What bench/breakouts.py deletes from Redis: the reports' version token (the
            # report, tracker and agenda pages), and the marker saying a worker has the PDF.
            "cache_location": settings.CACHES["default"]["LOCATION"],
            "version_key": str(cache.make_key(f"pages:{REPORT_PAGES}:version")),
            "building_key": str(cache.make_key(f"pages:{PDF}:building:{largest['workshop_id']}")),
        }
    )


# The autosave group, and the PDF


def delete_autosave():
    workshops = Workshop.objects.filter(slug__startswith=AUTOSAVE_PREFIX)
    ids = [str(pk) for pk in workshops.values_list("pk", flat=True)]
    scope = ContentType.objects.get_for_model(Workshop)
    with transaction.atomic():  # the activity log names its scope generically: by hand
        logs, _ = ActivityLog.objects.filter(scope_type=scope, scope_id__in=ids).delete()
        count, _ = workshops.delete()
    return count, logs


def part_name(row):
    return f"section:{row.kind}" if isinstance(row, Section) else f"entry:{row.pk}"


def form_fields(row):
    """A part's fields as its form on the recording page holds them (an entry's form takes
    those of its kind and ignores the rest)."""
    if isinstance(row, Section):
        return {"text": row.text}
    ids = {name: str(getattr(row, f"{name}_id") or "") for name in ("organisation", "level")}
    ids["theme"] = str(row.theme_id or "")
    named = {name: getattr(row, name) for name in ("text", "horizon", "contact", "who", "by_when")}
    return named | ids


def setup():
    workshops, logs = delete_autosave()
    if workshops:
        print(f"bench.breakouts_data: deleted {workshops} rows, {logs} activity", file=sys.stderr)
    now = timezone.now()
    workshop = Workshop.objects.create(
        title="Benchmark: 20 facilitators record one group",
        slug=f"{AUTOSAVE_PREFIX}{now:%Y%m%d-%H%M%S-%f}",
        description="Made by bench/breakouts_data.py, deleted when the benchmark ends.",
        starts_at=now,
        ends_at=now + timedelta(hours=3),
        format=WorkshopFormat.ONLINE,
        state=WorkshopState.DRAFT,
    )
    item = ProgrammeItem.objects.create(
        workshop=workshop, kind=ProgrammeKind.BREAKOUTS, starts_at=clock(11), ends_at=clock(12)
    )
    group = Group.objects.create(item=item, workshop=workshop, name=next(iter(GROUPS)))
    sections, entries, recommendations = record(random.Random(SEED), group, vocabularies())
    save_records([(sections, entries, recommendations)])
    password = make_password(None)  # unusable: they are signed in by their sessions
    names = {f"bench-facilitator-{n}@example.org": f"Facilitator {n}" for n in range(FACILITATORS)}
    terms.User.objects.bulk_create(
        [
            terms.User(email=email, display_name=name, password=password)
            for email, name in names.items()
        ],
        ignore_conflicts=True,
    )
    people = list(terms.User.objects.filter(email__in=names).order_by("pk"))
    Role.objects.get(name="Facilitators").user_set.add(*people)
    group.facilitators.add(*people)
    savers = zip(people, [*sections, *entries], strict=True)
    output(
        {
            "group": group.pk,
            "items": len(sections) + len(entries) + len(recommendations),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "savers": [
                {
                    "sessionid": signed_in(person),
                    "part": part_name(row),
                    "version": row.version,
                    "fields": form_fields(row),
                }
                for person, row in savers
            ],
        }
    )


def check(group):
    """Each section and entry of the group: [its version, its revisions]."""
    revisions = Counter(Revision.objects.filter(group_id=group).values_list("part", flat=True))
    rows = [*Section.objects.filter(group_id=group), *Entry.objects.filter(group_id=group)]
    output({part_name(row): [row.version, revisions[part_name(row)]] for row in rows})


def build_pdf(workshop):
    """The worker's build of a report's PDF, timed, after emptying the reports' cache."""
    invalidate(REPORT_PAGES)
    made = []

    def count(execute, sql, params, many, context):
        made.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        size = keep_report_pdf(workshop)
        seconds = time.perf_counter() - started
    # From the page cache now, as the next request finds it.
    kept = report_pdf(Report.objects.select_related("workshop").get(workshop_id=workshop))
    pages = len(PdfReader(BytesIO(kept)).pages)
    output({"seconds": round(seconds, 2), "bytes": size, "pages": pages, "queries": len(made)})


def cleanup(queue):
    workshops, logs = delete_autosave()
    # The tasks the PDF requests published (build_report_pdf_task): no worker reads this
    # queue. Its names as bench/registration_data.py's cleanup finds them.
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    names = [queue, *(f"{queue}\x06\x16{priority}" for priority in (3, 6, 9))]
    names += [f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    messages = sum(client.llen(name) for name in names[:4])
    client.delete(*names)
    output({"rows_deleted": workshops, "activity_deleted": logs, "messages_purged": messages})


def main():
    command, *rest = sys.argv[1:] or ["help"]
    commands = {"load": load_command, "setup": setup, "check": check, "pdf": build_pdf}
    commands["cleanup"] = lambda: cleanup(settings.CELERY_TASK_DEFAULT_QUEUE)
    takes = 1 if command in ("check", "pdf") else 0
    if command not in commands or len(rest) != takes:
        raise SystemExit(__doc__)
    check_database()
    commands[command](*map(int, rest))


if __name__ == "__main__":
    main()
