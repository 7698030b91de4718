"""Instructions per registration, counted by callgrind: the figure to compare between commits.

Time and CPU seconds move with whatever else the machine is doing (on the machines of these
runs, the same commit's CPU per POST moved between 5.2 and 9.9 ms within an hour). Valgrind's
callgrind counts the instructions the process itself executes, the same for the same code and
data whatever else runs (repeatable to 0.1% here): it shows what a change saved when the
clock cannot. Only user-space instructions are counted, not the kernel's work on the sockets,
so a round trip saved shows less here than in CPU time.

`bench.registration_data instructions` runs under valgrind with counting off, and switches it
on for the measured POSTs only (`callgrind_control`). Skipped, with a note, where valgrind is
not installed (`.ci/services --bench` installs it).
"""

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count(env, deadline):
    """Instructions per POST, or None with valgrind missing; the run's JSON otherwise."""
    valgrind = shutil.which("valgrind")
    if valgrind is None or shutil.which("callgrind_control") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        done = subprocess.run(
            [valgrind, "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}"]
            + [sys.executable, "-m", "bench.registration_data", "instructions"],
            cwd=ROOT,
            # The same hashes every run, so dictionaries are built the same way each time.
            env={**env, "PYTHONHASHSEED": "0"},
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            timeout=max(1.0, deadline - time.monotonic()),
        )
        posts = json.loads(done.stdout.strip().splitlines()[-1])["registrations"]
        totals = next(
            int(line.split()[1])
            for line in out.read_text().splitlines()
            if line.startswith("totals:")
        )
    return {"registrations": posts, "instructions_per_post": round(totals / posts)}


def describe(counted) -> str:
    if counted is None:
        return "Instructions per POST: not counted (valgrind is not installed)"
    return (
        f"Instructions per POST (callgrind, user space, {counted['registrations']} POSTs "
        f"in-process as profiled): {counted['instructions_per_post'] / 1e6:.2f} million; the "
        "same code\ncounts the same within 0.1% whatever else the machine does: the figure to "
        "compare between commits"
    )
