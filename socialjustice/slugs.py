"""Web addresses made from titles and names: one way, for every app."""

from django.utils.text import slugify


def unique_slug(model, text: str, *, exclude_pk=None, fallback: str = "item") -> str:
    """A slug for `text` that no other row of `model` has: "leeds", then "leeds-2" …"""
    base = slugify(text)[:180] or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
