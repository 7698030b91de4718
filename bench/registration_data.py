"""The Django side of the registration benchmark: its workshops, the checks, the profile.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.registration_data setup|check SLUG|profile|instructions|cleanup

bench/registrations.py runs each command with the environment gunicorn gets (the same secret
key, so the organiser's session made here is valid there, and the same Celery queue). Each
prints one line of JSON on stdout; progress goes to stderr.

setup    deletes what an earlier run left, then creates the workshop the guests register for
         (published, online, upcoming, 100 places, registration open), a second one holding
         5,000 registrations for the organisers' dashboard, and a signed-in organiser.
check    reads what the guests' registrations left in the database: the places, the waiting
         list, the outbox.
profile  registers guests in-process with Django's test client under cProfile, and says where
         a registration's time goes.
instructions
         the same registrations, run under callgrind by bench/instructions.py, which counts
         only the measured POSTs' instructions (switched on and off around them).
cleanup  deletes the benchmark's workshops, their registrations and emails, and the Celery
         messages nobody will consume: the page benchmark never sees them.
"""

import cProfile
import json
import os
import pstats
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import django
import redis

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.data import check_database  # noqa: E402
from bench.profiling import summary  # noqa: E402
from bench.sessions import signed_in  # noqa: E402
from networks.enums import PersonSector  # noqa: E402
from networks.models import Network, User  # noqa: E402
from socialjustice import handover  # noqa: E402
from socialjustice.models import OutgoingEmail  # noqa: E402
from socialjustice.outbox import rendered_bodies  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402
from workshops.enums import (  # noqa: E402
    HowHeard,
    RegistrationStatus,
    WorkshopFormat,
    WorkshopState,
)
from workshops.models import Registration, Workshop  # noqa: E402
from workshops.selectors.registration import waiting_position  # noqa: E402

# Every workshop this module makes starts with this, and cleanup deletes exactly those.
SLUG_PREFIX = "bench-registration-"
CAPACITY = 100
DASHBOARD_REGISTRATIONS = 5000
# Of the dashboard's 5,000: 3,000 places taken, 1,500 waiting, 500 cancelled.
DASHBOARD_CAPACITY = 3000
DASHBOARD_CANCELLED = 500
ORGANISER_EMAIL = "bench-organiser@example.org"
# The profile: warm-up registrations first (templates compiled, connections open), then the
# profiled ones; with these places, as many wait per confirmed place as in the load test.
PROFILE_WARMUP = 5
PROFILE_REGISTRATIONS = 50
PROFILE_CAPACITY = PROFILE_WARMUP + PROFILE_REGISTRATIONS // 5
HOST = "127.0.0.1"  # in ALLOWED_HOSTS; the test client's "testserver" is not
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POSITION_TOLD = re.compile(r"waiting list, number (\d+)")


def output(result):
    print(json.dumps(result))


def new_workshop(kind, *, capacity, title):
    """A published online workshop a month ahead, registration open; fresh slug each run."""
    now = timezone.now()
    starts = (now + timedelta(days=30)).replace(hour=10, minute=0, second=0, microsecond=0)
    return Workshop.objects.create(
        title=title,
        slug=f"{SLUG_PREFIX}{kind}-{now:%Y%m%d-%H%M%S-%f}",
        theme="Benchmark: many people registering at once",
        description="Made by bench/registration_data.py, deleted when the benchmark ends.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        format=WorkshopFormat.ONLINE,
        join_link="https://meet.example.org/bench",
        capacity=capacity,
        contact_email="workshops@example.org",
        state=WorkshopState.PUBLISHED,
    )


def delete_workshops():
    """Delete the benchmark's workshops; their emails are linked generically, so by hand."""
    workshops = Workshop.objects.filter(slug__startswith=SLUG_PREFIX)
    registrations = Registration.objects.filter(workshop__in=workshops)
    ids = [str(pk) for pk in registrations.values_list("pk", flat=True)]
    with transaction.atomic():
        emails = OutgoingEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration), object_id__in=ids
        )
        emails_deleted, _ = emails.delete()
        count, _ = workshops.delete()
    # A queryset delete sends no signal the public pages' cache listens to: empty it here.
    invalidate("workshops", "networks", "home")
    return count, emails_deleted


def dashboard_registrations(workshop, rng):
    """5,000 people over the last month: sectors, networks, needs and statuses mixed."""
    networks = list(Network.objects.order_by("pk"))
    sectors = [*PersonSector.values, ""]
    how_heard = [*HowHeard.values, ""]
    now = timezone.now()
    start = now - timedelta(days=30)
    step = (now - start) / DASHBOARD_REGISTRATIONS
    cancelled = set(rng.sample(range(DASHBOARD_REGISTRATIONS), DASHBOARD_CANCELLED))
    registrations, confirmed = [], 0
    for number in range(DASHBOARD_REGISTRATIONS):
        created = start + step * number
        if number in cancelled:
            status = RegistrationStatus.CANCELLED
        elif confirmed < DASHBOARD_CAPACITY:
            status = RegistrationStatus.CONFIRMED
            confirmed += 1
        else:
            status = RegistrationStatus.WAITING
        registrations.append(
            Registration(
                workshop=workshop,
                name=f"Dashboard Person {number}",
                email=f"dashboard-{number}@example.org",
                email_normalised=f"dashboard-{number}@example.org",
                organisation=rng.choice(["", "Leeds City Council", "University of Leeds"]),
                sector=rng.choice(sectors),
                access_requirements=rng.choice(["", "", "", "Live captions, please."]),
                how_heard=rng.choice(how_heard),
                consented_at=created,
                status=status,
                created_at=created,
                confirmed_at=created if status == RegistrationStatus.CONFIRMED else None,
                cancelled_at=now if status == RegistrationStatus.CANCELLED else None,
            )
        )
    registrations = Registration.objects.bulk_create(registrations, batch_size=1000)
    # Seven in ten name one or two networks.
    Registration.networks.through.objects.bulk_create(
        [
            Registration.networks.through(registration_id=registration.pk, network_id=network.pk)
            for registration in registrations
            if networks and rng.random() < 0.7
            for network in rng.sample(networks, min(len(networks), rng.choice([1, 2])))
        ],
        batch_size=2000,
    )


def organiser_session():
    """A member of the Organisers group, signed in: the session row gunicorn will read."""
    user, _ = User.objects.get_or_create(
        email=ORGANISER_EMAIL, defaults={"display_name": "Bench Organiser"}
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name="Organisers"))
    return signed_in(user)


def setup():
    check_database()
    workshops, emails = delete_workshops()
    if workshops:
        print(
            f"bench.registration_data: deleted {workshops} rows an earlier run left "
            f"({emails} of them emails and attachments)",
            file=sys.stderr,
        )
    workshop = new_workshop("guests", capacity=CAPACITY, title="Benchmark: 500 guests register")
    dashboard = new_workshop(
        "dashboard", capacity=DASHBOARD_CAPACITY, title="Benchmark: 5,000 registrations"
    )
    started = time.perf_counter()
    dashboard_registrations(dashboard, random.Random(2026))
    print(
        f"bench.registration_data: {DASHBOARD_REGISTRATIONS} dashboard registrations in "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    try:
        dashboard_url = reverse("workshops:registrations", args=[dashboard.slug])
    except NoReverseMatch:
        dashboard_url = None  # the dashboard is not there yet
    output(
        {
            "slug": workshop.slug,
            "capacity": CAPACITY,
            "dashboard_url": dashboard_url,
            "sessionid": organiser_session() if dashboard_url else None,
            "session_cookie": settings.SESSION_COOKIE_NAME,
        }
    )


def check(slug, guests):
    """What 500 guests for 100 places must leave behind; a row per check.

    The required checks are those the benchmark promises. The others describe what the guests
    were told and in which order they were served: a failure there is a finding to look at,
    not a broken run.
    """
    workshop = Workshop.objects.get(slug=slug)
    registrations = list(
        Registration.objects.filter(workshop=workshop).order_by("created_at", "pk")
    )
    statuses = Counter(registration.status for registration in registrations)
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    positions = [waiting_position(registration) for registration in waiting]
    emails = Counter(registration.email_normalised for registration in registrations)
    expected_emails = {f"bench-{number}@example.org" for number in range(1, guests + 1)}
    outbox = list(
        OutgoingEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id__in=[str(registration.pk) for registration in registrations],
        )
    )
    kinds = Counter(email.kind for email in outbox)
    status_of = {str(registration.pk): registration.status for registration in registrations}
    attached = OutgoingEmail.attachments.through.objects.filter(outgoingemail__in=outbox)
    attachments = attached.count()
    files = attached.values("emailattachment").distinct().count()
    told = sorted(
        int(match.group(1))
        for email in outbox
        if email.kind == "registration.waiting"
        # Rendered when sent, and no worker runs: rendered here as the worker would.
        and (match := POSITION_TOLD.search(rendered_bodies(email)[0]))
    )
    repeated = sorted(number for number, times in Counter(told).items() if times > 1)
    waits = guests - CAPACITY
    # created_at is when the view started, before it waited for the lock; ids are given in the
    # lock's order. Saved after someone with a later created_at: "overtaken".
    overtaken, latest = 0, None
    for registration in sorted(registrations, key=lambda r: r.pk):
        if latest and registration.created_at < latest:
            overtaken += 1
        latest = max(latest or registration.created_at, registration.created_at)
    last_confirmed = max((r.created_at for r in confirmed), default=None)
    ahead_of_confirmed = sum(1 for r in waiting if last_confirmed and r.created_at < last_confirmed)

    def row(name, ok, found, required=True):
        return {"check": name, "ok": bool(ok), "found": found, "required": required}

    checks = [
        row(f"{guests} registrations", len(registrations) == guests, len(registrations)),
        row(f"{CAPACITY} confirmed", statuses["confirmed"] == CAPACITY, statuses["confirmed"]),
        row(f"{waits} waiting", statuses["waiting"] == waits, statuses["waiting"]),
        row(
            f"waiting positions 1..{waits}, no gaps (by created_at, pk)",
            positions == list(range(1, waits + 1)),
            f"{min(positions, default='-')}..{max(positions, default='-')}, "
            f"{len(set(positions))} distinct",
        ),
        row(
            "no duplicate emails",
            all(count == 1 for count in emails.values()),
            f"{len(emails)} distinct of {len(registrations)}",
        ),
        row(
            f"every guest's email once (bench-1..{guests})",
            set(emails) == expected_emails,
            f"{len(set(emails) & expected_emails)} of {guests}",
        ),
        row(f"{guests} outbox rows", len(outbox) == guests, len(outbox)),
        row(
            f"outbox: {CAPACITY} registration.confirmed",
            kinds["registration.confirmed"] == CAPACITY,
            kinds["registration.confirmed"],
        ),
        row(
            f"outbox: {waits} registration.waiting",
            kinds["registration.waiting"] == waits,
            kinds["registration.waiting"],
        ),
        row(
            "each email's kind matches its registration's status",
            all(email.kind == f"registration.{status_of[email.object_id]}" for email in outbox),
            dict(kinds),
        ),
        row(
            f"{CAPACITY} calendar attachments (one per confirmation)",
            attachments == CAPACITY,
            attachments,
        ),
        row("one stored calendar file, shared by them all", files == 1, files),
        row(
            "all outbox rows still queued (no Celery worker)",
            all(email.state == "queued" for email in outbox),
            dict(Counter(email.state for email in outbox)),
        ),
        row(
            f"the waiting emails tell positions 1..{waits}, each once",
            told == list(range(1, waits + 1)),
            f"{len(set(told))} distinct of {len(told)}; told twice: {repeated or 'none'}",
            required=False,
        ),
        row(
            "nobody waiting registered (created_at) before someone confirmed",
            not ahead_of_confirmed,
            ahead_of_confirmed,
            required=False,
        ),
        row(
            "ids in created_at order (nobody overtaken while waiting for the lock)",
            not overtaken,
            f"{overtaken} saved after someone whose created_at is later",
            required=False,
        ),
    ]
    output({"checks": checks})


def guest_post(path, number):
    """One guest, as over HTTP: GETs the form now; returns the POST of it, to send later."""
    client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
    token = TOKEN_INPUT.search(client.get(path).content.decode()).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "name": f"Profile Person {number}",
        "email": f"profile-{number}@example.org",
        "consent": "on",
    }
    return lambda: client.post(path, data)


def profile_guests(kind, title):
    """A fresh workshop with the profile's places, and its guests' POSTs (warm-up first)."""
    workshop = new_workshop(kind, capacity=PROFILE_CAPACITY, title=title)
    path = reverse("workshops:register", args=[workshop.slug])
    return workshop, [
        guest_post(path, number) for number in range(PROFILE_WARMUP + PROFILE_REGISTRATIONS)
    ]


def register_guests(profiler=None):
    """A fresh workshop, the warm-up guests, then the measured ones.

    Returns, per measured POST, its time and what bench/middleware.py said about its SQL.
    """
    workshop, posts = profile_guests("profile", "Benchmark: profile")
    measured = []
    for number, post in enumerate(posts):
        profiling = profiler if number >= PROFILE_WARMUP else None
        started = time.perf_counter()
        if profiling:
            profiling.enable()
        response = post()
        if profiling:
            profiling.disable()
        seconds = time.perf_counter() - started
        if response.status_code != 302:
            raise SystemExit(f"bench.registration_data: a POST answered {response.status_code}")
        if number >= PROFILE_WARMUP:
            measured.append(
                {
                    "ms": seconds * 1000,
                    "queries": int(response["X-Bench-Queries"]),
                    "sql_ms": float(response["X-Bench-SQL-Ms"]),
                    "lock_ms": float(response["X-Bench-Lock-Ms"]),
                    "held_ms": float(response["X-Bench-Lock-Held-Ms"]),
                }
            )
    statuses = Counter(Registration.objects.filter(workshop=workshop).values_list("status"))
    return measured, {status: count for (status,), count in statuses.items()}


def instructions():
    """The profile's registrations, their instructions counted by callgrind (the process is
    run under it, counting nothing until switched on here). Before the warm-up the Redis
    bell is silenced, so the warm-up rings it: starting Celery's task for the first time in
    a process costs more than a hundred registrations, and would otherwise fall into the
    measured ones in one run and not in the next."""
    check_database()
    _workshop, posts = profile_guests("count", "Benchmark: instructions")
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(*handover.keys())
    for post in posts[:PROFILE_WARMUP]:
        post()
    switch = ["callgrind_control", "--instr=on", str(os.getpid())]
    subprocess.run(switch, check=True, capture_output=True)
    answered = [post().status_code for post in posts[PROFILE_WARMUP:]]
    subprocess.run([*switch[:1], "--instr=off", *switch[2:]], check=True, capture_output=True)
    if set(answered) != {302}:
        raise SystemExit(f"bench.registration_data: POSTs answered {Counter(answered)}")
    output({"registrations": len(answered)})


# (label, file suffix, function): what a registration POST spends its time on, as cProfile's
# cumulative time per POST. Indented rows are part of the row above them.
BUCKETS = [
    ("the request: middleware and view", "django/core/handlers/base.py", "get_response"),
    ("  the view", "workshops/views/registration.py", "register"),
    ("    form validation", "django/forms/forms.py", "full_clean"),
    (
        "    waiting position counts (email, message)",
        "selectors/registration.py",
        "waiting_position",
    ),
    ("    registration service", "workshops/services/registration.py", "register"),
    ("      .ics calendar, before the lock", "workshops/email_parts.py", "calendar_attachment"),
    ("      email subject, in the lock", "socialjustice/emailtext.py", "render_subject"),
    ("      COMMIT", "django/db/backends/base/base.py", "commit"),
    ("      hand-over to Redis, after COMMIT", "socialjustice/outbox.py", "dispatch_email"),
    ("  SQL statements, all", "django/db/backends/utils.py", "_execute"),
]


def profile():
    check_database()
    # Unprofiled first, for the true scale: cProfile slows Python code more than waiting.
    plain, _statuses = register_guests()
    profiler = cProfile.Profile()
    profiled, statuses = register_guests(profiler)
    stats = pstats.Stats(profiler).stats
    count = len(profiled)

    output(
        {
            "registrations": count,
            "statuses": statuses,
            "unprofiled": {
                key: round(statistics.median(post[key] for post in plain), 2) for key in plain[0]
            },
            "profiled_ms": round(statistics.median(post["ms"] for post in profiled), 2),
            **summary(stats, count, BUCKETS),
        }
    )


def cleanup(queue):
    check_database()
    workshops, emails = delete_workshops()
    # The tasks dispatch_email published for the bench's emails: no worker reads this queue.
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    names = [queue, *(f"{queue}\x06\x16{priority}" for priority in (3, 6, 9))]
    names += [f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}", *handover.keys()]
    messages = sum(client.llen(name) for name in names[:4])
    client.delete(*names)
    output({"rows_deleted": workshops, "emails_deleted": emails, "messages_purged": messages})


def main():
    command, *rest = sys.argv[1:] or ["help"]
    if command == "setup":
        setup()
    elif command == "check":
        check(rest[0], int(rest[1]))
    elif command == "profile":
        profile()
    elif command == "instructions":
        instructions()
    elif command == "cleanup":
        cleanup(settings.CELERY_TASK_DEFAULT_QUEUE)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
