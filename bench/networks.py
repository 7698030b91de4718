"""The directory with 500 networks and 20,000 organisations: the coverage map, the directory
and its search, the network picture, and a 5,000-row import of organisations.

bench/run.py runs this as a part (`--only networks` runs it alone):

1. bench/networks_data.py loads, once, 500 networks, 20,000 organisations in 64 towns and
   cities, 15 equality groups, ~30,000 memberships of organisations, 80 collaborations; each
   run signs in an organiser and writes a 5,000-row CSV of organisations.
2. Cold, under gunicorn with the bench's settings, one request at a time, the directory's
   page cache emptied before each (its version token deleted from Redis, as any save
   replaces it): the coverage map plain, with two groups at once, with a region, with a city
   and two groups, with sectors and with places as columns (goal: p95 under 200 ms); the
   directory's two first pages and two searches; the network picture (fewer times: it lays
   out the graph and ranks the bridges).
3. Warm, anonymous, from the page cache: the directory's first page, the organisations' and
   the coverage map and the picture, beside the bare view (the page table's threads and
   counts; the directory's goal: at least 0.5 of the bare view's requests per second).
4. The import, over HTTP as the organiser: the file uploaded, its columns (as guessed)
   confirmed, then the preview, several times (goal: under 10 s).
5. In-process (`python -m bench.networks explain PATH…`): each query of the uncached coverage
   pages with its time and its EXPLAIN ANALYZE execution time, the slowest first.

Results go to bench/results/networks.json. The data set stays for the next run.
"""

import http.client
import json
import os
import re
import sys
import time
from pathlib import Path

import redis

from bench.contributions import django_command
from bench.networks_import import import_preview, print_import
from bench.report import Timings, add_ratios, print_drift, print_goals, print_machine, write_results

ROOT = Path(__file__).resolve().parent.parent
DATA = "bench.networks_data"
DIRECTORY, ORGANISATIONS = "/networks/", "/networks/organisations/"
COVERAGE, PICTURE = "/networks/coverage/", "/networks/picture/"
TWO_GROUPS = "groups=disability&groups=migrant-status"
COVERAGE_PATHS = [
    COVERAGE,
    f"{COVERAGE}?{TWO_GROUPS}",
    f"{COVERAGE}?region=Yorkshire+and+the+Humber",
    f"{COVERAGE}?city=Leeds&{TWO_GROUPS}",
    f"{COVERAGE}?columns=sectors",
    f"{COVERAGE}?columns=places",
]
SEARCHES = [f"{DIRECTORY}?q=refugee", f"{ORGANISATIONS}?q=carers&group=age&place=Leeds"]
COVERAGE_GOAL_MS = 200
COVERAGE_QUERIES = 17  # tests/networks/test_coverage.py's PAGE_QUERIES
RATIO_GOAL = 0.5
PREVIEW_GOAL_S = 10
COLD_WARMUP, COLD_REQUESTS = 5, 40  # per URL, one at a time: the first not counted
PICTURE_REPEATS = {"warmup": 1, "requests": 5}
REQUEST_TIMEOUT = 120  # the picture, cold, takes a while with 20,000 organisations


def cold(port, label, path, empty, deadline, *, warmup=COLD_WARMUP, requests=COLD_REQUESTS):
    """One client, one request at a time, `empty()` before each; the first few not counted.
    The row is bench/contributions.py's uncached row."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    timings = Timings()
    try:
        for number in range(warmup + requests):
            if time.monotonic() > deadline:
                raise SystemExit(f"bench: out of time while measuring {label} (see --timeout)")
            if empty:
                empty()
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                timings.statuses[type(error).__name__] += 1
                continue
            elapsed = time.perf_counter() - started
            if number >= warmup:
                timings.add(elapsed * 1000, response)
    finally:
        conn.close()
    row = timings.summary(label)
    # The fastest: what the page costs when nothing else wants the CPU.
    row["min_ms"] = round(min(timings.times), 2) if timings.times else None
    row["from_cache"] = timings.queries["0"] if empty else 0  # no query: the emptying failed
    return row


def print_cold(rows):
    width = max(len(row["url"]) for row in rows) + 2
    print(
        f"{'URL (cold: the cache emptied before each)':<{width}}{'status':>8}{'requests':>9}"
        f"{'min ms':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'SQL ms':>8}"
    )
    for row in rows:
        figures = {key: row[key] or 0 for key in ("min_ms", "median_ms", "p95_ms", "max_ms")}
        print(
            f"{row['url']:<{width}}{row['status']:>8}{row['requests']:>9}{figures['min_ms']:>8.1f}"
            f"{figures['median_ms']:>11.2f}{figures['p95_ms']:>9.2f}{figures['max_ms']:>9.2f}"
            f"{row['queries']:>9}{row['sql_median_ms'] or 0:>8.2f}"
        )
    print(
        f"one at a time, after {COLD_WARMUP} not counted ({PICTURE_REPEATS['warmup']} for the "
        "picture); SQL ms: the median time in SQL\nstatements, from the server (the rest is "
        "Python: the view, the templates, the layout)"
    )
    served = sum(row["from_cache"] for row in rows)
    if served:
        print(f"! {served} requests made no query: served from the cache after all")


def print_plans(explained):
    for one in explained:
        print(
            f"{one['path']}: {one['queries']} queries, {one['sql_ms']:.1f} ms in SQL in-process;"
            " the slowest (ms in the request, in EXPLAIN ANALYZE):"
        )
        for query in one["slowest"]:
            print(f"  {query['ms']:>7.1f} {query['explain_ms'] or 0:>7.1f}  {query['sql'][:110]}")


def goals(warm, uncached, imported):
    checked = []

    def goal(text, found, met):
        checked.append({"goal": text, "found": found, "met": bool(met)})

    for row in uncached:
        if row["url"].startswith(COVERAGE):
            p95 = row["p95_ms"]
            goal(f"{row['url']}: p95 under {COVERAGE_GOAL_MS} ms cold", p95, (p95 or 1e9) < 200)
            most = max((int(n) for n in row["queries"].split("/") if n.isdigit()), default=None)
            text = f"{row['url']}: at most {COVERAGE_QUERIES} queries"
            goal(text, most, most is not None and most <= COVERAGE_QUERIES)
    for row in warm:
        if row["url"] in (DIRECTORY, ORGANISATIONS):
            ratio = row["ratio"]
            text = f"{row['url']} cached, at least {RATIO_GOAL} of the bare view's req/s"
            goal(text, ratio, ratio is not None and ratio >= RATIO_GOAL)
    found, answered = imported["preview_max_s"], {s["status"] for s in imported["previews"]}
    text = f"a {imported['rows']:,}-row import previews in under {PREVIEW_GOAL_S} s"
    goal(text, found, found < PREVIEW_GOAL_S and answered == {200})
    return checked


def run(*, serve, measure, print_table, bare, env, deadline, results):
    """The whole part. `serve()` starts gunicorn and yields its port; `measure(port, path)`
    and `print_table(rows)` are the page table's, so the warm rows compare with it."""
    data = django_command(env, deadline, DATA, "load")
    client = redis.Redis.from_url(data["cache_location"])

    def empty():
        client.delete(data["version_key"])

    load = [os.getloadavg()[0]]
    made = django_command(env, deadline, DATA, "setup")
    try:
        with serve() as port:
            uncached = [
                cold(port, f"{bare} (one at a time)", bare, None, deadline),
                *(cold(port, path, path, empty, deadline) for path in COVERAGE_PATHS),
                *(cold(port, path, path, empty, deadline) for path in (DIRECTORY, ORGANISATIONS)),
                *(cold(port, path, path, empty, deadline) for path in SEARCHES),
                cold(port, PICTURE, PICTURE, empty, deadline, **PICTURE_REPEATS),
            ]
            # The picture is kept now: the warm-up requests find it built.
            paths = (bare, DIRECTORY, ORGANISATIONS, COVERAGE_PATHS[1], PICTURE)
            warm = [measure(port, path) for path in paths]
            bare_again = measure(port, bare)
            imported = import_preview(port, made, deadline)
        load.append(os.getloadavg()[0])
    finally:
        django_command(env, deadline + 60, DATA, "cleanup", made["sessionid"])
    explained = django_command(env, deadline, __name__, "explain", *COVERAGE_PATHS)
    add_ratios(warm, bare_again)
    checked = goals(warm, uncached, imported)

    print(
        f"Networks: {data['networks']} networks, {data['organisations']:,} organisations "
        f"({data['cities']} towns and cities), {data['groups']} groups, {data['sectors']} "
        f"sectors, {data['memberships']:,} memberships of organisations, "
        f"{data['organisation_groups']:,} groups served, {data['collaborations']} collaborations"
    )
    print_machine(load)
    print_cold(uncached)
    print()
    print("Warm: anonymous, served from the page cache")
    print_table(warm)
    print_drift(warm[0], bare_again)
    print()
    print_import(imported)
    print()
    print_plans(explained)
    print()
    print_goals(checked)
    summary = {
        "data": data,
        "load_average": load,
        "uncached": uncached,
        "warm": warm,
        "bare_at_end": bare_again,
        "import": imported,
        "explain": explained,
        "goals": checked,
    }
    write_results(results, "networks", summary, root=ROOT)


# In-process, with the gunicorn environment: it needs Django, the rest does not.

SLOWEST = 4


def explain(path):
    """Each query of one uncached, anonymous request for `path`, the slowest first, with
    the execution time EXPLAIN ANALYZE gives it."""
    from django.db import connection
    from django.test import Client

    from networks.pages import NETWORK_PAGES
    from socialjustice.pagecache import invalidate

    client = Client(HTTP_HOST="127.0.0.1")  # in ALLOWED_HOSTS; "testserver" is not
    client.get(path)  # templates compiled, connection open
    captured = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((sql, params, (time.perf_counter() - started) * 1000))

    invalidate(NETWORK_PAGES)
    with connection.execute_wrapper(capture):
        client.get(path)
    slowest = []
    with connection.cursor() as cursor:
        for sql, params, ms in sorted(captured, key=lambda query: -query[2])[:SLOWEST]:
            cursor.execute(f"EXPLAIN (ANALYZE) {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
            executed = re.search(r"Execution Time: ([\d.]+) ms", plan)
            slowest.append(
                {
                    "ms": round(ms, 2),
                    "explain_ms": float(executed.group(1)) if executed else None,
                    "sql": sql,
                    "plan": plan.splitlines(),
                }
            )
    return {
        "path": path,
        "queries": len(captured),
        "sql_ms": round(sum(ms for *_, ms in captured), 2),
        "slowest": slowest,
    }


def main():
    command, *paths = sys.argv[1:] or ["help"]
    if command != "explain" or not paths:
        raise SystemExit(__doc__)
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from bench.data import check_database

    check_database()
    print(json.dumps([explain(path) for path in paths]))


if __name__ == "__main__":
    main()
