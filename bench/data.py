"""The benchmark's synthetic data set, on top of the demo content.

    DJANGO_SETTINGS_MODULE=socialjustice.settings \\
    DATABASE_URL=postgres://socialjustice:socialjustice@127.0.0.1:5432/socialjustice_bench \\
    CACHE_KEY_PREFIX=bench python -m bench.data

bench/run.py runs this after `manage.py load_demo`. It adds 50 organisations, 300 speakers,
2 series and 200 published workshops (half past, half upcoming) with 15 programme items each
and 1,000 link materials: enough rows that the public pages query and render what a portal a
few years old would. It is loaded once: run again, it finds its workshops and adds nothing.
Either way it prints the slug of the workshop whose page the benchmark measures.

It refuses any database whose name lacks "bench", so it can never fill a developer's database.
"""

import random
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from itertools import product

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from networks.models import Network, Organisation, Partnership  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402
from workshops.calendar import london_datetime  # noqa: E402
from workshops.models import (  # noqa: E402
    Material,
    ProgrammeItem,
    Speaker,
    Workshop,
    WorkshopSeries,
)

WORKSHOPS = 200  # half past, half upcoming
ITEMS_PER_WORKSHOP = 15
SPEAKERS = 300
# 7 for each of the 100 past workshops and 3 for each upcoming one: 1,000 materials.
MATERIALS_PER_PAST = 7
MATERIALS_PER_UPCOMING = 3
# The demo's slugs are descriptive ("leadership-for-equity-2020-06-30"); every synthetic one
# comes from a title "Workshop N: …", so this prefix tells them apart.
SLUG_PREFIX = "workshop-"
DEMO_PARTNERSHIP = "partnerships-for-social-justice"
# A fixed seed: every bench database holds the same data, so runs on different machines compare.
SEED = 2026

# Cities the demo's organisations are not in, so no name clashes with what load_demo made.
CITIES = [
    "Bradford",
    "Manchester",
    "Liverpool",
    "Newcastle",
    "Birmingham",
    "Bristol",
    "Nottingham",
    "York",
    "Hull",
    "Leicester",
]
# (name pattern, kind, roles people there have): 5 per city, 50 organisations in all.
ORGANISATION_KINDS = [
    ("University of {city}", "academic", ["Professor of Social Policy", "Research Fellow"]),
    ("{city} City Council", "public_service", ["Director of Public Health", "Equalities Officer"]),
    (
        "NHS {city} Integrated Care Board",
        "public_service",
        ["Head of Health Inequalities", "Clinical Lead"],
    ),
    ("{city} Voluntary Action", "voluntary", ["Chief Executive", "Community Development Worker"]),
    ("{city} Equality Forum", "network", ["Coordinator", "Chair"]),
]
FIRST_NAMES = [
    "Aisha",
    "Amir",
    "Anna",
    "Ben",
    "Chloe",
    "Daniel",
    "Deborah",
    "Emeka",
    "Fatima",
    "Grace",
    "Hannah",
    "Imran",
    "James",
    "Jasmine",
    "Kofi",
    "Laura",
    "Mei",
    "Mohammed",
    "Niamh",
    "Olu",
    "Priya",
    "Rachel",
    "Rahul",
    "Sam",
    "Sarah",
    "Simon",
    "Tomasz",
    "Una",
    "Yusuf",
    "Zoe",
]
SURNAMES = [
    "Ahmed",
    "Akhtar",
    "Baker",
    "Begum",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Green",
    "Hall",
    "Hussain",
    "Jackson",
    "Jones",
    "Khan",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Mir",
    "Morgan",
    "Nowak",
    "Okafor",
    "Osei",
    "Patel",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Ward",
    "White",
    "Williams",
    "Wilson",
    "Wood",
]
HONORIFICS = ["", "", "Dr", "Professor", "Cllr"]
TOPICS = [
    "Health inequalities in housing",
    "Digital exclusion and public services",
    "Race equality in mental health services",
    "Disability and access to employment",
    "Fuel poverty and older people",
    "Gypsy, Roma and Traveller health",
    "Food insecurity in schools",
    "Migrant access to primary care",
    "Transport poverty in rural areas",
    "LGBTQ+ inclusion in social care",
    "Young carers and education",
    "Gender pay gaps in the public sector",
    "Training community researchers",
    "Co-production with people with lived experience",
    "Homelessness and hospital discharge",
    "Child poverty and free school meals",
    "Loneliness and social isolation",
    "Equity in maternity care",
    "Learning disability and annual health checks",
    "Asylum seekers and mental health",
    "The cost of living and public services",
    "Air quality in deprived neighbourhoods",
    "Inclusive recruitment in the NHS",
    "Interpreting and language in public services",
    "Neurodiversity in schools",
    "Ageing well in deprived places",
    "Social prescribing and inequality",
    "Equality impact assessments in practice",
    "Stop and search and community trust",
    "Period poverty",
]
SERIES = [
    (
        "Health inequalities in the North: a regional series",
        "Workshops across the North of England on how public services can close the gap in "
        "health between the most and least deprived neighbourhoods.",
    ),
    (
        "Leadership for equity in public services",
        "Workshops for senior leaders and those who advise them on making equity a routine "
        "part of how services are planned, bought and run.",
    ),
]
# Fifteen slots, each (kind, title pattern); {topic} is the workshop's topic in lower case.
PROGRAMME = [
    ("registration", "Registration and coffee"),
    ("welcome", "Welcome and introductions"),
    ("talk", "What the evidence says about {topic}"),
    ("talk", "Lived experience: what people told us"),
    ("qa", "Questions and answers"),
    ("break", "Break"),
    ("panel", "Panel: what services can change now"),
    ("talk", "A local example of what works"),
    ("qa", "Questions and answers"),
    ("breakouts", "Breakout groups"),
    ("breakouts", "Breakout groups, continued"),
    ("plenary", "Feedback from the groups"),
    ("talk", "Designing research with communities"),
    ("plenary", "Recommendations and next steps"),
    ("close", "Close"),
]
BREAKOUT_PROMPTS = (
    "Each group discusses:\n"
    "- Challenges and good practice: what works, and what prevents it?\n"
    "- Priorities for service development in the short, medium and longer term\n"
    "- Which organisations would act as sites for research?"
)
# Full days in a room; half days online. Both spans divide into 15 equal slots.
FULL_DAY = (time(9, 30), time(16, 30))
HALF_DAY = (time(10, 0), time(13, 0))
FORMATS = ["in_person", "online", "hybrid"]
MATERIAL_KINDS = {
    "presentation": "Slides: {title}",
    "recording": "Recording: {title}",
    "output": "Workshop output: recommendations on {topic}",
    "document": "Pre-reading: a briefing on {topic}",
}


def check_database():
    name = connection.settings_dict["NAME"]
    if "bench" not in name:
        raise SystemExit(
            f"bench.data: refusing to load synthetic data into {name!r}; "
            "set DATABASE_URL to a benchmark database (its name must contain 'bench')"
        )


def benchmark_workshop():
    """The synthetic workshop whose page the benchmark measures: the first upcoming one."""
    workshop = (
        Workshop.objects.filter(slug__startswith=SLUG_PREFIX, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )
    if workshop is None:
        # Upcoming workshops reach two years ahead; this happens only to a very old database.
        raise SystemExit("bench.data: no upcoming synthetic workshop; run bench/run.py --fresh")
    return workshop


def workshop_days(today: date) -> list[date]:
    """Weekly workshops on weekdays: 100 in the two years before today, 100 from in two weeks."""
    days = [today - timedelta(weeks=week) for week in range(WORKSHOPS // 2, 0, -1)]
    days += [today + timedelta(weeks=2 + week) for week in range(WORKSHOPS // 2)]
    # Saturday and Sunday move to the Monday after.
    return [day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day for day in days]


def load(out=sys.stderr):
    rng = random.Random(SEED)
    now = timezone.now()
    partnership = Partnership.objects.filter(slug=DEMO_PARTNERSHIP).first()
    networks = list(Network.objects.filter(partnership=partnership).order_by("pk"))
    if partnership is None or not networks:
        raise SystemExit(
            "bench.data: the demo's partnership and networks are missing; run load_demo"
        )

    organisations = []
    roles_by_kind = {}
    for city, (pattern, kind, roles) in product(CITIES, ORGANISATION_KINDS):
        name = pattern.format(city=city)
        organisations.append(Organisation(name=name, slug=slugify(name), kind=kind, place=city))
        roles_by_kind[kind] = roles_by_kind.get(kind, []) + roles
    organisations = Organisation.objects.bulk_create(organisations)

    speakers = []
    for first, last in rng.sample(list(product(FIRST_NAMES, SURNAMES)), SPEAKERS):
        affiliation = rng.choice(organisations)
        role = rng.choice(roles_by_kind[affiliation.kind])
        speakers.append(
            Speaker(
                name=f"{first} {last}",
                honorific=rng.choice(HONORIFICS),
                affiliation=affiliation,
                role=role,
                bio=f"{first} works on equity in public services in {affiliation.place}.",
            )
        )
    speakers = Speaker.objects.bulk_create(speakers)

    series = WorkshopSeries.objects.bulk_create(
        WorkshopSeries(
            title=title, slug=slugify(title), description=description, partnership=partnership
        )
        for title, description in SERIES
    )
    WorkshopSeries.networks.through.objects.bulk_create(
        WorkshopSeries.networks.through(workshopseries_id=one.pk, network_id=network.pk)
        for one in series
        for network in networks
    )

    workshops = []
    for number, day in enumerate(workshop_days(timezone.localdate()), start=1):
        topic = TOPICS[(number - 1) % len(TOPICS)]
        title = f"Workshop {number}: {topic}"
        format_ = FORMATS[number % len(FORMATS)]
        opens, closes = HALF_DAY if format_ == "online" else FULL_DAY
        city = CITIES[number % len(CITIES)]
        in_room = format_ != "online"
        workshops.append(
            Workshop(
                # One workshop in eight belongs to each series: 25 in each.
                series={0: series[0], 4: series[1]}.get(number % 8),
                title=title,
                slug=slugify(title),
                theme=f"{topic}: what public services, communities and research can do",
                description=(
                    f"People working on **{topic.lower()}** in public services, the voluntary "
                    "sector, communities and universities meet to share what they know.\n\n"
                    "- What the research tells us\n- What people with lived experience say\n"
                    "- What services could change, and how we would know it worked"
                ),
                key_questions="\n".join(
                    [
                        f"What drives inequality in {topic.lower()}?",
                        "Which changes to services would make the most difference?",
                        "What research would help, and who should shape it?",
                    ]
                ),
                starts_at=london_datetime(day, opens),
                ends_at=london_datetime(day, closes),
                format=format_,
                venue_name=f"University of {city}" if in_room else "",
                venue_address=f"Main Building\n{city}" if in_room else "",
                access_information="Step-free access, a hearing loop and live captions online.",
                join_link="" if format_ == "in_person" else f"https://meet.example.org/{number}",
                capacity=rng.choice([None, 30, 40, 60, 80]),
                hashtags="#Inequalities #SocialJustice",
                contact_email="workshops@example.org",
                partnership=partnership,
                state="published",
            )
        )
    workshops = Workshop.objects.bulk_create(workshops)
    Workshop.networks.through.objects.bulk_create(
        Workshop.networks.through(workshop_id=workshop.pk, network_id=network.pk)
        for workshop in workshops
        for network in rng.sample(networks, rng.choice([1, 2]))
    )

    items, pools = [], []
    for workshop in workshops:
        opens, closes = HALF_DAY if workshop.format == "online" else FULL_DAY
        start = datetime.combine(date.min, opens)
        slot = (datetime.combine(date.min, closes) - start) / ITEMS_PER_WORKSHOP
        # Each workshop draws its items' people from its own few speakers, as real ones do.
        pool = rng.sample(speakers, 8)
        topic = workshop.title.split(": ", 1)[1].lower()
        for position, (kind, pattern) in enumerate(PROGRAMME):
            items.append(
                ProgrammeItem(
                    workshop=workshop,
                    starts_at=(start + slot * position).time(),
                    ends_at=(start + slot * (position + 1)).time(),
                    kind=kind,
                    title=pattern.format(topic=topic),
                    description=BREAKOUT_PROMPTS if kind == "breakouts" else "",
                    chair=rng.choice(pool),
                    position=position,
                )
            )
            pools.append(pool)
    items = ProgrammeItem.objects.bulk_create(items)
    ProgrammeItem.speakers.through.objects.bulk_create(
        ProgrammeItem.speakers.through(programmeitem_id=item.pk, speaker_id=speaker.pk)
        for item, pool in zip(items, pools, strict=True)
        for speaker in rng.sample(pool, rng.choice([1, 2]))
    )

    # Past workshops have their slides, recordings and outputs; upcoming ones pre-reading.
    materials = []
    for workshop in workshops:
        is_past = workshop.ends_at < now
        topic = workshop.title.split(": ", 1)[1].lower()
        for index in range(MATERIALS_PER_PAST if is_past else MATERIALS_PER_UPCOMING):
            kind = rng.choice(["presentation", "recording", "output"]) if is_past else "document"
            if is_past:  # posted in the days after the workshop
                posted = min(workshop.ends_at + timedelta(days=index + 1), now)
            else:  # posted in the last three weeks
                posted = now - timedelta(days=rng.randint(0, 20))
            materials.append(
                Material(
                    workshop=workshop,
                    title=MATERIAL_KINDS[kind].format(title=workshop.title, topic=topic),
                    kind=kind,
                    url=f"https://media.example.org/{workshop.slug}/{index + 1}",
                    visibility="public",
                    created_at=posted,
                )
            )
    Material.objects.bulk_create(materials)
    print(
        f"bench.data: {len(organisations)} organisations, {len(speakers)} speakers, "
        f"{len(workshops)} workshops, {len(items)} programme items, {len(materials)} materials",
        file=out,
    )


def main():
    check_database()
    present = Workshop.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if present == WORKSHOPS:
        print("bench.data: synthetic data already loaded", file=sys.stderr)
    elif present == 0:
        # All or nothing: an interrupted load leaves no half data set that the count would pass.
        started = clock.perf_counter()
        with transaction.atomic():
            load()
        print(f"bench.data: loaded in {clock.perf_counter() - started:.1f} s", file=sys.stderr)
    else:
        raise SystemExit(
            f"bench.data: found {present} synthetic workshops, expected 0 or {WORKSHOPS}; "
            "run bench/run.py --fresh"
        )
    # bulk_create sends no post_save, so nothing emptied the public pages' cache: do it here.
    invalidate("workshops", "networks", "home")
    # The only line on stdout, so bench/run.py can read it.
    print(benchmark_workshop().slug)


if __name__ == "__main__":
    main()
