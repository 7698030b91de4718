"""Costs that grow with the data: each page at 1× and at 10× its data, side by side.

bench/run.py runs this as a part (`--only growth` runs it alone):

1. bench/growth_data.py makes the 1× portal: bench/data.py's 200 workshops (15 programme
   items and 5 materials each, on average) and one workshop with 5,000 registrations, with a
   signed-in organiser.
2. Gunicorn starts with the bench's settings, and each page is asked for one request at a
   time (3 not counted, then 30): the public pages as an anonymous visitor, each right after
   the public pages' cache is emptied as an organiser's edit empties it (their groups' tokens
   replaced), so each is built afresh; the organisers' pages signed in as a site organiser
   (their workshop list emptied the same way; the dashboard is never cached).
3. bench/growth_data.py makes the portal 10×: 2,000 workshops (nine more on each day, with
   the same programmes and materials) and the workshop of registrations with 50,000; the
   same pages are asked for again, on a fresh server, the same way.
4. Everything the part made is deleted, so the other parts see bench/data.py's portal.

The table gives each page's median and 95th percentile at 1× and 10×, the growth of the
median and whether it is within GOAL (1.5×). The calendar feed is measured three ways: after
an edit of anything (what a visitor meets once an organiser has saved something), after an
edit of one of its workshops (its event written again), and with nothing cached at all (the
first request after a deploy or a flushed Redis: every event written), the last for
information. Results
go to bench/results/growth.json.
"""

import http.client
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg2
import redis

from bench.contributions import django_command
from bench.report import Timings, write_results

ROOT = Path(__file__).resolve().parent.parent
DATA = "bench.growth_data"
INVALIDATE = "/bench/invalidate/"
GOAL = 1.5
WARMUP = 3
REQUESTS = 30
REQUEST_TIMEOUT = 60

# (label, address or the state's key for it, who asks, the cache emptied before each: none,
# "pages" (as any edit empties it), "workshop" (an upcoming workshop saved, then the pages
# emptied, as its edit does) or "all" (the calendar events kept per workshop too))
PAGES = [
    ("home page", "/", "anonymous", "pages"),
    ("workshop list", "/workshops/", "anonymous", "pages"),
    ("downloads", "/downloads/", "anonymous", "pages"),
    ("calendar feed, after an edit", "/workshops/calendar.ics", "anonymous", "pages"),
    ("calendar feed, a workshop edited", "/workshops/calendar.ics", "anonymous", "workshop"),
    ("calendar feed, nothing cached", "/workshops/calendar.ics", "anonymous", "all"),
    # Kept with the workshop pages: measured as after an edit, built afresh each time.
    ("organisers' workshop list", "/organise/workshops/", "organiser", "pages"),
    ("registration dashboard", "dashboard_url", "organiser", None),
    ("dashboard, the waiting list", "waiting_url", "organiser", None),
    ("dashboard, a search", "search_url", "organiser", None),
    ("the last person waiting", "last_waiting_url", "organiser", None),
]
# Not held to the goal: built from nothing, the feed is the sum of its events (see above).
FOR_INFORMATION = {"calendar feed, nothing cached"}


class Client:
    """One connection, one request at a time, as one person clicking."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(self, method, path, cookie=None):
        headers = {"Cookie": cookie} if cookie else {}
        started = time.perf_counter()
        try:
            self.conn.request(method, path, headers=headers)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        return response, body, time.perf_counter() - started

    def close(self):
        self.conn.close()


def measure(port, path, cookie, empty, deadline):
    """WARMUP requests not counted, then REQUESTS, each after `empty()` when there is one."""
    client, timings, sizes = Client(port), Timings(), []
    try:
        for number in range(WARMUP + REQUESTS):
            if time.monotonic() > deadline:
                raise SystemExit(f"bench: out of time while measuring {path} (see --timeout)")
            if empty:
                empty()
            response, body, seconds = client.request("GET", path, cookie)
            if number >= WARMUP:
                timings.add(seconds * 1000, response)
                sizes.append(len(body))
    finally:
        client.close()
    row = timings.summary(path)
    # A page meant to be built afresh that made no query came from the cache after all.
    row["from_cache"] = timings.queries["0"] if empty else 0
    row["bytes"] = round(statistics.median(sizes))
    return row


def measure_all(port, state, deadline, database_url):
    client = redis.Redis.from_url(state["cache_location"])
    database = psycopg2.connect(database_url)
    database.autocommit = True
    invalidator = Client(port)
    cookie = f"{state['session_cookie']}={state['sessionid']}"

    def empty_pages():
        response, _body, _seconds = invalidator.request("POST", INVALIDATE)
        if response.status != 204:
            raise SystemExit(f"bench: {INVALIDATE} answered {response.status}")

    def empty_all():
        empty_pages()
        keys = list(client.scan_iter(match=state["event_keys"], count=1000))
        if keys:
            client.delete(*keys)

    def edit_workshop():
        # What saving the workshop changes for its event: its edit time.
        with database.cursor() as cursor:
            cursor.execute(
                "UPDATE workshops_workshop SET updated_at = now() WHERE id = %s",
                [state["edited_workshop_id"]],
            )
        empty_pages()

    empties = {None: None, "pages": empty_pages, "workshop": edit_workshop, "all": empty_all}
    rows = {}
    try:
        for label, address, who, emptied in PAGES:
            path = state.get(address, address)
            rows[label] = measure(
                port, path, cookie if who == "organiser" else None, empties[emptied], deadline
            )
    finally:
        invalidator.close()
        database.close()
    return rows


def compare(small, large):
    rows = []
    for label, _address, who, emptied in PAGES:
        one, ten = small[label], large[label]
        growth = round(ten["median_ms"] / one["median_ms"], 2) if one["median_ms"] else None
        rows.append(
            {
                "page": label,
                "who": who,
                "built_afresh": emptied is not None or who == "organiser",
                "1x": one,
                "10x": ten,
                "growth": growth,
                "held_to_goal": label not in FOR_INFORMATION,
                "within_goal": growth is not None and growth <= GOAL,
            }
        )
    return rows


def describe(state):
    return (
        f"{state['workshops']:,} workshops ({state['synthetic_workshops']:,} synthetic), "
        f"{state['programme_items']:,} programme items, {state['materials']:,} materials; "
        f"{state['registrations']:,} registrations on one workshop ({state['waiting']:,} waiting)"
    )


def print_rows(rows):
    print(
        f"{'page':<32}{'1x median':>10}{'p95':>8}{'10x median':>11}{'p95':>8}{'growth':>8}"
        f"  {'goal':<8}{'queries 1x/10x':>15}{'SQL ms 1x/10x':>15}"
    )
    for row in rows:
        one, ten = row["1x"], row["10x"]
        if not row["held_to_goal"]:
            verdict = "(info)"
        else:
            verdict = "within" if row["within_goal"] else "OVER"
        queries = f"{one['queries']}/{ten['queries']}"
        sql = f"{one['sql_median_ms']:.1f}/{ten['sql_median_ms']:.1f}"
        print(
            f"{row['page']:<32}{one['median_ms']:>10.1f}{one['p95_ms']:>8.1f}"
            f"{ten['median_ms']:>11.1f}{ten['p95_ms']:>8.1f}{row['growth'] or 0:>7.2f}x"
            f"  {verdict:<8}{queries:>15}{sql:>15}"
        )
    odd = [
        f"{row['page']} ({scale}: {row[scale]['status']}, {row[scale]['from_cache']} from cache)"
        for row in rows
        for scale in ("1x", "10x")
        if row[scale]["status"] != "200" or row[scale]["from_cache"]
    ]
    if odd:
        print("! not every answer was a 200 built afresh: " + "; ".join(odd))
    print(
        f"{REQUESTS} requests each, one at a time, after {WARMUP} not counted; milliseconds. "
        "Public pages: anonymous,\nthe public pages' cache emptied before each (as an edit "
        "empties it); organisers' pages: a site organiser,\nthe workshop list emptied the same "
        "way, the dashboard never cached. Growth: the 10x "
        f"median over the 1x median; the goal is {GOAL}x at most."
    )


def run(*, serve, env, deadline, results):
    """The whole part. `serve()` starts gunicorn and yields its port; `env` is its
    environment, for the data commands."""
    load = [os.getloadavg()[0]]
    try:
        small_state = django_command(env, deadline, DATA, "setup")
        with serve() as port:
            small = measure_all(port, small_state, deadline, env["DATABASE_URL"])
        load.append(os.getloadavg()[0])
        large_state = django_command(env, deadline, DATA, "grow")
        with serve() as port:
            large = measure_all(port, large_state, deadline, env["DATABASE_URL"])
        load.append(os.getloadavg()[0])
    finally:
        cleaned = django_command(env, deadline + 120, DATA, "cleanup")
        print(
            f"bench: deleted the growth part's {cleaned['workshops_deleted']} workshops",
            file=sys.stderr,
        )
    rows = compare(small, large)
    held = [row for row in rows if row["held_to_goal"]]
    print("Growth: the same pages at 1x and 10x the data")
    print(f"1x:  {describe(small_state)}")
    print(f"10x: {describe(large_state)}")
    print(
        f"machine: load average {load[0]:.2f} before, {load[1]:.2f} after 1x, {load[2]:.2f} "
        f"after 10x ({os.cpu_count()} cores)"
    )
    print_rows(rows)
    over = [row["page"] for row in held if not row["within_goal"]]
    print(
        f"{'MET ' if not over else 'NOT MET'}  every page within {GOAL}x at 10x the data"
        + (f"  (over: {', '.join(over)})" if over else "")
    )
    summary = {
        "goal": GOAL,
        "requests": REQUESTS,
        "warmup": WARMUP,
        "load_average": load,
        "data": {"1x": small_state, "10x": large_state},
        "pages": rows,
        "met": not over,
    }
    for state in summary["data"].values():
        state.pop("sessionid", None)
    write_results(results, "growth", summary, root=ROOT)
