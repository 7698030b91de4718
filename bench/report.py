"""What every part of the benchmark reports the same way: the timings of requests made one at
a time, the bare view's drift over the run, the goals met or not, and the results file.

Used by bench/contributions.py, bench/networks.py, bench/breakouts.py, bench/registrations.py
and bench/growth.py, so a figure means the same in each of their tables.
"""

import json
import os
import statistics
from collections import Counter
from datetime import UTC, datetime


def percentile(ordered, fraction):
    """The value below which `fraction` of the sorted values lie (None for none)."""
    return ordered[int(fraction * (len(ordered) - 1))] if ordered else None


class Timings:
    """Requests made one at a time: each one's milliseconds, status, and the SQL queries and
    milliseconds the server's bench middleware reports in its headers."""

    def __init__(self):
        self.times, self.sql = [], []
        self.statuses, self.queries = Counter(), Counter()

    def add(self, ms: float, response) -> None:
        self.times.append(ms)
        self.statuses[response.status] += 1
        self.queries[response.getheader("X-Bench-Queries")] += 1
        self.sql.append(float(response.getheader("X-Bench-SQL-Ms") or 0))

    def summary(self, url: str, *, places: int = 2) -> dict:
        """Status and queries as "200" or "200/404" (the most frequent first), the median,
        95th percentile and slowest time, the median time in SQL."""
        times = sorted(self.times)
        return {
            "url": url,
            "status": "/".join(str(status) for status, _ in self.statuses.most_common()),
            "requests": len(times),
            "median_ms": round(statistics.median(times), places) if times else None,
            "p95_ms": round(percentile(times, 0.95), places) if times else None,
            "max_ms": round(times[-1], places) if times else None,
            "queries": "/".join(str(count) for count, _ in self.queries.most_common()),
            "sql_median_ms": round(statistics.median(self.sql), places) if self.sql else None,
        }


def add_ratios(warm, bare_again) -> None:
    """Each warm row's requests per second as a share of the bare view's: the mean of its run
    before them (the first row) and after (`bare_again`), as the page table compares each of
    its parts with the runs around it. The first run is often the fastest (by 3 to 15% in
    this part's runs), and against it alone every ratio was low by as much."""
    bare = (warm[0]["rps"] + bare_again["rps"]) / 2
    for row in warm:
        row["ratio"] = round(row["rps"] / bare, 3) if bare else None


def print_machine(load) -> None:
    """The load average before and after the HTTP measurements."""
    print(
        f"machine: load average {load[0]:.2f} before, {load[1]:.2f} after the HTTP "
        f"measurements ({os.cpu_count()} cores)"
    )


def print_drift(first, bare_again) -> None:
    """The bare view measured again at the end, against the first row of the warm table."""
    drift = bare_again["rps"] / first["rps"] - 1 if first["rps"] else 0
    print(
        f"the bare view at the end: {bare_again['rps']:.1f} req/s ({drift:+.0%}); the ratios "
        f"use the mean of its two runs, {(first['rps'] + bare_again['rps']) / 2:.1f}"
    )


def print_goals(checked) -> None:
    for goal in checked:
        print(f"{'MET ' if goal['met'] else 'NOT MET'}  {goal['goal']}  ({goal['found']})")


def write_results(results, name: str, summary: dict, *, root) -> None:
    """bench/results/<name>.json, with the moment the part finished first."""
    written = results / f"{name}.json"
    finished = {"finished": datetime.now(UTC).isoformat(timespec="seconds")}
    written.write_text(json.dumps({**finished, **summary}, indent=2) + "\n")
    print(f"written to {written.relative_to(root)}")
