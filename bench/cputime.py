"""CPU time of the processes serving a benchmark, from /proc: gunicorn and Postgres.

CPU time per request moves less than requests per second when other processes share the
machine, but it still moves with the machine's own speed (the same commit's gunicorn CPU per
registration was 5.2 ms in one run and 9.9 ms in another within the hour). Between versions
of the code, compare the instructions bench/instructions.py counts.
"""

import os
from pathlib import Path

import psycopg2

TICKS = os.sysconf("SC_CLK_TCK")


def gunicorn_pids(port):
    """The gunicorn processes serving `port`: the master and its workers share its command."""
    wanted = f"127.0.0.1:{port}".encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if wanted in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def postgres_pids(database_url):
    """The Postgres backends serving this database now (the gunicorn workers keep theirs)."""
    with psycopg2.connect(database_url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [pid for (pid,) in cursor.fetchall()]


def server_cpu(pids):
    """Seconds of CPU these processes have used (user and system), those still running."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total
