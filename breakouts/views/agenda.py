"""The research agenda: public, filtered by the address, kept in the page cache."""

import re

from django.shortcuts import render
from django.template.loader import render_to_string

from contributions.pages import CONTRIBUTION_PAGES
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, page_number, public_response

from ..pages import REPORT_PAGES
from ..selectors import agenda as selectors

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,150}")
PARAMS = {
    "group": lambda value: bool(SLUG.fullmatch(value)),
    "sector": lambda value: bool(SLUG.fullmatch(value)),
    "page": page_number,
    "sites": page_number,
}
# The reports' group follows the groups, what they recorded and the reports; the
# contributions' group follows the rest the page shows or filters by: the examples' groups and
# sectors, workshops, organisations and the vocabularies.
AGENDA_PAGES = (REPORT_PAGES, CONTRIBUTION_PAGES)


def _sites_pages(query, sites) -> dict:
    """The site offers' own page links (their number is `sites`), keeping every filter."""

    def address(number):
        changed = query.copy()
        changed["sites"] = number
        return "?" + changed.urlencode()

    return {
        "sites_previous": address(sites.previous_page_number()) if sites.has_previous() else "",
        "sites_next": address(sites.next_page_number()) if sites.has_next() else "",
    }


@public_response("research_agenda", groups=AGENDA_PAGES, params=PARAMS)
def research_agenda(request):
    """Research questions and designs from all workshops with a published report, by theme
    and level, with the organisations offering to be research sites."""
    query = kept_params(request, PARAMS)
    filters = selectors.Filters(
        equality_group=query.get("group", ""), sector=query.get("sector", "")
    )

    def build():
        agenda = selectors.research_agenda(
            filters, page=query.get("page"), sites_page=query.get("sites")
        )
        return render_to_string(
            "breakouts/includes/agenda_body.html",
            {
                "agenda": agenda,
                "page": agenda.page,
                "filters": filters,
                "query": query,
                "filtered": bool(filters.equality_group or filters.sector),
                **_sites_pages(query, agenda.sites),
            },
        )

    body = cached(
        AGENDA_PAGES, "research_agenda", query.urlencode(), build=build, timeout=LIST_TIMEOUT
    )
    return render(request, "breakouts/agenda.html", {"body": body})
