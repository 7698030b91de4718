"""The directory as open data: networks and organisations as JSON records, with the field
names of Open Referral UK's `organization` where one fits (id, name, alternate_name,
description, email, url, uri) and plainly named extra fields for the rest.

Only what the directory shows in public is here. A network's email is its public contact
address; an organisation's contact name and email are for organisers only, so an
organisation's record has no email at all. Each page of records is four queries at most.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.urls import reverse

from ..models import EqualityGroup, Network, Organisation, Sector

PAGE_SIZE = 100


def _address(path: str) -> str:
    return f"{settings.PORTAL_URL}{path}"


def network_record(network: Network) -> dict:
    return {
        "id": str(network.pk),
        "name": network.name,
        "alternate_name": network.short_name,
        "description": network.description,
        "email": network.contact_email,
        "url": network.website,
        "uri": _address(reverse("networks:network", args=[network.slug])),
        "area": network.place,
        "city": network.city,
        "region": network.region,
        "country": network.country,
        "partnership": network.partnership.name if network.partnership else "",
        "organisation_count": network.organisation_count,
        "equality_groups": [group.name for group in network.equality_groups.all()],
        "sectors": [sector.name for sector in network.sectors.all()],
    }


def organisation_record(organisation: Organisation) -> dict:
    return {
        "id": str(organisation.pk),
        "name": organisation.name,
        "description": organisation.description,
        "url": organisation.website,
        "uri": _address(reverse("networks:organisation", args=[organisation.slug])),
        "identifier": organisation.identifier,
        "kind": organisation.kind,
        "place": organisation.place,
        "city": organisation.city,
        "region": organisation.region,
        "country": organisation.country,
        "research_site": organisation.research_site,
        "open_to_collaboration": organisation.open_to_collaboration,
        "networks": [str(network.pk) for network in organisation.networks.all()],
        "equality_groups": [group.name for group in organisation.equality_groups.all()],
        "sectors": [sector.name for sector in organisation.sectors.all()],
    }


def _names(model):
    return model.objects.order_by("position", "name").only("name")


def public_networks():
    return (
        Network.objects.select_related("partnership")
        .annotate(organisation_count=Count("organisations", distinct=True))
        .prefetch_related(
            Prefetch("equality_groups", queryset=_names(EqualityGroup)),
            Prefetch("sectors", queryset=_names(Sector)),
        )
        .order_by("name", "pk")
    )


def public_organisations():
    # Contacts are deferred: they are never read for open data.
    return (
        Organisation.objects.defer("contact_name", "contact_email")
        .prefetch_related(
            Prefetch("networks", queryset=Network.objects.order_by("name").only("pk")),
            Prefetch("equality_groups", queryset=_names(EqualityGroup)),
            Prefetch("sectors", queryset=_names(Sector)),
        )
        .order_by("name", "pk")
    )


def records_page(kind: str, number: int, *, address: str) -> dict:
    """One page of records (`kind` is "networks" or "organisations"), with the total count
    and the addresses of the pages before and after (None at either end). A page past the
    last is empty."""
    rows, to_record = (
        (public_networks(), network_record)
        if kind == "networks"
        else (public_organisations(), organisation_record)
    )
    paginator = Paginator(rows, PAGE_SIZE)
    count = paginator.count
    in_range = 1 <= number <= paginator.num_pages
    page = paginator.page(number) if in_range else None

    def link(n):
        return f"{_address(address)}?page={n}"

    return {
        "count": count,
        "page": number,
        "pages": paginator.num_pages if count else 0,
        "page_size": PAGE_SIZE,
        "next": link(number + 1) if page and page.has_next() else None,
        "previous": link(number - 1) if page and page.has_previous() else None,
        "results": [to_record(row) for row in page.object_list] if page else [],
    }
