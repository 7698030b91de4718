from django.db.models import Prefetch, Q, QuerySet

from ..models import Membership, Network, Organisation, Partnership, User


def person_for_page(*, pk: int) -> User:
    """A person with their organisation and their current networks (`current_memberships`:
    a network they left is no longer theirs)."""
    return (
        User.objects.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(left_at__isnull=True)
                .select_related("network")
                .order_by("network__name", "pk"),
                to_attr="current_memberships",
            )
        )
        .get(pk=pk)
    )


def partnerships_with_networks() -> QuerySet[Partnership]:
    return Partnership.objects.prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name"))
    ).order_by("name")


def organisers(*, current=()) -> QuerySet[User]:
    """People who can be named as organisers: those with the organisers' permission (the
    Organisers group, their own grant, or superusers: who `is_organiser` says yes to), and
    whoever is named already."""
    return (
        User.objects.filter(
            Q(
                groups__permissions__codename="organise",
                groups__permissions__content_type__app_label="networks",
            )
            | Q(user_permissions__codename="organise")
            | Q(is_superuser=True)
            | Q(pk__in=[person.pk for person in current])
        )
        .distinct()
        .order_by("display_name", "email")
    )


def organisation_suggestions(query: str, *, limit: int = 10) -> list[str]:
    """The directory's organisation names containing what was typed (two letters or more),
    for a field's suggestions (static/js/suggest.js). Every name in the directory is public."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    return list(
        Organisation.objects.filter(name__icontains=query)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )
