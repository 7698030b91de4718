"""The organisers' list of the workshops they manage, latest first."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.pagecache import LIST_TIMEOUT, cached, page_number

from ..pages import WORKSHOP_PAGES
from ..selectors import workshops as selectors

PAGE_SIZE = 25


class OrganiserWorkshopListView(PermissionRequiredMixin, View):
    permission_required = "workshops.view_organiser_workshops"

    def get(self, request):
        # The table is the same for every site-wide organiser, and for each other organiser
        # until a workshop changes: kept with the workshop pages, rebuilt after any edit.
        user = request.user
        scope = "all" if user.has_perm("socialjustice.view_organiser_area") else user.pk
        number = request.GET.get("page", "")
        query = QueryDict(mutable=True)
        if page_number(number):
            query["page"] = number

        def build():
            workshops = selectors.workshops_managed_by(user)
            page = Paginator(workshops, PAGE_SIZE).get_page(query.get("page"))
            return render_to_string(
                "workshops/organise/_workshop_list_body.html", {"page": page, "query": query}
            )

        body = cached(
            (WORKSHOP_PAGES,),
            "organise-list",
            scope,
            query.urlencode(),
            build=build,
            timeout=LIST_TIMEOUT,
        )
        return render(
            request,
            "workshops/organise/workshop_list.html",
            {"body": body, "can_add": user.has_perm("workshops.add_workshop")},
        )
