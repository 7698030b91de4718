"""The load generator every page run uses: Debian's wrk (`make bench` installs it).

A client written in Python cannot keep two gunicorn workers busy with a bare Django view (it
served 1,201 requests/s where wrk reached 3,395 on the same machine): the ceiling would then be
the client's, and every page's share of it too flattering. wrk is asked for its figures as one
line of JSON by a Lua `done` hook, so nothing is parsed from its human-readable report.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

THREADS = 2  # one per core of the benchmark machine, like gunicorn's workers
CONNECTIONS = 32
MARK = "WRK-JSON "

# Percentiles in microseconds; errors.status counts answers that were not 2xx or 3xx.
REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "%s{\\"requests\\": %d, \\"duration_us\\": %d, \\"not_ok\\": %d, \\"connect\\": %d, "
    .. "\\"read\\": %d, \\"write\\": %d, \\"timeout\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, "
    .. "\\"p99_us\\": %d}\\n",
    "MARK", summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
""".replace("MARK", MARK)


def available():
    return shutil.which("wrk") is not None


def run(port, path, *, seconds, cookie=None, connections=CONNECTIONS, timeout=10):
    """Load `path` for `seconds` from `connections` connections; returns wrk's figures.

    Gunicorn's sync workers close the connection after each answer; wrk opens a new one, as
    browsers do, and counts nothing as an error for it.
    """
    if not available():
        raise SystemExit("bench: wrk is missing; `make bench` installs it (Debian's wrk)")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(REPORT)
        command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s"]
        command += [f"--timeout={timeout}s", "-s", str(script)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        done = subprocess.run(
            [*command, f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
            timeout=seconds + timeout + 30,
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"bench: wrk failed on {path}: {done.stderr.strip() or done.stdout}")
    figures = json.loads(lines[-1][len(MARK) :])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1_000_000)
    figures["errors"] = sum(figures[kind] for kind in ("connect", "read", "write", "timeout"))
    return figures
