from django.db.models import Count, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..enums import Visibility, WorkshopState
from ..models import Material, Workshop


def public_materials() -> QuerySet[Material]:
    """Everyone's downloads: public materials of published (or cancelled) workshops."""
    return (
        Material.objects.filter(visibility=Visibility.PUBLIC)
        .exclude(workshop__state=WorkshopState.DRAFT)
        .select_related("workshop")
        # Grouped by workshop on the page: the workshop's id keeps two workshops that start
        # at the same moment from interleaving.
        .order_by("-workshop__starts_at", "workshop_id", "kind", "-created_at", "pk")
    )


def public_material_count() -> int:
    """How many `public_materials` gives: every public material, less those of drafts (few),
    each counted on an index rather than by joining every material to its workshop; in one
    query."""
    public = Material.objects.filter(visibility=Visibility.PUBLIC)
    of_drafts = (
        public.filter(workshop__state=WorkshopState.DRAFT)
        .order_by()
        .values("visibility")
        .annotate(count=Count("pk"))
        .values("count")
    )
    counted = public.aggregate(count=Count("pk") - Coalesce(Subquery(of_drafts), 0))
    return counted["count"]


def latest_public_materials(*, limit: int = 5) -> QuerySet[Material]:
    """The newest, read in the order of the index material_newest_idx (migration 0008): the
    first few rows of it, however many materials there are."""
    return public_materials().order_by("-created_at", "pk")[:limit]


def materials_of(workshop: Workshop) -> QuerySet[Material]:
    return Material.objects.filter(workshop=workshop).order_by("kind", "-created_at", "pk")


def materials_visible_to(user, workshop: Workshop, materials=None) -> list[Material]:
    """The workshop's materials this person may see (`view_material`'s rule, decided once for
    the workshop rather than once a material)."""
    materials = list(materials_of(workshop) if materials is None else materials)
    if user.has_perm("workshops.view_participant_materials", workshop):
        return materials
    return [material for material in materials if material.visibility == Visibility.PUBLIC]


def material_for_download(*, slug: str, pk: int) -> Material:
    return Material.objects.select_related("workshop").get(pk=pk, workshop__slug=slug)
