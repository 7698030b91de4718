from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Material
from .fields import LinkField


class MaterialForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, PowerPoint, Word, OpenDocument or an image; up to 25 MB."),
    )

    class Meta:
        model = Material
        fields = ["title", "kind", "visibility", "description", "file", "url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"url": _("Or a link, for example to a recording or a shared document.")}
        field_classes = {"url": LinkField}

    def clean(self):
        cleaned = super().clean()
        upload, url = cleaned.get("file"), cleaned.get("url")
        if upload and url:
            self.add_error("url", _("Upload a file or give a link, not both."))
        elif not upload and not url and not self.has_error("file") and not self.has_error("url"):
            self.add_error("file", _("Choose a file to upload, or give a link below."))
        # The file's contents are checked by the service that stores it (add_material).
        return cleaned
