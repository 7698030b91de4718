"""The directory as open data, for anyone: networks and organisations as JSON (Open
Referral UK's field names where they fit, a page at a time), and the organisations as a
spreadsheet. Organisers also have the spreadsheet with who to contact."""

from django.http import JsonResponse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.exports import csv_response
from socialjustice.pagecache import cached, kept_params, page_number, public_response

from ..pages import NETWORK_PAGES
from ..selectors import open_data
from ..selectors.spreadsheets import export_header, export_rows, organisations_for_export

PARAMS = {"page": page_number}


def _records(kind: str, address: str):
    def view(request):
        query = kept_params(request, PARAMS)
        number = int(query.get("page", 1))
        body = cached(
            (NETWORK_PAGES,),
            f"{kind}-json",
            number,
            build=lambda: open_data.records_page(kind, number, address=address),
        )
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response

    view.__name__ = f"{kind}_json"
    view.__doc__ = f"The directory's {kind} as JSON, {open_data.PAGE_SIZE} to a page."
    return public_response(f"{kind}-json", groups=(NETWORK_PAGES,), params=PARAMS)(view)


networks_json = _records("networks", "/networks.json")
organisations_json = _records("organisations", "/networks/organisations.json")


def organisations_csv(request):
    """Every organisation's public details, as a spreadsheet: never who to contact."""
    return csv_response(
        export_header(contacts=False),
        export_rows(organisations_for_export(), contacts=False),
        filename="organisations.csv",
    )


class OrganisationsExportView(PermissionRequiredMixin, View):
    """Organisers: every organisation with its contact's name and email."""

    permission_required = "networks.export_organisation_contacts"

    def get(self, request):
        return csv_response(
            export_header(contacts=True),
            export_rows(organisations_for_export(), contacts=True),
            filename="organisations-with-contacts.csv",
        )
