from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import CollaborationStatus
from ..models import Collaboration, Network
from ..selectors.collaborations import organisations_named
from ..services.collaborations import CollaborationDetails

MAX_ORGANISATIONS = 200


class CollaborationForm(forms.Form):
    """A collaboration between networks. Organisations are typed, one name a line, and must
    be in the directory already: a list of every organisation would not fit a phone."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    aims = forms.CharField(
        label=gettext_lazy("Aims"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What the networks want to achieve together, in plain words."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=CollaborationStatus.choices,
        widget=forms.RadioSelect,
        initial=CollaborationStatus.PROPOSED,
    )
    networks = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Networks taking part"),
        queryset=Network.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    organisations = forms.CharField(
        label=gettext_lazy("Organisations taking part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One name on each line, as the directory of organisations writes it."
        ),
    )

    def __init__(self, *args, collaboration: Collaboration | None = None, **kwargs):
        if collaboration is not None and "data" not in kwargs and not args:
            kwargs["initial"] = {
                "title": collaboration.title,
                "aims": collaboration.aims,
                "status": collaboration.status,
                "networks": [network.pk for network in collaboration.networks.all()],
                "organisations": "\n".join(o.name for o in collaboration.organisations.all()),
            }
        super().__init__(*args, **kwargs)

    def clean_organisations(self):
        names = [line for line in self.cleaned_data["organisations"].splitlines() if line.strip()]
        if len(names) > MAX_ORGANISATIONS:
            raise forms.ValidationError(
                _("Name at most %(n)s organisations.") % {"n": MAX_ORGANISATIONS}
            )
        found, missing = organisations_named(names)
        if missing:
            raise forms.ValidationError(
                _(
                    "The directory has no organisation called %(names)s. Check the spelling, "
                    "or add the organisation to the directory first."
                )
                % {"names": ", ".join(f"“{name}”" for name in missing)}
            )
        return found

    def to_details(self) -> CollaborationDetails:
        data = self.cleaned_data
        return CollaborationDetails(
            title=" ".join(data["title"].split()),
            aims=data["aims"].strip(),
            status=data["status"],
            networks=list(data["networks"]),
            organisations=data["organisations"],
        )
