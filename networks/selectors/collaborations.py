"""Reads of the network of networks: collaborations, one collaboration's page, and a
network's collaborations. Each read is a fixed number of queries, whatever the number of
collaborations, networks or organisations."""

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Lower

from ..models import Collaboration, Network, Organisation

NETWORK_COLUMNS = ("pk", "name", "slug", "short_name")


def _networks():
    return Prefetch("networks", queryset=Network.objects.order_by("name").only(*NETWORK_COLUMNS))


def collaborations() -> QuerySet[Collaboration]:
    """Every collaboration, by title, each with its networks (for the list page)."""
    return Collaboration.objects.prefetch_related(_networks()).order_by("title", "pk")


def collaboration_for_page(*, slug: str) -> Collaboration:
    """One collaboration with its networks and organisations (DoesNotExist if none)."""
    return Collaboration.objects.prefetch_related(
        _networks(),
        Prefetch(
            "organisations",
            queryset=Organisation.objects.order_by("name").only("pk", "name", "slug", "kind"),
        ),
    ).get(slug=slug)


def collaborations_of_network(network: Network, *, limit: int = 10) -> list[Collaboration]:
    """A network's collaborations (a few, by title), each with the names of its other
    networks (`others`)."""
    found = list(
        Collaboration.objects.filter(networks=network)
        .prefetch_related(_networks())
        .order_by("title", "pk")[:limit]
    )
    for collaboration in found:
        collaboration.others = [n.name for n in collaboration.networks.all() if n.pk != network.pk]
    return found


def organisations_named(names: list[str]) -> tuple[list[Organisation], list[str]]:
    """The organisations with these names (any letter case), in the order given, and the
    names no organisation has."""
    wanted = {" ".join(name.split()).lower(): " ".join(name.split()) for name in names}
    wanted.pop("", None)
    if not wanted:
        return [], []
    found = {
        organisation.name.lower(): organisation
        for organisation in Organisation.objects.annotate(lowered=Lower("name"))
        .filter(lowered__in=list(wanted))
        .only("pk", "name", "slug")
    }
    missing = [name for key, name in wanted.items() if key not in found]
    return [found[key] for key in wanted if key in found], missing
