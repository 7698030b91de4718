"""What an email says: its subject and bodies rendered from a feature's templates, the links in
it, and the snapshot kept by an email whose bodies are rendered when it is sent.

The outbox (socialjustice/outbox.py) stores and sends; this module only turns a template and
its context into text. An email written while places are locked keeps its template and a
snapshot of its context (`snapshot`): plain values taken at that moment, turned back into
the same context by `from_snapshot` when the worker renders it, so it says what it would
have said if rendered then.
"""

import re
from datetime import date, datetime

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _with_portal(context: dict) -> dict:
    return {"portal_name": settings.PORTAL_NAME, "portal_url": settings.PORTAL_URL, **context}


def render_subject(template: str, context: dict) -> str:
    """`<template>_subject.txt`, on one line."""
    with translation.override(settings.LANGUAGE_CODE):
        return " ".join(render_to_string(f"{template}_subject.txt", _with_portal(context)).split())


def render_bodies(template: str, context: dict, *, subject: str) -> tuple[str, str]:
    """`<template>_message.txt` and `_message.html`. A template without its own HTML version
    is wrapped in the portal's plain HTML layout, so every email has both parts."""
    context = _with_portal(context)
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"{template}_message.txt", context).strip()
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = render_to_string(
                "emails/plain_message.html",
                {**context, "subject": subject, "html_text": linked(text, portal_links(context))},
            )
    return text, html


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `_message.txt` and `_message.html`."""
    subject = render_subject(template, context)
    return subject, *render_bodies(template, context, subject=subject)


URL = re.compile(r"https?://[^\s<>\"']+")


def portal_links(context: dict) -> set[str]:
    """The addresses the portal itself put in an email, the only ones made into links: those
    the context names `…url` or `…link` (and the `url` of each item of a list of them), and
    any in `links`, which a feature fills with what a trusted author wrote (an organiser's
    message). Nothing a visitor typed (a name, an organisation) is ever made a link."""
    found = set(context.get("links", ()))
    for key, value in context.items():
        if isinstance(value, str) and (key.endswith("url") or key.endswith("link")):
            found.add(value)
        elif isinstance(value, list | tuple):
            found.update(
                item["url"] for item in value if isinstance(item, dict) and item.get("url")
            )
    return {link for link in found if URL.fullmatch(link)}


def links_in(text: str) -> list[str]:
    """The web addresses in a trusted author's text, for `links`."""
    return [match.group(0).rstrip(".,;:)") for match in URL.finditer(text)]


def linked(text: str, links: set[str]) -> SafeString:
    """`text`, escaped for HTML, with the given addresses (and only those) made into links."""
    pieces = []
    position = 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        if url not in links:
            continue
        start, end = match.start(), match.start() + len(url)
        pieces.append(escape(text[position:start]))
        pieces.append(format_html('<a href="{}">{}</a>', url, url))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece is escaped or format_html)


# A snapshot is JSON: times are tagged so they come back as times (the templates format them).
_DATETIME, _DATE = "__datetime__", "__date__"


def snapshot(value):
    """`value` (a context) as JSON-ready plain values. Only plain values are accepted: a model
    instance would be read again when sending, and could say something else by then, so the
    feature passes what the email shows (see workshops/emails.py `snapshot_context`)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str | Promise):
        return str(value)
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dict):
        return {str(key): snapshot(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [snapshot(item) for item in value]
    raise TypeError(
        f"An email rendered when sent keeps plain values only, not {type(value).__name__}."
    )


def from_snapshot(value):
    """The context a snapshot was taken of."""
    if isinstance(value, dict):
        if len(value) == 1 and _DATETIME in value:
            return datetime.fromisoformat(value[_DATETIME])
        if len(value) == 1 and _DATE in value:
            return date.fromisoformat(value[_DATE])
        return {key: from_snapshot(item) for key, item in value.items()}
    if isinstance(value, list):
        return [from_snapshot(item) for item in value]
    return value
