"""Costs that grow with the data: each page at 1× and at 10× its data, side by side.

bench/run.py runs this as a part (`--only growth` runs it alone):

1. bench/growth_data.py makes the 1× portal: bench/data.py's 200 workshops (15 programme
   items and 5 materials each, on average) and one workshop with 5,000 registrations, with a
   signed-in organiser.
2. The bench database is copied (`CREATE DATABASE … TEMPLATE`) and bench/growth_data.py makes
   the copy 10×: 2,000 workshops (nine more on each day, with the same programmes and
   materials) and the workshop of registrations with 50,000.
3. Two gunicorns start with the bench's settings, one on each database (each with its own
   cache prefix), and each page is asked for one request at a time, taking turns: one at 1×,
   one at 10×, and so on (3 each not counted, then 30 each). Whatever else the machine is
   doing slows both sizes alike: measured one size after the other, minutes apart, the same
   page's median moved by half between runs here. The public pages are asked for as an
   anonymous visitor, each right after the public pages' cache is emptied as an organiser's
   edit empties it (their groups' tokens replaced), so each is built afresh; the organisers'
   pages signed in as a site organiser (their workshop list emptied the same way; the
   dashboard is never cached).
4. The copy is dropped and everything the part made is deleted, so the other parts see
   bench/data.py's portal.

The table gives each page's median and 95th percentile at 1× and 10×, the growth of the
median and whether it is within GOAL (1.5×). The calendar feed is measured three ways: after
an edit of anything but a workshop (what a visitor meets once an organiser has saved a
material or a programme: the feed is kept, as such an edit leaves it), after an edit of one
of its workshops (its event written again, the others joined), and with nothing cached at all
(the first request after a deploy or a flushed Redis: every event written), the last for
information. Results go to bench/results/growth.json.
"""

import http.client
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import redis

from bench.contributions import django_command
from bench.databases import copy_database, drop_database, name_of
from bench.report import Timings, write_results

ROOT = Path(__file__).resolve().parent.parent
DATA = "bench.growth_data"
INVALIDATE = "/bench/invalidate/"
GOAL = 1.5
WARMUP = 3
REQUESTS = 30
REQUEST_TIMEOUT = 60
# The 10x copy of the bench database, named after it.
LARGE_SUFFIX = "_growth10x"
# What the 10x server takes from the 10x data commands' environment.
SERVER_KEYS = ("DATABASE_URL", "CACHE_KEY_PREFIX", "CELERY_TASK_DEFAULT_QUEUE")

# (label, address or the state's key for it, who asks, the cache emptied before each: none,
# "pages" (as an edit of a material or a programme empties it), "elsewhere" (the same, for the
# calendar feed, which such an edit leaves kept: measured, not built), "workshop" (an upcoming
# workshop saved, then the pages and the feed emptied, as its edit does) or "all" (the
# calendar events kept per workshop too))
PAGES = [
    ("home page", "/", "anonymous", "pages"),
    ("workshop list", "/workshops/", "anonymous", "pages"),
    ("downloads", "/downloads/", "anonymous", "pages"),
    ("calendar feed, another edit", "/workshops/calendar.ics", "anonymous", "elsewhere"),
    ("calendar feed, a workshop edited", "/workshops/calendar.ics", "anonymous", "workshop"),
    ("calendar feed, nothing cached", "/workshops/calendar.ics", "anonymous", "all"),
    # Kept with the workshop pages: measured as after an edit, built afresh each time.
    ("organisers' workshop list", "/organise/workshops/", "organiser", "pages"),
    ("registration dashboard", "dashboard_url", "organiser", None),
    ("dashboard, the waiting list", "waiting_url", "organiser", None),
    ("dashboard, a search", "search_url", "organiser", None),
    ("the last person waiting", "last_waiting_url", "organiser", None),
]
# The modes whose pages are served from the cache, not built afresh.
KEPT = (None, "elsewhere")
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


def measure_both(ports, paths, cookies, empties, deadline, *, built):
    """The same page at both sizes, taking turns: WARMUP requests each not counted, then
    REQUESTS each, each after its size's `empty()` when there is one; `built`: each is meant
    to be built afresh. Returns a row per size."""
    clients = [Client(port) for port in ports]
    timings, sizes = [Timings(), Timings()], [[], []]
    try:
        for number in range(WARMUP + REQUESTS):
            if time.monotonic() > deadline:
                raise SystemExit(f"bench: out of time while measuring {paths[0]} (see --timeout)")
            for size, client in enumerate(clients):
                if empties[size]:
                    empties[size]()
                response, body, seconds = client.request("GET", paths[size], cookies[size])
                if number >= WARMUP:
                    timings[size].add(seconds * 1000, response)
                    sizes[size].append(len(body))
    finally:
        for client in clients:
            client.close()
    rows = []
    for size in (0, 1):
        row = timings[size].summary(paths[size])
        # A page meant to be built afresh that made no query came from the cache after all.
        row["from_cache"] = timings[size].queries["0"] if built else 0
        row["bytes"] = round(statistics.median(sizes[size]))
        rows.append(row)
    return rows


class Emptier:
    """What an edit does to one size's cache: its public pages, its calendar feed, its
    calendar events, one of its workshops."""

    def __init__(self, port, state, database_url):
        self.state = state
        self.invalidator = Client(port)
        self.cache = redis.Redis.from_url(state["cache_location"])
        self.database = psycopg2.connect(database_url)
        self.database.autocommit = True

    def pages(self, path=INVALIDATE):
        response, _body, _seconds = self.invalidator.request("POST", path)
        if response.status != 204:
            raise SystemExit(f"bench: {path} answered {response.status}")

    def feed(self):
        self.pages(f"{INVALIDATE}?workshop=1")

    def everything(self):
        self.feed()
        _delete_keys(self.cache, self.state["event_keys"])

    def workshop(self):
        # What saving the workshop changes for its event: its edit time.
        with self.database.cursor() as cursor:
            cursor.execute(
                "UPDATE workshops_workshop SET updated_at = now() WHERE id = %s",
                [self.state["edited_workshop_id"]],
            )
        self.feed()

    def chosen(self, emptied):
        return {
            None: None,
            "pages": self.pages,
            "elsewhere": self.pages,
            "workshop": self.workshop,
            "all": self.everything,
        }[emptied]

    def close(self):
        self.invalidator.close()
        self.database.close()


def measure_all(ports, states, deadline, database_urls):
    """Every page at both sizes; returns their rows by size, then by label."""
    emptiers = [Emptier(*args) for args in zip(ports, states, database_urls, strict=True)]
    cookies = [f"{state['session_cookie']}={state['sessionid']}" for state in states]
    rows = ({}, {})
    try:
        for label, address, who, emptied in PAGES:
            pair = measure_both(
                ports,
                [state.get(address, address) for state in states],
                cookies if who == "organiser" else [None, None],
                [emptier.chosen(emptied) for emptier in emptiers],
                deadline,
                built=emptied not in KEPT,
            )
            for size, row in enumerate(pair):
                rows[size][label] = row
    finally:
        for emptier in emptiers:
            emptier.close()
    return rows


def _delete_keys(client, pattern):
    keys = list(client.scan_iter(match=pattern, count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


def compare(small, large):
    rows = []
    for label, _address, who, emptied in PAGES:
        one, ten = small[label], large[label]
        growth = round(ten["median_ms"] / one["median_ms"], 2) if one["median_ms"] else None
        rows.append(
            {
                "page": label,
                "who": who,
                "built_afresh": emptied not in KEPT or who == "organiser",
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
    """The whole part. `serve(name, env)` starts gunicorn with `env` on top of its own and
    yields its port; `env` is the environment for the data commands."""
    load = [os.getloadavg()[0]]
    large_env = None
    try:
        small_state = django_command(env, deadline, DATA, "setup")
        large_url = copy_database(env["DATABASE_URL"], LARGE_SUFFIX)
        large_name = name_of(urlsplit(large_url))
        large_env = {
            **env,
            "DATABASE_URL": large_url,
            "CACHE_KEY_PREFIX": large_name,
            "CELERY_TASK_DEFAULT_QUEUE": large_name,
        }
        large_state = django_command(large_env, deadline, DATA, "grow")
        load.append(os.getloadavg()[0])
        server_env = {key: large_env[key] for key in SERVER_KEYS}
        with serve("1x", {}) as small_port, serve("10x", server_env) as large_port:
            small, large = measure_all(
                [small_port, large_port],
                [small_state, large_state],
                deadline,
                [env["DATABASE_URL"], large_url],
            )
        load.append(os.getloadavg()[0])
    finally:
        if large_env is not None:
            # What the 10x server kept in the cache, under its prefix.
            _delete_keys(
                redis.Redis.from_url(small_state["cache_location"]),
                f"{large_env['CACHE_KEY_PREFIX']}:*",
            )
            drop_database(large_env["DATABASE_URL"])
        cleaned = django_command(env, deadline + 120, DATA, "cleanup")
        print(
            f"bench: deleted the growth part's {cleaned['workshops_deleted']} workshops "
            "and the 10x copy of the database",
            file=sys.stderr,
        )
    rows = compare(small, large)
    held = [row for row in rows if row["held_to_goal"]]
    print("Growth: the same pages at 1x and 10x the data")
    print(f"1x:  {describe(small_state)}")
    print(f"10x: {describe(large_state)}")
    print(
        f"machine: load average {load[0]:.2f} before, {load[1]:.2f} once the data was made, "
        f"{load[2]:.2f} after measuring ({os.cpu_count()} cores); the two sizes asked in turn"
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
