"""What bench/registrations.py prints: the burst, the database checks, the dashboard and
the profile of one registration."""

from bench.profiling import print_summary

GOAL = 200  # registrations per second, from the issue


def print_load(server, phases, rates, machine, *, guests, client_threads):
    print(
        f"Registrations: {guests} guests at once for 100 places, {client_threads} client "
        f"threads, {server}"
    )
    print(
        f"machine: load average {machine['load_before']:.2f} before, "
        f"{machine['load_after']:.2f} after ({machine['cores']} cores); bare view "
        f"{machine['bare_per_second']:.0f} req/s on this server, new connection each"
    )
    print(
        f"{'phase':<10}{'ok':>5}{'errors':>8}{'wall s':>8}{'per s':>8}{'median ms':>11}"
        f"{'p95 ms':>9}{'queries':>9}{'SQL ms':>8}{'lock wait':>13}{'lock held':>13}"
    )
    for row in phases:
        # A phase with no answer at all has no figures: 0 stands in, beside its errors.
        figure = {key: value or 0 for key, value in row.items()}
        print(
            f"{row['phase']:<10}{row['ok']:>5}{row['errors']:>8}{row['wall_s']:>8.2f}"
            f"{figure['per_second']:>8.1f}{figure['median_ms']:>11.1f}{figure['p95_ms']:>9.1f}"
            f"{row['queries']:>9}{figure['sql_median_ms']:>8.1f}"
            f"{figure['lock_median_ms']:>7.1f}/{figure['lock_p95_ms']:<5.1f}"
            f"{figure['held_median_ms']:>7.1f}/{figure['held_p95_ms']:<5.1f}"
        )
        for problem, count in row["problems"].items():
            print(f"  {count} × {problem}")
    post, both = rates["post"] or 0, rates["get_and_post"]
    print(
        f"registrations per second: {post:.1f} (POST phase), {both:.1f} (GET and POST phases); "
        f"goal {GOAL}: {'reached' if post >= GOAL else 'not reached'}"
    )
    print(
        f"CPU per POST, from /proc: gunicorn {machine['server_cpu_ms_per_post']:.2f} ms, "
        f"Postgres {machine['postgres_cpu_ms_per_post']:.2f} ms"
    )
    print(
        "Latencies include the wait for a free worker. From the server, medians: SQL ms, "
        "the time in\nstatements; lock wait, the SELECT … FOR UPDATE of the workshop (median/p95);"
        " lock held,\nfrom that lock to the end of COMMIT (median/p95): one workshop takes at "
        "most 1000 / held\nregistrations a second, however many workers. After the COMMIT "
        "every POST hands its email\nto the workers (its id onto a Redis list; the first also "
        "starts the task that sends them,\nwhich no worker consumes here). CPU per POST moves "
        "less than the rates, but still with\nthe machine's speed; the instructions counted "
        "below move only with the code."
    )


def print_checks(checks):
    print("Database checks")
    for check in checks:
        outcome = "PASS" if check["ok"] else "FAIL" if check["required"] else "NOTE"
        print(f"{outcome}  {check['check']}  ({check['found']})")
    if any(not check["required"] for check in checks):
        print("NOTE: not required; what the guests were told, and in which order they were served")


def print_dashboard(base, rows, skipped, *, requests, warmup):
    if skipped:
        print(f"Dashboard with 5,000 registrations: skipped, {skipped}")
        return
    print(f"Dashboard with 5,000 registrations, as an organiser: {base}")
    print(f"{'':<30}{'status':>8}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'SQL ms':>8}")
    for row in rows:
        label = row["url"].removeprefix(base) or "first page"
        print(
            f"{label:<30}{row['status']:>8}{row['median_ms']:>11.1f}"
            f"{row['p95_ms']:>9.1f}{row['queries']:>9}{row['sql_median_ms']:>8.1f}"
        )
    print(f"{requests} requests each, one at a time, after {warmup} warm-up")


def print_profile(profile):
    statuses = ", ".join(f"{count} {status}" for status, count in profile["statuses"].items())
    plain = profile["unprofiled"]
    print(
        f"Where a registration's time goes: {profile['registrations']} POSTs in-process "
        f"(Django test client, bench settings,\none at a time, after 5 warm-up; the workshop "
        f"then has {statuses})"
    )
    print(
        f"unprofiled, medians: {plain['ms']:.1f} ms a POST; {plain['sql_ms']:.1f} ms in "
        f"{plain['queries']:.0f} SQL statements; lock {plain['lock_ms']:.1f} ms to take, "
        f"held {plain['held_ms']:.1f} ms"
    )
    print_summary(profile, "per POST")
