from django.db.models import Count, QuerySet

from ..models import WorkshopSeries


def series_list() -> QuerySet[WorkshopSeries]:
    return WorkshopSeries.objects.annotate(workshop_count=Count("workshops")).order_by("title")
