"""A moved workshop's old address leads to its new one (workshops/addresses.py).

Only a page not found is looked at, so every other request costs nothing more: the old
address of a workshop's page, or of any page under it in any app (register, calendar.ics,
report, the organisers' pages…), is sent to the same page at the new address. Checked after
the views, not before them in the URLconf, so that a page that is found (a cached page, most
of all) runs no query for it.
"""

import logging
import re

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path

from .addresses import moved_to
from .models import Workshop
from .selectors import workshops as selectors

logger = logging.getLogger(__name__)

OLD_ADDRESS = re.compile(r"(?P<area>(?:organise/)?workshops)/(?P<slug>[-a-zA-Z0-9_]+)/(?P<rest>.*)")
# Browsers keep a permanent redirect: for an hour only, since a workshop may move back.
KEPT_FOR = 60 * 60


def _may_see_draft(request, slug: str) -> bool:
    try:
        workshop = selectors.workshop_with_organisers(slug=slug)
    except Workshop.DoesNotExist:
        return False
    return request.user.has_perm("workshops.view_workshop", workshop)


def moved_response(request):
    """The redirect from a moved workshop's old address, or None. 301 for a visit; 308 for
    a form sent to the old address, which the browser then sends unchanged to the new one. A
    draft's new address only for those who may see the draft."""
    match = OLD_ADDRESS.fullmatch(request.path_info.removeprefix("/"))
    if match is None:
        return None
    moved = moved_to(match["slug"])
    if moved is None or (moved.is_draft and not _may_see_draft(request, moved.slug)):
        return None
    address = f"{get_script_prefix()}{match['area']}/{moved.slug}/{match['rest']}"
    location = escape_uri_path(address)
    if query := request.META.get("QUERY_STRING"):
        location += "?" + query
    if request.method in ("GET", "HEAD"):
        response = HttpResponsePermanentRedirect(location)
    else:
        response = HttpResponseRedirect(location, status=308)
    patch_cache_control(response, max_age=KEPT_FOR)
    return response


class MovedWorkshopMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        try:
            return moved_response(request) or response
        except DatabaseError:
            # The page was not found either way: never an error page for looking further.
            logger.warning("Could not look up a moved workshop for %s.", request.path)
            return response
