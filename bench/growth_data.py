"""The Django side of the growth benchmark: the same portal at 1× and at 10× its data.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.growth_data setup|grow|cleanup

bench/growth.py runs each command with the environment gunicorn gets (the same secret key, so
the organiser's session made here is valid there). Each prints one line of JSON on stdout;
progress goes to stderr.

setup    deletes what an earlier run left, then makes the 1× portal: bench/data.py's 200
         workshops as they are, and one workshop with 5,000 registrations (bench/
         registration_data.py's mix: 3,000 confirmed, 1,500 waiting, 500 cancelled, seven in
         ten naming networks; named from bench/data.py's first names and surnames), each
         from a connection of its own but for three bursts of 8, 12 and 20 from one
         connection each; and a signed-in organiser.
grow     makes the same portal 10×: nine copies of each synthetic workshop on its day (2,000
         in all, with their programmes, speakers, networks and materials), and the workshop
         of registrations made again with 50,000 (the same mix and the same three bursts).
cleanup  deletes everything setup and grow made: the portal is bench/data.py's again.

After each load the tables are vacuumed and analysed, as autovacuum would leave a portal that
has grown over months: the plans measured are those of settled tables.
"""

import json
import random
import sys
import time
from contextlib import contextmanager

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import registration_data  # noqa: E402
from bench.data import FIRST_NAMES, SLUG_PREFIX, SURNAMES, check_database  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402
from workshops.enums import RegistrationStatus  # noqa: E402
from workshops.models import Material, ProgrammeItem, Registration, Workshop  # noqa: E402

# The calendar events kept one per workshop version (workshops/feeds.py).
EVENT_KEY_PREFIX = "calendar-events"
# Every workshop this module makes starts with this, and cleanup deletes exactly those.
GROWTH_PREFIX = "bench-growth-"
COPIES = 9  # of each synthetic workshop: 200 become 2,000
SCALES = {"1x": 5_000, "10x": 50_000}
BURSTS = {"burst-one-office": 8, "burst-two-office": 12, "burst-made-up": 20}
TABLES = [
    "workshops_workshop",
    "workshops_workshop_networks",
    "workshops_programmeitem",
    "workshops_programmeitem_speakers",
    "workshops_material",
    "workshops_registration",
    "workshops_registration_networks",
]


def output(result):
    print(json.dumps(result))


def say(text):
    print(f"bench.growth_data: {text}", file=sys.stderr)


@contextmanager
def scaled(registrations):
    """registration_data.dashboard_registrations, for `registrations` people in the same
    proportions as its 5,000."""
    names = ("DASHBOARD_REGISTRATIONS", "DASHBOARD_CAPACITY", "DASHBOARD_CANCELLED")
    saved = {name: getattr(registration_data, name) for name in names}
    factor = registrations / saved["DASHBOARD_REGISTRATIONS"]
    for name in names:
        setattr(registration_data, name, round(saved[name] * factor))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(registration_data, name, value)


def dashboard_workshop(scale):
    """A workshop with SCALES[scale] registrations; returns it."""
    count = SCALES[scale]
    started = time.perf_counter()
    with scaled(count):
        workshop = registration_data.new_workshop(
            "dashboard",
            capacity=registration_data.DASHBOARD_CAPACITY,
            title=f"Benchmark: {count:,} registrations",
        )
        # Not registration_data's prefix, which its own cleanup deletes: ours.
        workshop.slug = f"{GROWTH_PREFIX}dashboard-{scale}"
        workshop.save(update_fields=["slug"])
        registration_data.dashboard_registrations(workshop, random.Random(2026))
    # People's names rather than "Dashboard Person 17", so that a search finds one person
    # by the letters of their name as it would in a real list; a connection each (as the
    # portal records them: a keyed hash), but for the bursts.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE workshops_registration SET
                name = people.first || ' ' || people.last,
                email = lower(people.first || '.' || people.last || '.' || people.n)
                    || '@example.org',
                email_normalised = lower(people.first || '.' || people.last || '.' || people.n)
                    || '@example.org'
            FROM (
                SELECT id, n, (%s::text[])[1 + n %% %s] AS first,
                       (%s::text[])[1 + (n / %s) %% %s] AS last
                FROM (SELECT id, split_part(name, ' ', 3)::int AS n
                      FROM workshops_registration WHERE workshop_id = %s) numbered
            ) people
            WHERE workshops_registration.id = people.id
            """,
            [
                FIRST_NAMES,
                len(FIRST_NAMES),
                SURNAMES,
                len(FIRST_NAMES),
                len(SURNAMES),
                workshop.pk,
            ],
        )
        cursor.execute(
            "UPDATE workshops_registration SET source = md5(id::text) WHERE workshop_id = %s",
            [workshop.pk],
        )
        active = list(
            Registration.objects.filter(
                workshop=workshop,
                status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING],
            )
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        rng = random.Random(2026)
        for source, size in BURSTS.items():
            ids = rng.sample(active, size)
            cursor.execute(
                "UPDATE workshops_registration SET source = %s WHERE id = ANY(%s)", [source, ids]
            )
    say(f"{count:,} registrations in {time.perf_counter() - started:.1f} s")
    return workshop


def copy_workshops():
    """Nine more workshops on the day of each synthetic one, each with the programme,
    speakers, networks and materials of the one it copies."""
    originals = list(
        Workshop.objects.filter(slug__startswith=SLUG_PREFIX)
        .prefetch_related("networks", "programme__speakers", "materials")
        .order_by("starts_at", "pk")
    )
    skipped = {"id", "uid", "slug", "title"}
    fields = [f.attname for f in Workshop._meta.concrete_fields if f.attname not in skipped]
    copies = []
    for original in originals:
        for number in range(1, COPIES + 1):
            copy = Workshop(**{name: getattr(original, name) for name in fields})
            copy.title = f"{original.title} (group {number})"
            copy.slug = f"{GROWTH_PREFIX}{original.slug}-{number}"
            copy.original = original
            copies.append(copy)
    copies = Workshop.objects.bulk_create(copies, batch_size=500)
    Workshop.networks.through.objects.bulk_create(
        [
            Workshop.networks.through(workshop_id=copy.pk, network_id=network.pk)
            for copy in copies
            for network in copy.original.networks.all()
        ],
        batch_size=2000,
    )
    item_fields = [
        f.attname for f in ProgrammeItem._meta.concrete_fields if f.attname not in ("id",)
    ]
    items, speakers = [], []
    for copy in copies:
        for item in copy.original.programme.all():
            new = ProgrammeItem(**{name: getattr(item, name) for name in item_fields})
            new.workshop_id = copy.pk
            items.append(new)
            speakers.append([speaker.pk for speaker in item.speakers.all()])
    items = ProgrammeItem.objects.bulk_create(items, batch_size=2000)
    ProgrammeItem.speakers.through.objects.bulk_create(
        [
            ProgrammeItem.speakers.through(programmeitem_id=item.pk, speaker_id=speaker)
            for item, pool in zip(items, speakers, strict=True)
            for speaker in pool
        ],
        batch_size=5000,
    )
    material_fields = [f.attname for f in Material._meta.concrete_fields if f.attname != "id"]
    materials = [
        Material(
            **{name: getattr(material, name) for name in material_fields} | {"workshop_id": c.pk}
        )
        for c in copies
        for material in c.original.materials.all()
    ]
    Material.objects.bulk_create(materials, batch_size=2000)
    say(f"{len(copies):,} workshops, {len(items):,} programme items, {len(materials):,} materials")


def delete_growth(prefix=GROWTH_PREFIX):
    """Everything this module made (or the workshops whose slug starts with `prefix`);
    returns how many workshops that was."""
    workshops = Workshop.objects.filter(slug__startswith=prefix)
    ids = list(workshops.values_list("pk", flat=True))
    if not ids:
        return 0
    # In SQL: the ORM would load and signal every programme item, material and registration.
    # Nothing else refers to these workshops (the bench made them and nothing more).
    statements = [
        "DELETE FROM workshops_programmeitem_speakers WHERE programmeitem_id IN "
        "(SELECT id FROM workshops_programmeitem WHERE workshop_id = ANY(%s))",
        "DELETE FROM workshops_programmeitem WHERE workshop_id = ANY(%s)",
        "DELETE FROM workshops_material WHERE workshop_id = ANY(%s)",
        "DELETE FROM workshops_registration_networks WHERE registration_id IN "
        "(SELECT id FROM workshops_registration WHERE workshop_id = ANY(%s))",
        "DELETE FROM workshops_registration WHERE workshop_id = ANY(%s)",
        "DELETE FROM workshops_workshop_networks WHERE workshop_id = ANY(%s)",
        "DELETE FROM workshops_workshop WHERE id = ANY(%s)",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, [ids])
    return len(ids)


def settle():
    """Vacuum and analyse what was loaded (outside any transaction, as VACUUM must be)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    say(f"vacuumed and analysed in {time.perf_counter() - started:.1f} s")


def search_for(number):
    """The start of registration `number`'s address, as an organiser would type it."""
    first = FIRST_NAMES[number % len(FIRST_NAMES)]
    last = SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]
    return f"{first}.{last}.{number}".lower()


def state(workshop):
    """What the runner needs: the pages' addresses, the organiser's cookie, the counts."""
    waiting = Registration.objects.filter(workshop=workshop, status=RegistrationStatus.WAITING)
    last_waiting = waiting.order_by("-created_at", "-pk").first()
    dashboard = reverse("workshops:registrations", args=[workshop.slug])
    return {
        "workshops": Workshop.objects.count(),
        "synthetic_workshops": Workshop.objects.filter(slug__startswith=SLUG_PREFIX).count()
        + Workshop.objects.filter(slug__startswith=f"{GROWTH_PREFIX}{SLUG_PREFIX}").count(),
        "programme_items": ProgrammeItem.objects.count(),
        "materials": Material.objects.count(),
        "registrations": Registration.objects.filter(workshop=workshop).count(),
        "waiting": waiting.count(),
        "dashboard_url": dashboard,
        "waiting_url": f"{dashboard}?status=waiting",
        # Someone at both scales, found by a part of their address.
        "search_url": f"{dashboard}?q={search_for(4999)}",
        "last_waiting_url": reverse(
            "workshops:registration_detail", args=[workshop.slug, last_waiting.pk]
        ),
        # An upcoming workshop of the feed, for the runner to edit before a request.
        "edited_workshop_id": Workshop.objects.filter(
            slug__startswith=SLUG_PREFIX, starts_at__gte=timezone.now()
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .first(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "cache_location": settings.CACHES["default"]["LOCATION"],
        "event_keys": cache.make_key(f"{EVENT_KEY_PREFIX}*"),
        "sessionid": registration_data.organiser_session(),
    }


def setup():
    check_database()
    deleted = delete_growth()
    if deleted:
        say(f"deleted {deleted} workshops an earlier run left")
    ready("1x")


def grow():
    check_database()
    delete_growth(f"{GROWTH_PREFIX}dashboard-")
    started = time.perf_counter()
    with transaction.atomic():
        copy_workshops()
    say(f"workshops copied in {time.perf_counter() - started:.1f} s")
    ready("10x")


def ready(size: str) -> None:
    """The dashboard's workshop for this size, the tables settled, the pages built afresh;
    prints what bench/growth.py measures."""
    workshop = dashboard_workshop(size)
    settle()
    invalidate("workshops", "networks", "home")
    output(state(workshop))


def cleanup():
    check_database()
    deleted = delete_growth()
    invalidate("workshops", "networks", "home")
    output({"workshops_deleted": deleted})


def main():
    commands = {"setup": setup, "grow": grow, "cleanup": cleanup}
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command not in commands:
        raise SystemExit(__doc__)
    commands[command]()


if __name__ == "__main__":
    main()
