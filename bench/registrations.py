"""500 guests register at once for a workshop of 100 places, over HTTP; then the dashboard.

bench/run.py runs this after the page table (`--only registrations` runs it alone):

1. bench/registration_data.py makes a fresh workshop (published, online, a month ahead,
   registration open, 100 places), a second one with 5,000 registrations, and a signed-in
   organiser.
2. Gunicorn starts with the bench's settings. 500 guests, each with their own cookies and a
   new connection for every request, GET the form on CLIENT_THREADS threads, all queued at once;
   then all 500 POST it (name, email, consent and the CSRF token) the same way. Each POST must
   answer 302 to the workshop's "registered" page. The CPU time gunicorn and Postgres spent on
   the POSTs is read from /proc (bench/cputime.py): the figure other processes on the machine
   move least.
3. The database is checked: 100 confirmed, 400 waiting in order, 500 rows, no email twice,
   500 outbox rows of the right kinds.
4. The organisers' dashboard is requested as the organiser, if it exists yet, and skipped if not.
5. One registration's time is profiled in-process with Django's test client, and its
   instructions counted under callgrind (bench/instructions.py): the figure that moves only
   when the code does.

No Celery worker runs, so the emails stay queued in the outbox. They are still handed over
after each commit (`dispatch_email`: the id onto a Redis list, and the first one starts the
task that sends them, on the bench's own queue): that is part of every measured registration.
Everything the test made is deleted at the end, the Redis list and task included, so the page
table never sees it.
"""

import http.client
import os
import re
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench import cputime, instructions
from bench.contributions import django_command as run_module
from bench.registration_report import print_checks, print_dashboard, print_load, print_profile
from bench.report import Timings, percentile, write_results

ROOT = Path(__file__).resolve().parent.parent

GUESTS = 500  # for registration_data.CAPACITY (100) places
CLIENT_THREADS = 50
# Gunicorn threads per worker for this test; 1 means sync workers, as the page table uses.
# gthread with 4 threads was slower: 8 requests queue for the workshop's lock, and the one
# holding it shares its worker's interpreter with 3 others, so it holds it longer.
THREADS = 1
REQUEST_TIMEOUT = 60  # seconds one guest waits for one answer
PHASE_TIMEOUT = 300  # seconds for all 500 GETs, and again for all 500 POSTs
DASHBOARD_WARMUP = 3
DASHBOARD_REQUESTS = 30  # one at a time, like an organiser clicking
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    """One request: whether it did what it should, and what the bench middleware said."""

    ok: bool
    status: int | str
    seconds: float
    queries: int | None = None
    sql_ms: float | None = None
    lock_ms: float | None = None
    held_ms: float | None = None
    problem: str = ""


def header_number(response, name, kind=float):
    value = response.getheader(name)
    return kind(value) if value is not None else None


class Guest:
    """One person registering: their own cookies, a new connection for every request."""

    def __init__(self, port, path, number):
        self.port, self.path, self.number = port, path, number
        self.cookies = {}
        self.token = None

    def request(self, method, body=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            conn.request(method, self.path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        for line in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0":  # how Django deletes a cookie
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        answer = Answer(
            ok=False,
            status=response.status,
            seconds=seconds,
            queries=header_number(response, "X-Bench-Queries", int),
            sql_ms=header_number(response, "X-Bench-SQL-Ms"),
            lock_ms=header_number(response, "X-Bench-Lock-Ms"),
            held_ms=header_number(response, "X-Bench-Lock-Held-Ms"),
        )
        return response, content, answer

    def get_form(self):
        try:
            response, content, answer = self.request("GET")
        except (OSError, http.client.HTTPException) as error:
            return Answer(False, "error", 0.0, problem=type(error).__name__)
        found = TOKEN_INPUT.search(content.decode(errors="replace"))
        if answer.status != 200:
            answer.problem = f"GET answered {answer.status}"
        elif found is None or "csrftoken" not in self.cookies:
            answer.problem = "no CSRF token in the form or no csrftoken cookie"
        else:
            self.token, answer.ok = found.group(1), True
        return answer

    def form(self):
        """The form as this guest sends it, and the cookie header it goes with."""
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "name": f"Bench Person {self.number}",
                "email": f"bench-{self.number}@example.org",
                "consent": "on",
            }
        )
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items()), body

    def post_form(self, registered_path):
        if self.token is None:
            return Answer(False, "skipped", 0.0, problem="its GET failed")
        try:
            response, _content, answer = self.request("POST", self.form()[1])
        except (OSError, http.client.HTTPException) as error:
            return Answer(False, "error", 0.0, problem=type(error).__name__)
        location = response.getheader("Location") or ""
        answer.ok = answer.status == 302 and location.endswith(registered_path)
        if not answer.ok:
            answer.problem = f"POST answered {answer.status} {location}".strip()
        return answer


def fire(calls, deadline):
    """Queue every call at once on CLIENT_THREADS threads; returns the answers and wall time.

    Bounded: whatever is not answered within PHASE_TIMEOUT (or the run's deadline) counts as an
    error, and waits at most REQUEST_TIMEOUT more for its thread.
    """
    pool = ThreadPoolExecutor(CLIENT_THREADS)
    started = time.perf_counter()
    futures = [pool.submit(call) for call in calls]
    done, _late = wait(futures, timeout=max(0.0, min(PHASE_TIMEOUT, deadline - time.monotonic())))
    wall = time.perf_counter() - started
    pool.shutdown(wait=True, cancel_futures=True)
    answers = [
        future.result() if future in done else Answer(False, "timeout", 0.0, problem="no answer")
        for future in futures
    ]
    return answers, wall


def summarise(name, answers, wall):
    seconds = sorted(answer.seconds for answer in answers if answer.ok)
    queries = [answer.queries for answer in answers if answer.queries is not None]

    def ms(value):
        return None if value is None else round(value * 1000, 1)

    def header(field, fraction=0.5):
        values = sorted(getattr(a, field) for a in answers if getattr(a, field) is not None)
        return round(percentile(values, fraction), 1) if values else None

    return {
        "phase": name,
        "requests": len(answers),
        "ok": len(seconds),
        "errors": len(answers) - len(seconds),
        "statuses": dict(Counter(str(answer.status) for answer in answers)),
        "problems": dict(Counter(answer.problem for answer in answers if answer.problem)),
        "wall_s": round(wall, 2),
        "per_second": round(len(seconds) / wall, 1) if wall else None,
        "median_ms": ms(statistics.median(seconds)) if seconds else None,
        "p95_ms": ms(percentile(seconds, 0.95)),
        "max_ms": ms(seconds[-1]) if seconds else None,
        "queries": f"{min(queries)}-{max(queries)}" if queries else "-",
        "sql_median_ms": header("sql_ms"),
        "lock_median_ms": header("lock_ms"),
        "lock_p95_ms": header("lock_ms", 0.95),
        "held_median_ms": header("held_ms"),
        "held_p95_ms": header("held_ms", 0.95),
    }


def measure_dashboard(port, path, cookie):
    """One organiser, one request at a time; None when the page is not there yet."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    timings = Timings()
    try:
        for number in range(DASHBOARD_WARMUP + DASHBOARD_REQUESTS):
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            if response.status == 404:
                return None
            if number >= DASHBOARD_WARMUP:
                timings.add(elapsed * 1000, response)
    finally:
        conn.close()
    return timings.summary(path, places=1)


def dashboard_paths(url):
    """The first page, the last (positions counted for each row), the waiting list, a search."""
    return [url, f"{url}?page=100", f"{url}?status=waiting&page=30", f"{url}?q=dashboard-4999"]


def django_command(env, deadline, *args):
    """Run a bench/registration_data.py command; returns the JSON it printed."""
    return run_module(env, deadline, "bench.registration_data", *args)


def bare_rate(port, deadline):
    """Requests per second of the bare view on this server, with the same client threads: the
    ceiling, and a sign of how busy the machine is (compare the page table's)."""
    calls = [lambda: Guest(port, "/bench/bare/", 0).request("GET")[2] for _ in range(500)]
    answers, wall = fire(calls, deadline)
    return round(sum(answer.status == 200 for answer in answers) / wall, 1)


def run(*, serve, server, env, deadline, results):
    """The whole test; `serve()` starts gunicorn and yields its port, `env` is its environment.

    Raises SystemExit when a required database check fails, after printing and saving it all.
    """
    try:
        made = django_command(env, deadline, "setup")
        slug = made["slug"]
        path = f"/workshops/{slug}/register/"
        registered = f"/workshops/{slug}/registered/"
        dashboard, skipped = [], None
        machine = {"cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
        with serve() as port:
            server_pids = cputime.gunicorn_pids(port)
            machine["bare_per_second"] = bare_rate(port, deadline)
            guests = [Guest(port, path, number) for number in range(1, GUESTS + 1)]
            gets, get_wall = fire([guest.get_form for guest in guests], deadline)
            database = cputime.postgres_pids(env["DATABASE_URL"])
            cpu = [cputime.server_cpu(pids) for pids in (server_pids, database)]
            posts, post_wall = fire(
                [lambda guest=guest: guest.post_form(registered) for guest in guests], deadline
            )
            machine["server_cpu_ms_per_post"], machine["postgres_cpu_ms_per_post"] = (
                round((cputime.server_cpu(pids) - before) * 1000 / GUESTS, 2)
                for pids, before in zip((server_pids, database), cpu, strict=True)
            )
            machine["load_after"] = os.getloadavg()[0]
            if made["dashboard_url"] is None:
                skipped = "no URL named workshops:registrations yet"
            else:
                cookie = f"{made['session_cookie']}={made['sessionid']}"
                for dashboard_path in dashboard_paths(made["dashboard_url"]):
                    row = measure_dashboard(port, dashboard_path, cookie)
                    if row is None:
                        skipped = f"{dashboard_path} answered 404"
                        dashboard = []
                        break
                    dashboard.append(row)
        phases = [summarise("GET form", gets, get_wall), summarise("POST", posts, post_wall)]
        rates = {
            "post": phases[1]["per_second"],
            "get_and_post": round(sum(a.ok for a in posts) / (get_wall + post_wall), 1),
        }
        checks = django_command(env, deadline, "check", slug, str(GUESTS))["checks"]
        profile = django_command(env, deadline, "profile")
        counted = instructions.count(env, deadline)
    finally:
        # Even after a failure, so the page table never lists the benchmark's workshops.
        cleaned = django_command(env, deadline + 60, "cleanup")
        print(
            f"bench: deleted the registration test's rows ({cleaned['rows_deleted']}) and its "
            f"{cleaned['messages_purged']} Celery messages",
            file=sys.stderr,
        )

    print_load(server, phases, rates, machine, guests=GUESTS, client_threads=CLIENT_THREADS)
    print()
    print_checks(checks)
    print()
    print_dashboard(
        made["dashboard_url"],
        dashboard,
        skipped,
        requests=DASHBOARD_REQUESTS,
        warmup=DASHBOARD_WARMUP,
    )
    print()
    print_profile(profile)
    print()
    print(instructions.describe(counted))
    summary = {
        "server": server,
        "guests": GUESTS,
        "client_threads": CLIENT_THREADS,
        "machine": machine,
        "phases": phases,
        "registrations_per_second": rates,
        "checks": checks,
        "dashboard": dashboard,
        "dashboard_skipped": skipped,
        "profile": profile,
        "instructions": counted,
        "answers": {"get": [asdict(a) for a in gets], "post": [asdict(a) for a in posts]},
    }
    write_results(results, "registrations", summary, root=ROOT)
    failed = [check["check"] for check in checks if check["required"] and not check["ok"]]
    if failed:
        raise SystemExit(f"bench: {len(failed)} registration checks failed: {'; '.join(failed)}")
