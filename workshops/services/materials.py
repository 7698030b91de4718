from django.db import transaction

from ..models import Material, Workshop
from ..uploads import FileKind, safe_filename


def add_material(
    workshop: Workshop,
    *,
    title: str,
    kind: str,
    visibility: str,
    description: str = "",
    upload=None,
    file_kind: FileKind | None = None,
    url: str = "",
) -> Material:
    """Add an uploaded file (already checked by `uploads.validate_material_file`) or a link."""
    material = Material(
        workshop=workshop,
        title=title,
        kind=kind,
        visibility=visibility,
        description=description,
        url=url if upload is None else "",
    )
    if upload is not None:
        name = safe_filename(upload.name)
        material.filename = name
        material.mimetype = file_kind.mimetype
        material.size = upload.size
        material.file.save(name, upload, save=False)
    material.save()
    return material


def delete_material(material: Material) -> None:
    """Delete the row, and its file once the deletion is committed (a rollback keeps both)."""
    storage, name = material.file.storage, material.file.name
    with transaction.atomic():
        material.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
