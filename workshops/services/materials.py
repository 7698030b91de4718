"""Adding and removing a workshop's materials: uploaded files (checked here) and links."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from socialjustice.activity import log_action
from socialjustice.errors import PortalError
from socialjustice.tasking import after_commit
from socialjustice.uploads import check_upload

from ..enums import Action
from ..models import Material, Workshop


def check_material_file(upload):
    """The upload checks with the materials' size limit (`MATERIAL_MAX_UPLOAD_BYTES`)."""
    limit = getattr(settings, "MATERIAL_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
    return check_upload(upload, max_bytes=limit)


def add_material(
    workshop: Workshop,
    *,
    title: str,
    kind: str,
    visibility: str,
    description: str = "",
    upload=None,
    url: str = "",
    by,
) -> Material:
    """Add an uploaded file or a link. The file is checked here, by its contents, before
    anything is stored: UploadRefused (a PortalError naming the "file" field) says why not."""
    checked = check_material_file(upload) if upload is not None else None
    material = Material(
        workshop=workshop,
        title=title,
        kind=kind,
        visibility=visibility,
        description=description,
        url=url if checked is None else "",
    )
    if checked is not None:
        material.filename = checked.name
        material.mimetype = checked.kind.mimetype
        material.size = checked.size
        material.file.save(checked.name, checked.file, save=False)
    try:
        with transaction.atomic(durable=True):
            material.save()
            log_action(by, Action.MATERIAL_ADDED, material, scope=workshop)
    except BaseException:
        # The row was not saved: the file stored for it would belong to nothing.
        if material.file:
            material.file.storage.delete(material.file.name)
        raise
    return material


def delete_material(material: Material, *, by) -> None:
    """Delete the row, and its file once the deletion is committed (a rollback keeps both)."""
    storage, name = material.file.storage, material.file.name
    with transaction.atomic(durable=True):
        deleted, _counts = Material.objects.filter(pk=material.pk).delete()
        if not deleted:
            raise PortalError(_("“%(title)s” was deleted already.") % {"title": material.title})
        log_action(by, Action.MATERIAL_DELETED, material, scope=material.workshop)
        if name:
            after_commit(lambda: storage.delete(name))
