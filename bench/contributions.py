"""The public collection of contributions with 20,000 of them: cached, searched, intersected.

bench/run.py runs this as a part (`--only contributions` runs it alone):

1. bench/contributions_data.py loads, once, 20,000 accepted, public contributions (15 groups,
   10 sectors, 6 calls of 6 workshops), search vectors filled as the service fills them.
2. Gunicorn starts with the bench's settings, as for the page table. Warm: the unfiltered
   first page of /contributions/ as an anonymous visitor, served from the page cache, beside
   the bare view (run before and after it; the ratio uses their mean), with the page table's
   client threads and counts (the ratio's goal: 0.5).
3. Uncached, one request at a time, the collection's cache emptied before each (its version
   token deleted from Redis, as an edit replaces it): the unfiltered first page, a search of
   two words alone, then with a group and a sector chosen (the same each time, then a
   different one each time), an intersection of two groups. Search goal: p95 under 50 ms.
4. In-process (`python -m bench.contributions explain PATH… | facets PATH…`, the test client
   and the bench settings): EXPLAIN (ANALYZE, BUFFERS) of every query of the searches (do
   they use the GIN index contribution_search_idx?), and the time of the facet counts (the
   statement that counts them also reads the first page's ids).

Results go to bench/results/contributions.json. The data set stays for the next run.
"""

import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import redis

from bench.report import (
    Timings,
    add_ratios,
    percentile,
    print_drift,
    print_goals,
    print_machine,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
COLLECTION = "/contributions/"
WORDS_ONLY = "/contributions/?q=lockdown+older"
SEARCH = f"{WORDS_ONLY}&groups=age&sector=health"
INTERSECTION = "/contributions/?groups=disability&groups=socio-economic-disadvantage"
INDEX = "contribution_search_idx"
RATIO_GOAL = 0.5
SEARCH_GOAL_MS = 50
UNCACHED_WARMUP = 10
UNCACHED_REQUESTS = 100  # per URL, one at a time
# Words the data set's texts use, often and rarely; the varied search takes two of them.
WORDS = (
    "lockdown older digital exclusion housing eviction interpreters school vaccination carers"
    " council funding bus refugees disabled women mental appointments community survey"
    " poverty homelessness pandemic trans Muslim deaf laptop furlough police care"
)
GROUPS = "age disability race-and-ethnicity sex migrant-status socio-economic-disadvantage carers"
SECTORS = "health social-care education housing employment transport local-government"
TOKEN = re.compile(r"Index (?:Only )?Scan (?:using|on) (\w+)")


def varied_searches(count, seed=2026):
    """`count` different searches of two words, each with a group and a sector chosen."""
    rng, paths = random.Random(seed), []
    while len(paths) < count:
        query = urlencode(
            {
                "q": " ".join(rng.sample(WORDS.split(), 2)),
                "groups": rng.choice(GROUPS.split()),
                "sector": rng.choice(SECTORS.split()),
            }
        )
        if f"{COLLECTION}?{query}" not in paths:
            paths.append(f"{COLLECTION}?{query}")
    return paths


def measure_uncached(port, label, paths, empty, deadline):
    """One client, one request at a time, `empty()` before each; the first few not counted."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = Timings()
    try:
        for number, path in enumerate(paths):
            if time.monotonic() > deadline:
                raise SystemExit(f"bench: out of time while measuring {label} (see --timeout)")
            if empty:
                empty()
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if number >= UNCACHED_WARMUP:
                timings.add(elapsed * 1000, response)
    finally:
        conn.close()
    row = timings.summary(label)
    # A request with no query was served from the cache: the emptying did not work.
    row["from_cache"] = timings.queries["0"] if empty else 0
    return row


def django_command(env, deadline, module, *args):
    """Run a bench module's Django command; returns the JSON it printed last."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=max(1.0, deadline - time.monotonic()),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_uncached(rows):
    width = max(len(row["url"]) for row in rows) + 2
    print(
        f"{'URL (uncached: the cache emptied before each)':<{width}}{'status':>8}"
        f"{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'queries':>9}{'SQL ms':>8}"
    )
    for row in rows:
        print(
            f"{row['url']:<{width}}{row['status']:>8}{row['median_ms']:>11.2f}"
            f"{row['p95_ms']:>9.2f}{row['max_ms']:>9.2f}{row['queries']:>9}"
            f"{row['sql_median_ms']:>8.2f}"
        )
    print(
        f"{UNCACHED_REQUESTS} requests each, one at a time, after {UNCACHED_WARMUP} not counted; "
        "SQL ms: the median time\nin SQL statements, from the server (the rest is Python: "
        "the view, the templates, the middleware)"
    )
    served = sum(row["from_cache"] for row in rows)
    if served:
        print(f"! {served} requests made no query: served from the cache after all")


def label_of(sql):
    """What a query of the collection page is for, from its SQL."""
    if sql.startswith("WITH b AS MATERIALIZED"):
        return "count, facets, the page's ids"
    if '"__count"' in sql:
        return "results: count (paginator)"
    if "_prefetch_related_val" in sql:
        return "prefetch: " + re.search(r'FROM "networks_(\w+)"', sql).group(1)
    grouped = re.match(r'SELECT (?:\w+\()?"(\w+)"\."(\w+)"', sql)
    if grouped and "GROUP BY" in sql:  # a facet: what it counts is what it selects first
        table, column = grouped.groups()
        return f"facet: {column if table == 'contributions_contribution' else table.split('_')[1]}"
    return "results: first page" if "LIMIT" in sql else sql[:30]


def summarise_plans(explained):
    rows = []
    for query in explained["plans"]:
        plan = "\n".join(query["plan"])
        executed = re.search(r"Execution Time: ([\d.]+) ms", plan)
        rows.append(
            {
                "query": label_of(query["sql"]),
                "request_ms": query["ms"],
                "explain_ms": float(executed.group(1)) if executed else None,
                "searches": "@@" in query["sql"],
                "indexes": sorted(set(TOKEN.findall(plan))),
            }
        )
    return rows


def print_plans(explained):
    print(
        f"EXPLAIN (ANALYZE, BUFFERS) of each query of {explained['path']}, uncached, "
        f"in-process ({explained['queries']} queries)"
    )
    print(f"{'query':<30}{'in request ms':>14}{'EXPLAIN ms':>12}{'@@':>4}  indexes used")
    for row in explained["summary"]:
        print(
            f"{row['query']:<30}{row['request_ms']:>14.2f}{row['explain_ms'] or 0:>12.2f}"
            f"{'yes' if row['searches'] else '':>4}  {', '.join(row['indexes']) or '-'}"
        )
    count = next((q for q in explained["plans"] if '"__count"' in q["sql"]), None)
    if count:
        print("The plan of the count, the query that selects the results:")
        for line in count["plan"]:
            print(f"  {line}")


def print_facets(facets):
    print(
        "Facet counts in-process (contributions.selectors.collection.facets), "
        f"{facets['repeats']} calls each"
    )
    width = max(len(row["url"]) for row in facets["rows"]) + 2
    print(f"{'filters':<{width}}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    for row in facets["rows"]:
        print(
            f"{row['url']:<{width}}{row['median_ms']:>11.2f}{row['p95_ms']:>9.2f}"
            f"{row['queries']:>9}"
        )


def goals(ratio, uncached, explained):
    def goal(text, found, met):
        return {"goal": text, "found": found, "met": bool(met)}

    text = f"cached first page at least {RATIO_GOAL} of the bare view's req/s"
    checked = [goal(text, ratio, ratio is not None and ratio >= RATIO_GOAL)]
    for row in uncached:  # the goal's search: two words and two facets
        if "?q=" in row["url"] and "groups=" in row["url"]:
            text = f"{row['url']}: p95 under {SEARCH_GOAL_MS} ms uncached"
            checked.append(goal(text, row["p95_ms"], row["p95_ms"] < SEARCH_GOAL_MS))
    for one in explained:
        searching = [row for row in one["summary"] if row["searches"]]
        using = sum(INDEX in row["indexes"] for row in searching)
        text = f"{one['path']}: the queries that search (@@) use {INDEX}"
        checked.append(goal(text, f"{using} of {len(searching)}", using == len(searching) > 0))
    return checked


def run(*, serve, measure, print_table, bare, env, deadline, results):
    """The whole part. `serve()` starts gunicorn and yields its port; `measure(port, path)`
    and `print_table(rows)` are the page table's, so the warm rows compare with it."""
    data = django_command(env, deadline, "bench.contributions_data", "load")
    client = redis.Redis.from_url(data["cache_location"])

    def empty():
        # The next request finds no token, makes a new one: nothing cached under it yet.
        client.delete(data["version_key"])

    total = UNCACHED_WARMUP + UNCACHED_REQUESTS
    load = [os.getloadavg()[0]]
    label = f"{COLLECTION}?q=<2 words>&groups=<1>&sector=<1>, {UNCACHED_REQUESTS} different"
    with serve() as port:
        empty()
        warm = [measure(port, bare), measure(port, COLLECTION)]
        bare_again = measure(port, bare)
        uncached = [
            measure_uncached(port, f"{bare} (one at a time)", [bare] * total, None, deadline),
            *(
                measure_uncached(port, path, [path] * total, empty, deadline)
                for path in (COLLECTION, WORDS_ONLY, SEARCH)
            ),
            measure_uncached(port, label, varied_searches(total), empty, deadline),
            measure_uncached(port, INTERSECTION, [INTERSECTION] * total, empty, deadline),
        ]
    load.append(os.getloadavg()[0])
    explained = django_command(env, deadline, __name__, "explain", WORDS_ONLY, SEARCH)
    facets = django_command(
        env, deadline, __name__, "facets", COLLECTION, WORDS_ONLY, SEARCH, INTERSECTION
    )
    add_ratios(warm, bare_again)
    for one in explained:
        one["summary"] = summarise_plans(one)
    checked = goals(warm[1]["ratio"], uncached, explained)

    print(
        f"Contributions: {data['contributions']} public in {data['calls']} calls, "
        f"{data['groups']} groups, {data['sectors']} sectors ({data['all_public']} public in "
        f"all); search vectors: {data['vectors']['equal_to_index_for_search']} of "
        f"{data['vectors']['sampled']} sampled equal to index_for_search's"
    )
    print_machine(load)
    print("Warm: the unfiltered first page, anonymous, served from the page cache")
    print_table(warm)
    print_drift(warm[0], bare_again)
    print()
    print_uncached(uncached)
    print()
    for one in explained:
        print_plans(one)
        print()
    print_facets(facets)
    print()
    print_goals(checked)
    summary = {
        "data": data,
        "load_average": load,
        "warm": warm,
        "bare_at_end": bare_again,
        "uncached": uncached,
        "explain": explained,
        "facets": facets,
        "goals": checked,
    }
    write_results(results, "contributions", summary, root=ROOT)


# In-process commands, run with the gunicorn environment: they need Django, the rest does not.

FACET_REPEATS = 30


def explain(path):
    """Each query of one uncached, anonymous request for `path`, with its plan; its count
    in "queries", each SELECT's (and WITH's) SQL, time and plan in "plans"."""
    from django.db import connection
    from django.test import Client

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

    invalidate("contributions")
    with connection.execute_wrapper(capture):
        status = client.get(path).status_code
    plans = []
    with connection.cursor() as cursor:
        for sql, params, ms in captured:
            # Not the type look-ups psycopg2 makes on a new connection: the page's own.
            if sql.lstrip().upper().startswith(("SELECT", "WITH")) and "pg_type" not in sql:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                plan = [line for (line,) in cursor.fetchall()]
                plans.append({"sql": sql, "ms": round(ms, 2), "plan": plan})
    return {"path": path, "status": status, "queries": len(captured), "plans": plans}


def time_facets(paths):
    """selectors.facets for each path's filters: median and p95 of FACET_REPEATS calls."""
    from django.db import connection
    from django.http import QueryDict

    from contributions.forms.search import filters_from
    from contributions.selectors.collection import facets

    rows = []
    for path in paths:
        filters, _kept = filters_from(QueryDict(path.partition("?")[2]))
        facets(filters)  # warm-up
        times, made = [], []

        def count(execute, sql, params, many, context, made=made):
            made.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            for _ in range(FACET_REPEATS):
                started = time.perf_counter()
                facets(filters)
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        rows.append(
            {
                "url": path,
                "median_ms": round(statistics.median(times), 2),
                "p95_ms": round(percentile(times, 0.95), 2),
                "queries": len(made) // FACET_REPEATS,
            }
        )
    return {"repeats": FACET_REPEATS, "rows": rows}


def main():
    command, *paths = sys.argv[1:] or ["help"]
    if command not in ("explain", "facets") or not paths:
        raise SystemExit(__doc__)
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from bench.data import check_database

    check_database()
    result = [explain(path) for path in paths] if command == "explain" else time_facets(paths)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
