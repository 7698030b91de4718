"""Benchmark the portal under gunicorn with production settings, page by page.

    python bench/run.py [--requests N] [--concurrency N] [--timeout SECONDS]

Migrates the database and loads the demo content, starts gunicorn on 127.0.0.1 with
bench.settings, and for each URL in URLS prints median and 95th-percentile latency,
requests per second and SQL queries per request, beside the bare view that is the ceiling.
The table is also written to bench/results/latest.json.
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# The interpreter running this is the project's virtualenv, so gunicorn sits beside it.
GUNICORN = Path(sys.executable).parent / "gunicorn"

BARE = "/bench/bare/"
# Later features add their pages here. The bare view comes first so every ratio has its ceiling.
URLS = [BARE, "/", "/networks/", "/healthz"]

WORKERS = 2  # one sync worker per core on the benchmark machine
WARMUP = 50  # requests per URL before measuring: connections opened, templates loaded

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


def prepare_database(deadline):
    # Development settings, as `make run` uses, so load_demo creates the demo content.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialjustice.settings"}
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=remaining(deadline),
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(conn, path):
    """One GET; returns the status and the query count the bench middleware reported."""
    conn.request("GET", path)
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


def print_table(rows):
    header = f"{'URL':<28}{'status':>8}{'median ms':>11}{'p95 ms':>9}{'req/s':>9}"
    print(f"{header}{'queries':>9}{'vs bare':>9}")
    for row in rows:
        queries = (row["queries"] or "-") + ("*" if row["queries_vary"] else "")
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}"
        print(
            f"{row['url']:<28}{row['status']:>8}{row['median_ms']:>11.2f}{row['p95_ms']:>9.2f}"
            f"{row['rps']:>9.1f}{queries:>9}{ratio:>9}"
        )
    if any(row["queries_vary"] for row in rows):
        print("* query count varied between requests; the most frequent is shown")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per URL")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--timeout", type=int, default=600, help="seconds for the whole run")
    args = parser.parse_args()
    if args.requests < 1 or args.concurrency < 1:
        parser.error("--requests and --concurrency must be at least 1")
    deadline = time.monotonic() + args.timeout

    RESULTS.mkdir(parents=True, exist_ok=True)
    prepare_database(deadline)
    port = free_port()
    log_path = RESULTS / "gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(GUNICORN), "socialjustice.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", str(WORKERS), "--worker-class", "sync"]
            # Gunicorn's control socket is one per user under ~/.gunicorn: not ours to take.
            + ["--no-control-socket"],
            cwd=ROOT,
            env={**os.environ, **SERVER_ENV},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, deadline)
            rows = [measure(port, path, args, deadline) for path in URLS]
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

    bare_rps = next((row["rps"] for row in rows if row["url"] == BARE), None)
    for row in rows:
        row["ratio"] = round(row["rps"] / bare_rps, 3) if bare_rps else None
    print_table(rows)
    summary = {
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "workers": WORKERS,
        "results": rows,
    }
    (RESULTS / "latest.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"written to {(RESULTS / 'latest.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
