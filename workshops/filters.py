import django_filters
from django.utils.translation import gettext_lazy as _

from networks.models import Network

from .enums import WorkshopFormat
from .models import Workshop, WorkshopSeries


class WorkshopFilter(django_filters.FilterSet):
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=WorkshopFormat.choices, empty_label=_("Any format")
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        queryset=WorkshopSeries.objects.order_by("title"),
        to_field_name="slug",
        empty_label=_("Any series"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        field_name="networks",
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any network"),
    )

    class Meta:
        model = Workshop
        fields = ["format", "series", "network"]
