"""The import of the networks benchmark (bench/networks.py): an organiser's 5,000-row CSV of
organisations, over HTTP as they click through it. The upload page's form, the file posted
with its CSRF token, the columns page with the columns as the portal guessed them confirmed,
then the preview, several times: its status, time and queries each, and what it says.
"""

import http.client
import re
import statistics
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

IMPORT = "/networks/organisations/import/"
PREVIEWS = 3
REQUEST_TIMEOUT = 120
TOKEN_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SELECT = re.compile(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', re.S)
SELECTED = re.compile(r'<option value="([^"]*)"\s+selected')
SUMMARY = re.compile(r'<ul class="list-unstyled import-summary">(.*?)</ul>', re.S)


class Organiser:
    """The organiser importing: their session, the cookies the answers set."""

    def __init__(self, port, cookie_name, sessionid):
        self.cookies = {cookie_name: sessionid}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def request(self, method, path, body=None, headers=None):
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        started = time.perf_counter()
        self.conn.request(method, path, body, {"Cookie": cookie, **(headers or {})})
        response = self.conn.getresponse()
        content = response.read().decode(errors="replace")
        seconds = time.perf_counter() - started
        for line in response.headers.get_all("Set-Cookie") or []:
            self.cookies |= {name: morsel.value for name, morsel in SimpleCookie(line).items()}
        step = {
            "status": response.status,
            "seconds": round(seconds, 3),
            "queries": response.getheader("X-Bench-Queries"),
            "sql_ms": response.getheader("X-Bench-SQL-Ms"),
        }
        return step, content, response.getheader("Location") or ""

    def form(self, path):
        """A form page: the step, and its CSRF token and content."""
        step, content, _ = self.request("GET", path)
        found = TOKEN_INPUT.search(content)
        if step["status"] != 200 or not found:
            raise SystemExit(f"bench: {path} gave {step['status']} and no form to the organiser")
        return step, found.group(1), content

    def post(self, path, body, content_type, deadline):
        if time.monotonic() > deadline:
            raise SystemExit("bench: out of time while importing (see --timeout)")
        step, content, location = self.request("POST", path, body, {"Content-Type": content_type})
        if step["status"] != 302:
            raise SystemExit(f"bench: {path} answered {step['status']}: {content[:300]}")
        return step, urlsplit(location).path


def multipart(fields, name, filename, data):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
        "\r\nContent-Type: text/csv\r\n\r\n".encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def import_preview(port, made, deadline):
    """Upload, columns, preview, as the organiser clicks through them."""
    me = Organiser(port, made["session_cookie"], made["sessionid"])
    opened, token, _ = me.form(IMPORT)
    data = Path(made["file"]["path"]).read_bytes()
    body, content_type = multipart({"csrfmiddlewaretoken": token}, "file", "list.csv", data)
    uploaded, columns_path = me.post(IMPORT, body, content_type, deadline)
    columns_page, token, content = me.form(columns_path)
    chosen = {}
    for field, options in SELECT.findall(content):
        found = SELECTED.search(options)
        chosen[field] = found.group(1) if found else ""
    form = urlencode({"csrfmiddlewaretoken": token, **chosen})
    mapped, preview_path = me.post(
        columns_path, form, "application/x-www-form-urlencoded", deadline
    )
    previews, summary = [], []
    for _ in range(PREVIEWS):
        step, content, _ = me.request("GET", preview_path)
        previews.append(step)
        listed = SUMMARY.search(content)
        summary = re.findall(r"<li>(.*?)</li>", listed.group(1)) if listed else []
    seconds = sorted(step["seconds"] for step in previews)
    me.conn.close()
    return {
        "rows": made["file"]["rows"],
        "bytes": made["file"]["bytes"],
        "columns": sum(1 for value in chosen.values() if value),
        "steps": {
            "upload page": opened,
            "upload": uploaded,
            "columns page": columns_page,
            "columns": mapped,
        },
        "previews": previews,
        "preview_median_s": statistics.median(seconds),
        "preview_max_s": seconds[-1],
        "upload_to_preview_s": round(
            sum(step["seconds"] for step in (uploaded, columns_page, mapped, previews[0])), 3
        ),
        "summary": summary,
    }


def print_import(result):
    print(
        f"The import, as an organiser over HTTP: {result['rows']:,} rows, "
        f"{result['bytes']:,} bytes, {result['columns']} columns guessed"
    )
    for name, step in [*result["steps"].items(), *(("preview", s) for s in result["previews"])]:
        print(
            f"  {name:<14}{step['status']:>5}{step['seconds']:>9.3f} s{step['queries'] or '-':>6}"
            f" queries, SQL {step['sql_ms'] or '-'} ms"
        )
    print(
        f"  from choosing the file to reading the preview: {result['upload_to_preview_s']:.2f} s;"
        f" the preview says: {'; '.join(result['summary']) or '(nothing)'}"
    )
