"""Benchmark the portal under gunicorn with production settings, page by page.

    python bench/run.py [--duration SECONDS] [--timeout SECONDS] [--fresh]
                        [--only pages|registrations|contributions|breakouts|networks|growth]
                        [--registration-threads N]

Works on its own database (BENCH_DATABASE_URL, created if missing; --fresh drops and reloads
it) and its own cache key prefix, never the developer's. Migrates it, loads the demo content
and the synthetic data set of bench/data.py, starts gunicorn on 127.0.0.1 with bench.settings,
and loads each URL with wrk (bench/load.py) for --duration seconds: median and 95th-percentile
latency, requests per second and SQL queries per request, beside the bare view that is the
ceiling (measured at the start and after each part: each row's ratio uses the mean of the
runs around its part, the machine's speed while it was measured). The public pages are
measured for visitors, then what a signed-in participant and an organiser open most, with the
sessions bench/people.py makes. Pages cached in Redis are measured warm (the warm-up fills the
cache); a second table gives each cached page's cold request, the first after the cache is
emptied. Both are written to bench/results/latest.json.

Then bench/registrations.py: 500 guests register at once for 100 places, over HTTP, the
database is checked, the organisers' dashboard is measured with 5,000 registrations, and one
registration is profiled in-process (bench/results/registrations.json). Then
bench/contributions.py: the public collection with 20,000 contributions, cached, searched and
intersected, with the search's query plans (bench/results/contributions.json). Then
bench/breakouts.py: 100 workshops' reports of 8 groups × 30 items, the recommendation tracker
and the research agenda, cached and not; 20 facilitators autosaving one group at once; the
largest report's PDF, handed to a worker and built (bench/results/breakouts.json). Then
bench/networks.py: 500 networks and 20,000 organisations, the coverage map cold (plain, two
groups at once, a place, sectors or places as columns), the directory cached and searched, the
network picture, a 5,000-row import previewed by an organiser (bench/results/networks.json).
Then
bench/growth.py: the pages whose data grows, at 1× and 10× it (200 and 2,000 workshops, 5,000
and 50,000 registrations), asked in turn on two servers, the 10× on a copy of the bench
database (bench/results/growth.json). `--only`
runs one part; the run fails if a required registration check fails.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, so the project is not on the path by itself; bench.registrations needs it.
sys.path.insert(0, str(ROOT))

from bench import breakouts, contributions, growth, load, networks, registrations  # noqa: E402
from bench.databases import maintenance  # noqa: E402
from bench.page_profile import print_page_profile  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The interpreter running this is the project's virtualenv, so gunicorn sits beside it.
GUNICORN = Path(sys.executable).parent / "gunicorn"

BARE = "/bench/bare/"
INVALIDATE = "/bench/invalidate/"

WORKERS = 2  # one sync worker per core on the benchmark machine
# Seconds of load per URL before measuring: connections opened, templates loaded, cache filled.
WARMUP_SECONDS = 1
PROBES = 3  # requests one at a time per URL first, for its status and query count
# Cold requests per cached page; each follows its own invalidation. The median of a few keeps
# one scheduling hiccup out of the table.
COLD_REPEATS = 5
# The bare view is measured again at the end; a bigger change than this means a noisy machine.
DRIFT_WARNING = 0.1
ANONYMOUS_GOAL = 0.5  # every public page, for visitors, at half the bare view or more

# Its own database, so the synthetic data never lands in the developer's.
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://socialjustice:socialjustice@127.0.0.1:5432/socialjustice_bench",
)
# For every process the bench starts: set-up commands and gunicorn alike. `make bench` exports
# the developer's DATABASE_URL, which this replaces. The cache prefix keeps the bench's cached
# pages apart from those of a portal running against the developer's database, and the Celery
# queue its emails' tasks from a worker's: they name rows of the bench database, and
# bench/registrations.py throws them away at the end.
# Named after the database, so two benches on two databases keep apart.
BENCH_NAME = unquote(urlsplit(BENCH_DATABASE_URL).path.lstrip("/"))
BENCH_ENV = {
    "DATABASE_URL": BENCH_DATABASE_URL,
    "CACHE_KEY_PREFIX": BENCH_NAME,
    "CELERY_TASK_DEFAULT_QUEUE": BENCH_NAME,
}

# Production as deployed, except HTTPS: there is no proxy in front on 127.0.0.1.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "False",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "SESSION_COOKIE_SECURE": "False",
    "CSRF_COOKIE_SECURE": "False",
}


def remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise SystemExit("bench: out of time (see --timeout)")
    return left


def urls(workshop_slug):
    """The pages measured, and those of them served from the public pages' cache.

    The bare view comes first so every ratio has its ceiling. Later features add theirs here.
    """
    detail = f"/workshops/{workshop_slug}/"
    cached = [
        "/",
        "/workshops/",
        "/workshops/?format=online",
        detail,
        f"{detail}calendar.ics",
        "/workshops/calendar.ics",
        "/downloads/",
    ]
    return [BARE, *cached, "/networks/", "/healthz"], cached


def ensure_database(fresh):
    """Create the bench database if it is missing (dropped first with --fresh)."""
    url = urlsplit(BENCH_DATABASE_URL)
    name = unquote(url.path.lstrip("/"))
    # The same guard bench/data.py has: --fresh drops this database, migrate and the data set
    # fill it, so it must never be the developer's.
    if "bench" not in name:
        raise SystemExit(f"bench: the database name must contain 'bench', not {name!r}")
    with maintenance(url) as cursor:
        if fresh:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"bench: created database {name}", file=sys.stderr)


def prepare_database(deadline):
    """Migrate, load the demo and the synthetic data; returns the workshop slug to measure."""
    # Development settings, as `make run` uses, so load_demo creates the demo content.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialjustice.settings", **BENCH_ENV}
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=remaining(deadline),
        )
    # bench/data.py prints only the slug on stdout; its progress goes to stderr.
    loaded = subprocess.run(
        [sys.executable, "-m", "bench.data"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=remaining(deadline),
    )
    return loaded.stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(conn, path, method="GET", cookie=None):
    """One request; returns the status and the query count the bench middleware reported."""
    conn.request(method, path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("X-Bench-Queries")


def wait_until_up(server, port, deadline):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    until = min(deadline, time.monotonic() + 60)
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited with {server.returncode}, see its log")
        try:
            get(conn, BARE)
            return
        except (OSError, http.client.HTTPException):
            conn.close()
            time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not answer in time, see its log")


def probe(port, path, cookie=None):
    """A few requests one at a time: the page's status and the queries it costs."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    statuses, queries = Counter(), Counter()
    try:
        for _ in range(PROBES):
            status, count = get(conn, path, cookie=cookie)
            statuses[status] += 1
            queries[count] += 1
    finally:
        conn.close()
    return statuses, queries


def measure(port, path, args, deadline, cookie=None, role=None):
    """The page under load from wrk (bench/load.py), after a warm-up that fills the cache."""
    if remaining(deadline) < WARMUP_SECONDS + args.duration + 30:
        raise SystemExit(f"bench: out of time before measuring {path} (see --timeout)")
    statuses, queries = probe(port, path, cookie)
    load.run(port, path, seconds=WARMUP_SECONDS, cookie=cookie)
    figures = load.run(port, path, seconds=args.duration, cookie=cookie)
    status = "/".join(str(status) for status, _ in statuses.most_common())
    # What went wrong under load, if anything: not 2xx or 3xx, and sockets that failed.
    if figures["not_ok"]:
        status += f" {figures['not_ok']} bad"
    if figures["errors"]:
        status += f" {figures['errors']} err"
    return {
        "url": path if role is None else f"{path} ({role})",
        "path": path,
        "role": role,
        "status": status,
        "requests": figures["requests"],
        "median_ms": round(figures["p50_us"] / 1000, 2),
        "p95_ms": round(figures["p95_us"] / 1000, 2),
        "rps": round(figures["rps"], 1),
        "queries": queries.most_common(1)[0][0],
        "queries_vary": len(queries) > 1,
    }


def measure_cold(port, path, deadline):
    """The page's first request after the cache is emptied, and the request after it.

    One client, one request at a time, COLD_REPEATS times: the warm table's latencies include
    waiting for a worker under wrk's connections, so the cold request is compared with a
    warm one sent the same way. Run after the warm measurements, so both workers have their
    templates compiled and their database connections open: the difference is the cost of
    building the page.
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cold, warm, statuses, queries = [], [], Counter(), Counter()
    try:
        for _ in range(COLD_REPEATS):
            remaining(deadline)
            status, _count = get(conn, INVALIDATE, method="POST")
            if status != 204:
                raise SystemExit(f"bench: {INVALIDATE} answered {status}, see the gunicorn log")
            started = time.perf_counter()
            status, count = get(conn, path)
            cold.append(time.perf_counter() - started)
            statuses[status] += 1
            queries[count] += 1
            started = time.perf_counter()
            get(conn, path)
            warm.append(time.perf_counter() - started)
    finally:
        conn.close()
    return {
        "url": path,
        "status": "/".join(str(status) for status, _ in statuses.most_common()),
        "requests": len(cold),
        "median_ms": round(statistics.median(cold) * 1000, 2),
        "max_ms": round(max(cold) * 1000, 2),
        "warm_median_ms": round(statistics.median(warm) * 1000, 2),
        "queries": queries.most_common(1)[0][0],
        "queries_vary": len(queries) > 1,
    }


def print_table(rows):
    width = max(len(row["url"]) for row in rows) + 2
    goals = any(row.get("goal") is not None for row in rows)
    header = f"{'URL':<{width}}{'status':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
    print(f"{header}{'queries':>9}{'vs bare':>9}" + (f"{'goal':>7}" if goals else ""))
    for row in rows:
        queries = (row["queries"] or "-") + ("*" if row["queries_vary"] else "")
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}"
        goal = ""
        if goals and row.get("goal") is not None:
            goal = f"{row['goal']:>5.2f}" + (" ✓" if row["goal_met"] else " ✗")
        print(
            f"{row['url']:<{width}}{row['status']:>8}{row['median_ms']:>11.2f}"
            f"{row['p95_ms']:>9.2f}{row['rps']:>9.1f}{queries:>9}{ratio:>9}{goal:>7}"
        )
    if any(row["queries_vary"] for row in rows):
        print("* query count varied between requests; the most frequent is shown")


def print_cold_table(rows):
    width = max(len(row["url"]) for row in rows) + 2
    print(
        f"{'URL (cold: first request after emptying the cache)':<{width}}{'status':>8}"
        f"{'median ms':>11}{'max ms':>9}{'queries':>9}{'warm ms':>9}"
    )
    for row in rows:
        queries = (row["queries"] or "-") + ("*" if row["queries_vary"] else "")
        print(
            f"{row['url']:<{width}}{row['status']:>8}{row['median_ms']:>11.2f}"
            f"{row['max_ms']:>9.2f}{queries:>9}{row['warm_median_ms']:>9.2f}"
        )
    print(f"median and max of {COLD_REPEATS} requests, one at a time, each right after emptying")
    print("the cache; warm ms: the request after each, served from the cache")


@contextmanager
def gunicorn(
    deadline, *, worker_args=("--worker-class", "sync"), log_name="gunicorn.log", env=None
):
    """Gunicorn on a free port of 127.0.0.1 with the bench's settings (and `env` on top:
    another database, say); yields the port."""
    port = free_port()
    log_path = RESULTS / log_name
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(GUNICORN), "socialjustice.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(WORKERS), *worker_args]
            # Gunicorn's control socket is one per user under ~/.gunicorn: not ours to take.
            + ["--no-control-socket"],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV, **BENCH_ENV, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, deadline)
            yield port
        except SystemExit:
            print(f"gunicorn log: {log_path}", file=sys.stderr)
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def signed_in_urls(workshop_slug, details):
    """What a participant and an organiser open most, each with the share of the bare view it
    should reach (issue: signed-in pages at 0.25 or more, organisers' at 0.1 or more); and
    `details`, a page of each kind the directory, the collection and the tracker have."""
    organise = f"/organise/workshops/{workshop_slug}/"
    participant = ["/", "/workshops/", f"/workshops/{workshop_slug}/", "/me/", "/downloads/"]
    participant += ["/networks/", "/contributions/", "/recommendations/", *details]
    organiser = ["/organise/", "/organise/workshops/", organise, f"{organise}registrations/"]
    organiser.append("/organise/emails/")
    return [("participant", participant, 0.25), ("organiser", organiser, 0.1)]


def run_pages(workshop_slug, args, deadline):
    paths, cached_paths = urls(workshop_slug)
    env = {**os.environ, **SERVER_ENV, **BENCH_ENV}
    sessions = contributions.django_command(env, deadline, "bench.people", workshop_slug)
    paths = [*paths[:-1], *sessions["details"], paths[-1]]
    with gunicorn(deadline) as port:
        rows = [measure(port, path, args, deadline) for path in paths]
        for row in rows:
            row["goal"] = None if row["url"] in (BARE, "/healthz") else ANONYMOUS_GOAL
            row["block"] = 0
        # The ceiling again after each part (the visitors', the participant's, the
        # organiser's): each row is compared with the mean of the runs before and after its
        # part, the machine's speed while it was measured, and their spread says how steady
        # the machine was.
        bares = [rows[0], measure(port, BARE, args, deadline)]
        for block, (role, role_paths, goal) in enumerate(
            signed_in_urls(workshop_slug, sessions["details"]), start=1
        ):
            cookie = f"{sessions['cookie']}={sessions[role]}"
            for path in role_paths:
                rows.append(measure(port, path, args, deadline, cookie=cookie, role=role))
                rows[-1].update(goal=goal, block=block)
            bares.append(measure(port, BARE, args, deadline))
        cold_rows = [measure_cold(port, path, deadline) for path in cached_paths]

    bare_runs = [row["rps"] for row in bares]
    bare_rps = statistics.median(bare_runs)
    for row in rows:
        ceiling = (bare_runs[row["block"]] + bare_runs[row["block"] + 1]) / 2
        row["ratio"] = round(row["rps"] / ceiling, 3) if ceiling else None
        row["goal_met"] = None if row["goal"] is None else row["ratio"] >= row["goal"]
    print(f"Warm, under wrk (-t{load.THREADS} -c{load.CONNECTIONS} -d{args.duration}s): cached")
    print("pages served from Redis, filled by the warm-up; signed-in pages with their role")
    print_table(rows)
    spread = (max(bare_runs) - min(bare_runs)) / bare_rps if bare_rps else 0
    print(
        "bare view: " + ", ".join(f"{rps:.0f}" for rps in bare_runs) + " req/s at the start "
        "and after the visitors', the participant's and the organiser's pages; each row's ratio "
        "uses the mean of the two around its part"
    )
    if spread > DRIFT_WARNING:
        print(
            f"! the bare view's runs differ by {spread:.0%}: other processes were probably "
            "using the CPU; the ratios are unreliable"
        )
    missed = [row for row in rows if row["goal_met"] is False]
    print(
        f"goals (anonymous {ANONYMOUS_GOAL}, participant 0.25, organiser 0.1 of the bare view): "
        + ("all met" if not missed else "missed by " + ", ".join(row["url"] for row in missed))
    )
    print()
    print_cold_table(cold_rows)
    # The page with the fewest requests a second, profiled as the person it was measured as.
    slowest = min((row for row in rows if row["goal"] is not None), key=lambda row: row["rps"])
    cookie = f"{sessions['cookie']}={sessions[slowest['role']]}" if slowest["role"] else ""
    profile = contributions.django_command(
        env, deadline, "bench.page_profile", slowest["path"], cookie
    )
    print()
    print_page_profile(profile)
    summary = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_generator": f"wrk -t{load.THREADS} -c{load.CONNECTIONS} -d{args.duration}s",
        "workers": WORKERS,
        "database": urlsplit(BENCH_DATABASE_URL).path.lstrip("/"),
        "workshop": workshop_slug,
        "bare_runs_rps": bare_runs,
        "results": rows,
        "cold": cold_rows,
        "slowest_page_profile": profile,
    }
    (RESULTS / "latest.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {(RESULTS / 'latest.json').relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load from wrk per measured URL"
    )
    parser.add_argument("--timeout", type=int, default=1800, help="seconds for the whole run")
    parser.add_argument(
        "--fresh", action="store_true", help="drop the bench database and load it afresh"
    )
    parser.add_argument(
        "--only",
        choices=["pages", "registrations", "contributions", "breakouts", "networks", "growth"],
        help="run one part (default: all)",
    )
    parser.add_argument(
        "--registration-threads",
        type=int,
        default=registrations.THREADS,
        help="threads per gunicorn worker for the registration load test (gthread workers); "
        f"1 for sync workers (default: {registrations.THREADS})",
    )
    args = parser.parse_args()
    if args.duration < 1 or args.registration_threads < 1:
        parser.error("--duration and --registration-threads must be at least 1")
    deadline = time.monotonic() + args.timeout

    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_database(args.fresh)
    workshop_slug = prepare_database(deadline)
    env = {**os.environ, **SERVER_ENV, **BENCH_ENV}
    if args.only in (None, "pages"):
        run_pages(workshop_slug, args, deadline)
    if args.only in (None, "registrations"):
        if args.only is None:
            print()
        threads = args.registration_threads
        worker_args = ["--worker-class", "sync"]
        if threads > 1:
            worker_args = ["--worker-class", "gthread", "--threads", str(threads)]
        registrations.run(
            serve=lambda: gunicorn(
                deadline, worker_args=worker_args, log_name="gunicorn-registrations.log"
            ),
            server=f"gunicorn, {WORKERS} workers, " + " ".join(worker_args[1:]),
            env=env,
            deadline=deadline,
            results=RESULTS,
        )
    # The parts measured like the pages: their cached pages under wrk beside the bare view.
    for name, part in (
        ("contributions", contributions),
        ("breakouts", breakouts),
        ("networks", networks),
    ):
        if args.only not in (None, name):
            continue
        if args.only is None:
            print()
        part.run(
            serve=lambda name=name: gunicorn(deadline, log_name=f"gunicorn-{name}.log"),
            measure=lambda port, path: measure(port, path, args, deadline),
            print_table=print_table,
            bare=BARE,
            env=env,
            deadline=deadline,
            results=RESULTS,
        )
    if args.only in (None, "growth"):
        if args.only is None:
            print()
        growth.run(
            serve=lambda name, env: gunicorn(
                deadline, log_name=f"gunicorn-growth-{name}.log", env=env
            ),
            env=env,
            deadline=deadline,
            results=RESULTS,
        )


if __name__ == "__main__":
    main()
