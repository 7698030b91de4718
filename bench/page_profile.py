"""Where the slowest page's time goes: it is asked for in-process, through the WSGI handler
gunicorn calls, as the person the page table measured it as.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.page_profile PATH [COOKIE]

bench/run.py runs it after the page table with gunicorn's environment (the same secret key,
so COOKIE, the session the table used, is valid) for the page with the fewest requests a
second. WARMUP requests first (the cache filled, the templates compiled), then REQUESTS timed
without the profiler, then REQUESTS under cProfile: cumulative milliseconds a request in the
buckets below, and the functions with the most time of their own. Prints one line of JSON.
"""

import cProfile
import inspect
import io
import json
import pstats
import statistics
import sys
import time

from bench.profiling import print_summary, summary

WARMUP = 20
REQUESTS = 100

# (label, file suffix, function): cProfile's cumulative time a request. Indented rows are
# part of the row above them; the view's row is added from the page's own view.
BUCKETS = [
    ("the request: middleware and view", "django/core/handlers/base.py", "get_response"),
    ("  the signed-in person and their permissions", "networks/middleware.py", "_user"),
    ("  templates rendered", "django/template/backends/django.py", "render"),
    ("  SQL statements", "django/db/backends/utils.py", "_execute"),
    ("  Redis commands", "redis/client.py", "execute_command"),
    ("  Redis pipelines", "redis/client.py", "execute"),
    ("  CSRF tokens", "django/middleware/csrf.py", "get_token"),
]


def main():
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import resolve

    path, cookie = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
    handler = WSGIHandler()

    def ask():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
        }
        answered = []
        body = b"".join(handler(environ, lambda status, headers, exc=None: answered.append(status)))
        if not answered or not answered[0].startswith("200"):
            raise SystemExit(f"bench.page_profile: {path} answered {answered}")
        return body

    for _ in range(WARMUP):
        ask()
    plain = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        ask()
        plain.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    for _ in range(REQUESTS):
        profiler.enable()
        ask()
        profiler.disable()
    stats = pstats.Stats(profiler).stats

    # The page's own view: a class's `get`, or the function inside its decorators.
    view = resolve(path).func
    view = view.view_class.get if hasattr(view, "view_class") else inspect.unwrap(view)
    code = view.__code__
    buckets = list(BUCKETS)
    buckets.insert(1, ("  the view", "/".join(code.co_filename.rsplit("/", 2)[-2:]), code.co_name))
    output = {
        "path": path,
        "signed_in": bool(cookie),
        "requests": REQUESTS,
        "median_ms": round(statistics.median(plain), 2),
        **summary(stats, REQUESTS, buckets),
    }
    print(json.dumps(output))


def print_page_profile(profile):
    """The profile's report, for bench/run.py (no Django needed)."""
    who = "signed in as the table's person" if profile["signed_in"] else "as a visitor"
    print(
        f"Where the slowest page's time goes: {profile['path']}, {who}, in-process (WSGI, "
        f"bench settings, one at a time, after {WARMUP} warm-up)"
    )
    print(
        f"unprofiled median: {profile['median_ms']:.2f} ms a request; the rows under the first "
        "overlap (a template the view renders counts in both)"
    )
    print_summary(profile, "a request")


if __name__ == "__main__":
    main()
