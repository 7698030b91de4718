from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Speaker


class SpeakerForm(forms.ModelForm):
    affiliation_name = forms.CharField(
        label=_("Affiliation"),
        required=False,
        max_length=200,
        help_text=_("Start typing to find an organisation; a new name is added."),
    )

    class Meta:
        model = Speaker
        fields = ["honorific", "name", "role", "affiliation_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.affiliation_id:
            self.initial["affiliation_name"] = self.instance.affiliation.name
        if suggest_url:
            self.fields["affiliation_name"].widget.attrs["data-suggest-url"] = suggest_url
