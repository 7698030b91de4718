from django.db.models import Prefetch, QuerySet

from .models import Network, Partnership, User


def person_for_page(*, pk: int) -> User:
    return (
        User.objects.select_related("organisation")
        .prefetch_related(Prefetch("networks", queryset=Network.objects.order_by("name")))
        .get(pk=pk)
    )


def partnerships_with_networks() -> QuerySet[Partnership]:
    return Partnership.objects.prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name"))
    ).order_by("name")


def networks_outside_partnerships() -> QuerySet[Network]:
    return Network.objects.filter(partnership__isnull=True).order_by("name")
