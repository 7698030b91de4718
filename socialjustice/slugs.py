"""Web addresses made from titles and names: one way, for every app."""

from django.utils.text import slugify


def _free(base: str, taken: set) -> str:
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def unique_slug(
    model, text: str, *, exclude_pk=None, fallback: str = "item", reserved=frozenset(), also=None
) -> str:
    """A slug for `text` that no other row of `model` has: "leeds", then "leeds-2" … Never
    one of `reserved`: the addresses of pages beside the rows' own ("new", "import"), nor a
    slug of the queryset `also` (addresses the rows had before), read in the same query so
    that a slug moving from one table to the other is seen in one of them."""
    base = slugify(text)[:180] or fallback
    taken = (
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if also is not None:
        taken = taken.union(also.filter(slug__startswith=base).values_list("slug", flat=True))
    return _free(base, set(taken) | set(reserved))


def unique_slugs(model, texts, *, fallback: str = "item", reserved=frozenset()) -> list[str]:
    """A free slug for each of many new rows, from all the taken ones read at once."""
    taken = set(model.objects.values_list("slug", flat=True)) | set(reserved)
    slugs = []
    for text in texts:
        slug = _free(slugify(text)[:180] or fallback, taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs
