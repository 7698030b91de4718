"""Pages of lists, counted without a query of their own where they can be."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


class CountedPaginator(Paginator):
    """A paginator told how many there are, when that is known without counting them."""

    def __init__(self, object_list, per_page, *, count=None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.count = count  # the cached property, set


def page_in_one_query(queryset, per_page: int, number) -> Page:
    """One page of `queryset`, its rows and how many there are in all read in one query
    (each row carries the total: COUNT(*) OVER ()) instead of a COUNT and then the page.

    Only for a queryset whose rows are the list's (no DISTINCT, which comes after the window
    is counted). A page past the end has no rows to carry the total: it is counted the usual
    way and shows the last page, as Paginator.get_page does."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset.annotate(total_of_list=Window(Count("*")))[start : start + per_page])
    if not rows:
        return Paginator(queryset, per_page).get_page(number)
    page = CountedPaginator(queryset, per_page, count=rows[0].total_of_list).page(number)
    page.object_list = rows
    return page
