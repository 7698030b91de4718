"""The coverage map: who covers each equality group, by network, sector or place, and where
the gaps are. Anyone may read it and download it; anonymous visitors get it from the cache."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from socialjustice.exports import csv_response
from socialjustice.pagecache import cached, public_response

from ..forms.coverage import coverage_filters, without_page
from ..pages import NETWORK_PAGES
from ..selectors import coverage as selectors
from ..selectors import coverage_export
from ..selectors.coverage_summary import summary


def _kept(request):
    return coverage_filters(request.GET)[1]


def _check(request):
    if not request.user.has_perm("networks.view_coverage"):
        raise PermissionDenied


@public_response("coverage", groups=(NETWORK_PAGES,), params=_kept)
def coverage_page(request):
    _check(request)
    filters, query = coverage_filters(request.GET)

    def build():
        found = selectors.coverage_map(filters)
        return render_to_string(
            "networks/includes/coverage_body.html",
            {
                "map": found,
                "summary": summary(found),
                "query": query,
                "columns_query": without_page(query),
                "chosen_slugs": set(filters.groups),
                "column_modes": [
                    ("networks", _("Networks")),
                    ("sectors", _("Public service sectors")),
                    ("places", _("Places")),
                ],
                "columns_per_page": selectors.COLUMNS_PER_PAGE,
                "max_groups": selectors.MAX_GROUPS,
            },
        )

    body = cached((NETWORK_PAGES,), "coverage", query.urlencode(), build=build)
    return render(request, "networks/coverage.html", {"body": body})


def coverage_csv(request):
    """The map as a spreadsheet: one row per cell, every column (not thirty at a time)."""
    _check(request)
    filters, _query = coverage_filters(request.GET)
    return csv_response(
        coverage_export.EXPORT_HEADER, coverage_export.export_rows(filters), filename="coverage.csv"
    )
