from django import forms

from networks.models import Network
from networks.selectors import organisers

from ..models import WorkshopSeries
from ..services.series import SeriesDetails


class SeriesForm(forms.ModelForm):
    class Meta:
        model = WorkshopSeries
        fields = ["title", "description", "partnership", "networks", "organisers"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "networks": forms.CheckboxSelectMultiple,
            "organisers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.organisers.all() if self.instance.pk else ()
        self.fields["organisers"].queryset = organisers(current=current)
        self.fields["networks"].queryset = Network.objects.order_by("name")

    def to_details(self) -> SeriesDetails:
        data = self.cleaned_data
        return SeriesDetails(
            title=data["title"],
            description=data["description"],
            partnership=data["partnership"],
            networks=tuple(data["networks"]),
            organisers=tuple(data["organisers"]),
        )
