"""Breakouts of 100 workshops: the report, the tracker, the agenda, autosave and the PDF.

bench/run.py runs this as a part (`--only breakouts` runs it alone):

1. bench/breakouts_data.py loads, once, 100 past workshops × 8 groups × 30 items with a
   published report each, and makes, each run, one more group and 20 facilitators of it.
2. Warm, under gunicorn with the bench's settings: the largest report's page, the tracker's
   first page and a page filtered by status and level, the research agenda, anonymous, from
   the page cache, beside the bare view (the page table's threads and counts; the report's
   ratio's goal: 0.5). Then uncached, one at a time, the reports' cache emptied before each
   (its version token deleted from Redis, as any save replaces it), and the recording page.
3. Autosave: the 20 facilitators, each saving its own part of the group (a section or an
   entry) as static/js/recording.js does: JSON, the page's CSRF token, the version of the
   last answer. At the script's pace (a save a second each, the most a person typing
   makes), then flat out. A 409 is a conflict, counted apart: there should be none. Then
   each part's version and revisions must match the saves answered. Goal: p95 under 50 ms.
4. The largest report's PDF: asked for with nothing cached (202 and the progress page, a task
   handed to the broker; in the uncached table too), built in-process as the worker builds it
   (`python -m bench.breakouts_data pdf WORKSHOP`) while its progress is polled as the waiting
   page polls it, then asked for again (from the cache).

No Celery worker runs: the tasks published are thrown away at the end, with the autosave
group. Results go to bench/results/breakouts.json. The data set stays for the next run.
"""

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import redis

from bench.contributions import django_command, measure_uncached, print_uncached
from bench.registrations import Answer, header_number, measure_dashboard, summarise
from bench.report import add_ratios, print_drift, print_goals, print_machine, write_results

ROOT = Path(__file__).resolve().parent.parent
DATA = "bench.breakouts_data"
TRACKER = "/recommendations/"
AGENDA = "/research-agenda/"
RATIO_GOAL = 0.5
SAVE_GOAL_MS = 50
PACE_SECONDS = 1.0  # static/js/recording.js saves a part a second after typing stops
WARM_UP_ROUNDS = 2  # saves each, not counted: both workers have the forms and queries warm
PACED_ROUNDS = 15
FLAT_OUT_ROUNDS = 40
REQUEST_TIMEOUT = 30
SAVE_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
TOTAL = 10 + 100  # requests one at a time, as bench/contributions.py: 10 not counted, then 100
POLL_SECONDS = 0.02
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Saver:
    """One facilitator on the group's recording page: their session, the page's CSRF token,
    the part they type in, and the version the last answer gave it."""

    def __init__(self, port, group, cookie_name, saver):
        self.path = f"/breakouts/{group}/"
        self.cookies = {cookie_name: saver["sessionid"]}
        self.part, self.version, self.fields = saver["part"], saver["version"], saver["fields"]
        self.first_version, self.token, self.sent, self.saved = self.version, None, 0, 0
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(self, method, path, body=None, headers=None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body, {"Cookie": cookie, **(headers or {})})
            response = self.conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise
        for line in response.headers.get_all("Set-Cookie") or []:
            self.cookies |= {name: morsel.value for name, morsel in SimpleCookie(line).items()}
        return response, content, time.perf_counter() - started

    def open_page(self):
        """The recording page, as the facilitator opens it: its CSRF token."""
        response, content, _seconds = self.request("GET", self.path)
        found = TOKEN_INPUT.search(content.decode(errors="replace"))
        if response.status == 200 and found and "csrftoken" in self.cookies:
            self.token = found.group(1)
        return response.status

    def save(self):
        self.sent += 1  # the text changes each time, or the service has nothing to save
        fields = {**self.fields, "text": f"{self.fields['text']} (saved {self.sent})"}
        body = {"csrfmiddlewaretoken": self.token, "part": self.part, "version": self.version}
        try:
            response, content, seconds = self.request(
                "POST", f"{self.path}save/", urlencode(body | fields), SAVE_HEADERS
            )
        except (OSError, http.client.HTTPException) as error:
            return Answer(False, "error", 0.0, problem=type(error).__name__)
        answer = Answer(
            response.status == 200,
            response.status,
            seconds,
            queries=header_number(response, "X-Bench-Queries", int),
            sql_ms=header_number(response, "X-Bench-SQL-Ms"),
            lock_ms=header_number(response, "X-Bench-Lock-Ms"),
            held_ms=header_number(response, "X-Bench-Lock-Held-Ms"),
        )
        if answer.ok:
            saved = json.loads(content)
            self.part, self.version, self.saved = saved["part"], saved["version"], self.saved + 1
        elif response.status == 409:  # saved meanwhile: merge, and save from its version
            self.version = json.loads(content)["conflict"]["version"]
        else:
            answer.problem = f"{response.status}: {content[:120].decode(errors='replace')}"
        return answer


def run_savers(phase, savers, rounds, pace, deadline):
    """Each saver on its own thread saves `rounds` times: every `pace` seconds from a moment
    of its own in the first (people do not type in step), or with no pace flat out."""
    answers, lock = [], threading.Lock()
    started = time.perf_counter()

    def work(number, saver):
        for round_ in range(rounds):
            if pace:
                wait = started + pace * (round_ + number / len(savers)) - time.perf_counter()
                time.sleep(max(0.0, wait))
            if time.monotonic() > deadline:
                return
            answer = saver.save()
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=work, args=pair, daemon=True) for pair in enumerate(savers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(answers) < rounds * len(savers):
        raise SystemExit("bench: out of time while saving (see --timeout)")
    row = summarise(phase, answers, time.perf_counter() - started)
    # A 409 is an answer, not an error: counted apart.
    row["conflicts"] = row["statuses"].get("409", 0)
    row["errors"] -= row["conflicts"]
    return row


def autosave(port, made, env, deadline):
    savers = [Saver(port, made["group"], made["session_cookie"], one) for one in made["savers"]]
    opened = Counter(saver.open_page() for saver in savers)
    if any(saver.token is None for saver in savers):
        raise SystemExit(f"bench: the recording page gave no CSRF token ({dict(opened)})")
    run_savers("warm-up", savers, WARM_UP_ROUNDS, None, deadline)
    phases = [
        run_savers(
            f"one a second ({PACED_ROUNDS} s)", savers, PACED_ROUNDS, PACE_SECONDS, deadline
        ),
        run_savers(f"flat out ({FLAT_OUT_ROUNDS} each)", savers, FLAT_OUT_ROUNDS, 0, deadline),
    ]
    stored = django_command(env, deadline, DATA, "check", str(made["group"]))
    wrong = [
        f"{saver.part}: version and revisions {stored.get(saver.part)} after {saver.saved} saves "
        f"answered from version {saver.first_version}, the last {saver.version}"
        for saver in savers
        if stored.get(saver.part) != [saver.first_version + saver.saved, saver.saved]
        or saver.version != saver.first_version + saver.saved
    ]
    return {"parts": len(savers), "items": made["items"], "phases": phases, "wrong": wrong}


def pdf(port, data, env, deadline, client):
    """The largest report's PDF as the organiser gets it: asked for with nothing cached, its
    progress while the worker builds it, then from the cache."""
    slug = data["largest"]["slug"]
    path, progress = f"/workshops/{slug}/report.pdf", f"/workshops/{slug}/report-pdf-progress/"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def get(address):
        conn.request("GET", address)
        response = conn.getresponse()
        return response, response.read()

    def nothing_cached():  # and no worker has it: each request is the first to ask
        client.delete(data["version_key"], data["building_key"])

    first = measure_uncached(
        port, f"{path} (nothing cached)", [path] * TOTAL, nothing_cached, deadline
    )
    nothing_cached()
    response, content = get(path)
    asked = {
        "status": response.status,
        "retry_after": response.getheader("Retry-After"),
        "progress_page": b'id="pdf-progress"' in content,
    }
    # This request's marker stays: as far as the portal knows, a worker has the PDF now.
    command = [sys.executable, "-m", DATA, "pdf", str(data["largest"]["workshop_id"])]
    build = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    started, seen, polls = time.perf_counter(), [], 0
    while not seen or seen[-1]["progress"]["building"]:
        if time.monotonic() > deadline:
            build.kill()
            raise SystemExit("bench: out of time while the PDF was built (see --timeout)")
        exited = build.poll() is not None  # then this poll is the last
        state, polls = json.loads(get(progress)[1]), polls + 1
        if not seen or seen[-1]["progress"] != state:
            seen.append({"at_s": round(time.perf_counter() - started, 2), "progress": state})
        if exited:
            break
        time.sleep(POLL_SECONDS)
    built = json.loads(build.communicate(timeout=REQUEST_TIMEOUT)[0].strip().splitlines()[-1])
    cached = measure_uncached(port, f"{path} (cached)", [path] * TOTAL, None, deadline)
    cached["bytes"] = len(get(path)[1])
    conn.close()
    return {
        **data["largest"],
        "first": first,
        "asked": asked,
        "built": built,
        "seen": seen,
        "polls": polls,
        "cached": cached,
    }


def print_saves(saves, record_page):
    print(
        f"Autosave: {saves['parts']} facilitators of one group of {saves['items']} items, each "
        "saving its own part (POST …/save/, JSON)"
    )
    print(
        f"{'phase':<24}{'saves':>6}{'200':>6}{'409':>5}{'errors':>7}{'wall s':>8}{'per s':>7}"
        f"{'median ms':>11}{'p95 ms':>8}{'max ms':>8}{'queries':>9}{'SQL ms':>8}{'lock held':>13}"
    )
    for row in saves["phases"]:
        figure = {key: value or 0 for key, value in row.items()}
        print(
            f"{row['phase']:<24}{row['requests']:>6}{row['ok']:>6}{row['conflicts']:>5}"
            f"{row['errors']:>7}{row['wall_s']:>8.2f}{figure['per_second']:>7.1f}"
            f"{figure['median_ms']:>11.1f}{figure['p95_ms']:>8.1f}{figure['max_ms']:>8.1f}"
            f"{row['queries']:>9}{figure['sql_median_ms']:>8.1f}"
            f"{figure['held_median_ms']:>7.1f}/{figure['held_p95_ms']:<5.1f}"
        )
        for problem, count in row["problems"].items():
            print(f"  {count} × {problem}")
    print(
        f"after {WARM_UP_ROUNDS} saves each not counted. Latencies include the wait for a free "
        "worker; from the server,\nmedians: SQL ms, the time in statements; lock held, from "
        "the part's SELECT … FOR UPDATE to COMMIT\n(median/p95)."
    )
    agree = "each part's version and revisions match the saves answered"
    print(f"The database: {'; '.join(saves['wrong']) or agree}")
    if record_page:
        print(
            f"The recording page, as a facilitator, one request at a time: "
            f"{record_page['status']}, median {record_page['median_ms']} ms, p95 "
            f"{record_page['p95_ms']} ms, {record_page['queries']} queries"
        )


def print_pdf(result):
    built, cached, asked = result["built"], result["cached"], result["asked"]
    print(
        f"The PDF of the largest report ({result['slug']}, {result['items']} entries and "
        "recommendations)"
    )
    print(
        f"  asked for with nothing cached: {asked['status']}, "
        f"{'the' if asked['progress_page'] else 'no'} progress page, Retry-After "
        f"{asked['retry_after']} (times in the table above, the task handed to the broker)"
    )
    print(
        f"  built in-process as the worker does: {built['seconds']:.2f} s, {built['bytes']:,} "
        f"bytes, {built['pages']} pages, queries: {built['queries']}"
    )
    steps = ", ".join(
        f"{seen['at_s']:.2f} s "
        + (f"{state['percent']}% {state['doing']}" if state["building"] else "ready")
        for seen in result["seen"]
        for state in [seen["progress"]]
    )
    print(f"  its progress, as the waiting page polls it ({result['polls']} polls): {steps}")
    print(
        f"  then from the cache, one at a time: {cached['status']}, median "
        f"{cached['median_ms']:.2f} ms, p95 {cached['p95_ms']:.2f} ms, {cached['bytes']:,} "
        f"bytes, queries: {cached['queries']}"
    )


def goals(warm, saves, result):
    ratio, first, cached = warm[1]["ratio"], result["first"], result["cached"]
    troubles = sum(row["conflicts"] + row["errors"] for row in saves["phases"])
    page = first["status"] == "202" and result["asked"]["progress_page"]
    same = cached["status"] == "200" and cached["bytes"] == result["built"]["bytes"]
    checked = [
        (
            f"cached report page at least {RATIO_GOAL} of the bare view's req/s",
            ratio,
            ratio is not None and ratio >= RATIO_GOAL,
        ),
        *(
            (
                f"autosave p95 under {SAVE_GOAL_MS} ms, {row['phase']}",
                row["p95_ms"],
                (row["p95_ms"] or SAVE_GOAL_MS) < SAVE_GOAL_MS,
            )
            for row in saves["phases"]
        ),
        ("no 409 and no error, each saver on its own part", troubles, not troubles),
        ("each part's version and revisions match its saves", saves["wrong"], not saves["wrong"]),
        ("the PDF asked for, nothing cached: 202 and its progress page", first["status"], page),
        ("then 200 from the cache, the bytes the worker built", cached["bytes"], same),
    ]
    return [{"goal": text, "found": found, "met": bool(met)} for text, found, met in checked]


def run(*, serve, measure, print_table, bare, env, deadline, results):
    """The whole part. `serve()` starts gunicorn and yields its port; `measure(port, path)`
    and `print_table(rows)` are the page table's, so the warm rows compare with it."""
    data = django_command(env, deadline, DATA, "load")
    client = redis.Redis.from_url(data["cache_location"])
    report = f"/workshops/{data['largest']['slug']}/report/"
    filtered = f"{TRACKER}?{urlencode(data['filter'])}"

    def empty():
        client.delete(data["version_key"])

    load = [os.getloadavg()[0]]
    try:
        made = django_command(env, deadline, DATA, "setup")
        cookie = f"{made['session_cookie']}={made['savers'][0]['sessionid']}"
        with serve() as port:
            empty()
            warm = [measure(port, path) for path in (bare, report, TRACKER, filtered, AGENDA)]
            bare_again = measure(port, bare)
            uncached = [
                measure_uncached(port, f"{bare} (one at a time)", [bare] * TOTAL, None, deadline),
                *(
                    measure_uncached(port, path, [path] * TOTAL, empty, deadline)
                    for path in (report, TRACKER, filtered, AGENDA)
                ),
            ]
            record_page = measure_dashboard(port, f"/breakouts/{made['group']}/", cookie)
            saves = autosave(port, made, env, deadline)
            result = pdf(port, data, env, deadline, client)
        load.append(os.getloadavg()[0])
    finally:
        cleaned = django_command(env, deadline + 60, DATA, "cleanup")
        print(
            f"bench: deleted the autosave workshop ({cleaned['rows_deleted']} rows, "
            f"{cleaned['activity_deleted']} activity) and {cleaned['messages_purged']} Celery "
            "messages",
            file=sys.stderr,
        )
    add_ratios(warm, bare_again)
    checked = goals(warm, saves, result)

    print(
        f"Breakouts: {data['reports']} published reports of {data['groups']} groups, "
        f"{data['sections']} sections, {data['entries']} entries, {data['recommendations']} "
        f"recommendations ({data['public_recommendations']} public in all, "
        f"{data['filtered_recommendations']} filtered; {data['agenda_entries']} on the agenda)"
    )
    print_machine(load)
    print("Warm: anonymous, served from the page cache")
    print_table(warm)
    print_drift(warm[0], bare_again)
    print()
    print_uncached([*uncached, result["first"]])
    print()
    print_saves(saves, record_page)
    print()
    print_pdf(result)
    print()
    print_goals(checked)
    summary = {
        "data": data,
        "load_average": load,
        "warm": warm,
        "bare_at_end": bare_again,
        "uncached": [*uncached, result["first"]],
        "record_page": record_page,
        "autosave": saves,
        "pdf": result,
        "goals": checked,
    }
    write_results(results, "breakouts", summary, root=ROOT)
