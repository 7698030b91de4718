"""Benchmark the portal under gunicorn with production settings, page by page.

    python bench/run.py [--requests N] [--concurrency N] [--timeout SECONDS] [--fresh]
                        [--only pages|registrations|contributions|breakouts]
                        [--registration-threads N]

Works on its own database (BENCH_DATABASE_URL, created if missing; --fresh drops and reloads
it) and its own cache key prefix, never the developer's. Migrates it, loads the demo content
and the synthetic data set of bench/data.py, starts gunicorn on 127.0.0.1 with bench.settings,
and for each URL prints median and 95th-percentile latency, requests per second and SQL
queries per request, beside the bare view that is the ceiling. Pages cached in Redis are
measured warm (the warm-up requests fill the cache); a second table gives each cached page's
cold request, the first after the cache is emptied. Both are written to
bench/results/latest.json.

Then bench/registrations.py: 500 guests register at once for 100 places, over HTTP, the
database is checked, the organisers' dashboard is measured with 5,000 registrations, and one
registration is profiled in-process (bench/results/registrations.json). Then
bench/contributions.py: the public collection with 20,000 contributions, cached, searched and
intersected, with the search's query plans (bench/results/contributions.json). Then
bench/breakouts.py: 100 workshops' reports of 8 groups × 30 items, the recommendation tracker
and the research agenda, cached and not; 20 facilitators autosaving one group at once; the
largest report's PDF, handed to a worker and built (bench/results/breakouts.json). `--only`
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
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, so the project is not on the path by itself; bench.registrations needs it.
sys.path.insert(0, str(ROOT))

from bench import breakouts, contributions, registrations  # noqa: E402

RESULTS = ROOT / "bench" / "results"
# The interpreter running this is the project's virtualenv, so gunicorn sits beside it.
GUNICORN = Path(sys.executable).parent / "gunicorn"

BARE = "/bench/bare/"
INVALIDATE = "/bench/invalidate/"

WORKERS = 2  # one sync worker per core on the benchmark machine
WARMUP = 50  # requests per URL before measuring: connections opened, templates loaded, cache filled
# Cold requests per cached page; each follows its own invalidation. The median of a few keeps
# one scheduling hiccup out of the table.
COLD_REPEATS = 5
# The bare view is measured again at the end; a bigger change than this means a noisy machine.
DRIFT_WARNING = 0.1

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
BENCH_ENV = {
    "DATABASE_URL": BENCH_DATABASE_URL,
    "CACHE_KEY_PREFIX": "bench",
    "CELERY_TASK_DEFAULT_QUEUE": "bench",
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
    # The role may create databases; it connects to the maintenance database to do so.
    conn = psycopg2.connect(
        dbname="postgres",
        user=unquote(url.username or ""),
        password=unquote(url.password or ""),
        host=url.hostname,
        port=url.port or 5432,
    )
    conn.autocommit = True  # CREATE and DROP DATABASE cannot run inside a transaction
    try:
        with conn.cursor() as cursor:
            if fresh:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"bench: created database {name}", file=sys.stderr)
    finally:
        conn.close()


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


def get(conn, path, method="GET"):
    """One request; returns the status and the query count the bench middleware reported."""
    conn.request(method, path)
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


def hammer(port, path, total, concurrency, deadline):
    """Send `total` GETs from `concurrency` threads; returns latencies, statuses, query counts."""
    lock = threading.Lock()
    left = [total]
    latencies, statuses, queries = [], Counter(), Counter()

    def worker():
        # Keep-alive where the server offers it; gunicorn's sync workers close after each
        # response, and http.client then reconnects by itself, as a browser would.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while True:
                with lock:
                    if left[0] == 0 or time.monotonic() > deadline:
                        return
                    left[0] -= 1
                started = time.perf_counter()
                try:
                    status, count = get(conn, path)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    status, count = "error", None
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[status] += 1
                    queries[count] += 1
        finally:
            conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, queries, time.perf_counter() - started


def measure(port, path, args, deadline):
    remaining(deadline)
    hammer(port, path, WARMUP, args.concurrency, deadline)
    latencies, statuses, queries, wall = hammer(
        port, path, args.requests, args.concurrency, deadline
    )
    # Numbers from a cut-short run would sit in the table as if comparable: report none.
    if len(latencies) < args.requests:
        raise SystemExit(f"bench: out of time while measuring {path} (see --timeout)")
    ordered = sorted(latencies)
    return {
        "url": path,
        # Most frequent first; anything besides one status is worth seeing.
        "status": "/".join(str(status) for status, _ in statuses.most_common()),
        "requests": len(latencies),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "rps": round(len(latencies) / wall, 1),
        "queries": queries.most_common(1)[0][0],
        "queries_vary": len(queries) > 1,
    }


def measure_cold(port, path, deadline):
    """The page's first request after the cache is emptied, and the request after it.

    One client, one request at a time, COLD_REPEATS times: the warm table's latencies include
    waiting for a worker under --concurrency clients, so the cold request is compared with a
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
    header = f"{'URL':<{width}}{'status':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
    print(f"{header}{'queries':>9}{'vs bare':>9}")
    for row in rows:
        queries = (row["queries"] or "-") + ("*" if row["queries_vary"] else "")
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(
            f"{row['url']:<{width}}{row['status']:>8}{row['median_ms']:>11.2f}"
            f"{row['p95_ms']:>9.2f}{row['rps']:>9.1f}{queries:>9}{ratio:>9}"
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
def gunicorn(deadline, *, worker_args=("--worker-class", "sync"), log_name="gunicorn.log"):
    """Gunicorn on a free port of 127.0.0.1 with the bench's settings; yields the port."""
    port = free_port()
    log_path = RESULTS / log_name
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(GUNICORN), "socialjustice.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(WORKERS), *worker_args]
            # Gunicorn's control socket is one per user under ~/.gunicorn: not ours to take.
            + ["--no-control-socket"],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV, **BENCH_ENV},
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


def run_pages(workshop_slug, args, deadline):
    paths, cached_paths = urls(workshop_slug)
    with gunicorn(deadline) as port:
        rows = [measure(port, path, args, deadline) for path in paths]
        # The ceiling once more: if it moved, something else took the CPU meanwhile.
        bare_again = measure(port, BARE, args, deadline)
        cold_rows = [measure_cold(port, path, deadline) for path in cached_paths]

    bare_rps = next((row["rps"] for row in rows if row["url"] == BARE), None)
    for row in rows:
        row["ratio"] = round(row["rps"] / bare_rps, 3) if bare_rps else None
    print("Warm: cached pages served from Redis, filled by the warm-up requests")
    print_table(rows)
    drift = bare_again["rps"] / bare_rps - 1 if bare_rps else 0
    if abs(drift) > DRIFT_WARNING:
        print(
            f"! the bare view gave {bare_again['rps']:.1f} req/s at the end, {drift:+.0%} from "
            "the start: other processes were probably using the CPU; the ratios are unreliable"
        )
    print()
    print_cold_table(cold_rows)
    summary = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "workers": WORKERS,
        "database": urlsplit(BENCH_DATABASE_URL).path.lstrip("/"),
        "workshop": workshop_slug,
        "results": rows,
        "bare_at_end": bare_again,
        "cold": cold_rows,
    }
    (RESULTS / "latest.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {(RESULTS / 'latest.json').relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per URL")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--timeout", type=int, default=600, help="seconds for the whole run")
    parser.add_argument(
        "--fresh", action="store_true", help="drop the bench database and load it afresh"
    )
    parser.add_argument(
        "--only",
        choices=["pages", "registrations", "contributions", "breakouts"],
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
    if args.requests < 1 or args.concurrency < 1 or args.registration_threads < 1:
        parser.error("--requests, --concurrency and --registration-threads must be at least 1")
    deadline = time.monotonic() + args.timeout

    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_database(args.fresh)
    workshop_slug = prepare_database(deadline)
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
            env={**os.environ, **SERVER_ENV, **BENCH_ENV},
            deadline=deadline,
            results=RESULTS,
        )
    if args.only in (None, "contributions"):
        if args.only is None:
            print()
        contributions.run(
            serve=lambda: gunicorn(deadline, log_name="gunicorn-contributions.log"),
            measure=lambda port, path: measure(port, path, args, deadline),
            print_table=print_table,
            bare=BARE,
            env={**os.environ, **SERVER_ENV, **BENCH_ENV},
            deadline=deadline,
            results=RESULTS,
        )
    if args.only in (None, "breakouts"):
        if args.only is None:
            print()
        breakouts.run(
            serve=lambda: gunicorn(deadline, log_name="gunicorn-breakouts.log"),
            measure=lambda port, path: measure(port, path, args, deadline),
            print_table=print_table,
            bare=BARE,
            env={**os.environ, **SERVER_ENV, **BENCH_ENV},
            deadline=deadline,
            results=RESULTS,
        )


if __name__ == "__main__":
    main()
