"""The directory's forms: the filters of its two lists (read from the address and checked),
and the edit forms of a network's page, a partnership and an organisation."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialjustice.pagecache import page_number

from ..enums import OrganisationKind
from ..models import EqualityGroup, Network, Organisation, Partnership, Sector
from ..selectors.directory import Filters
from ..services.directory import NetworkDetails, OrganisationDetails, PartnershipDetails

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,150}")


def _slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value))


def _text(limit: int):
    return lambda value: len(value) <= limit


# What each list's address may say; anything else is dropped (socialjustice.pagecache).
NETWORK_PARAMS = {
    "q": _text(200),
    "sector": _slug,
    "group": _slug,
    "place": _text(100),
    "page": page_number,
}
ORGANISATION_PARAMS = {
    **NETWORK_PARAMS,
    "kind": lambda value: value in OrganisationKind.values,
    "research_site": lambda value: value == "yes",
}


class NetworkFilterForm(forms.Form):
    """The networks' search and filters, each labelled; `choices` come from
    selectors.directory.filter_choices, read once for the page."""

    q = forms.CharField(label=gettext_lazy("Search by name or description"), required=False)
    sector = forms.ChoiceField(label=gettext_lazy("Public service sector"), required=False)
    group = forms.ChoiceField(label=gettext_lazy("Equality group"), required=False)
    place = forms.ChoiceField(label=gettext_lazy("Region, town or city"), required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["q"].widget.attrs.update({"class": "form-control", "maxlength": 200})
        fields["q"].widget.input_type = "search"
        fields["sector"].choices = [("", _("Any sector")), *choices["sectors"]]
        fields["group"].choices = [("", _("Any group")), *choices["groups"]]
        fields["place"].choices = [("", _("Anywhere")), *((p, p) for p in choices["places"])]
        for name, field in fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"

    def filters(self) -> Filters:
        """The filters chosen; a choice that is not on offer (a bookmarked place no row
        names any more, say) finds nothing, and the form says why."""
        if not self.is_valid():
            return Filters(nothing=True)
        data = self.cleaned_data
        return Filters(
            q=" ".join(data["q"].split()),
            sector=data["sector"],
            group=data["group"],
            place=data["place"],
            kind=data.get("kind", ""),
            research_site=data.get("research_site") == "yes",
        )


class OrganisationFilterForm(NetworkFilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of organisation"), required=False)
    research_site = forms.ChoiceField(label=gettext_lazy("Research sites"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *OrganisationKind.choices]
        self.fields["research_site"].choices = [
            ("", _("Any organisation")),
            ("yes", _("Willing to act as a research site")),
        ]


def _vocabularies(form) -> None:
    for name, model in (("sectors", Sector), ("equality_groups", EqualityGroup)):
        if name in form.fields:
            form.fields[name].queryset = model.objects.order_by("position", "name")


MARKDOWN_HELP = gettext_lazy("For a list, start each line with “- ”.")


class NetworkForm(forms.ModelForm):
    """A network's page. Coordinators change what the network does and where; organisers
    also its name, short name and partnership (`full`)."""

    ORGANISER_ONLY = ("name", "short_name", "partnership")

    class Meta:
        model = Network
        fields = [
            "name",
            "short_name",
            "partnership",
            "description",
            "website",
            "contact_email",
            "place",
            "country",
            "region",
            "city",
            "sectors",
            "equality_groups",
            "organisations",
        ]
        labels = {
            "place": gettext_lazy("Area covered, in words (optional)"),
            "website": gettext_lazy("Website (optional)"),
            "contact_email": gettext_lazy("Contact email (optional)"),
            "country": gettext_lazy("Country (optional)"),
            "region": gettext_lazy("Region (optional)"),
            "city": gettext_lazy("Town or city (optional)"),
            "equality_groups": gettext_lazy("Equality groups the network covers"),
            "sectors": gettext_lazy("Public service sectors"),
        }
        help_texts = {
            "place": gettext_lazy("For example: Leeds and West Yorkshire."),
            "contact_email": gettext_lazy("Shown on the network's page, for anyone to write to."),
            "region": gettext_lazy("For example: Yorkshire and the Humber."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "sectors": forms.CheckboxSelectMultiple,
            "equality_groups": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, full: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not full:
            for name in self.ORGANISER_ONLY:
                del self.fields[name]
        _vocabularies(self)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name").only(
            "pk", "name"
        )

    def to_details(self) -> NetworkDetails:
        data, network = self.cleaned_data, self.instance
        kept = {name: data.get(name, getattr(network, name)) for name in self.ORGANISER_ONLY}
        return NetworkDetails(
            **kept,
            description=data["description"],
            website=data["website"],
            contact_email=data["contact_email"],
            place=data["place"],
            country=data["country"],
            region=data["region"],
            city=data["city"],
            sectors=tuple(data["sectors"]),
            equality_groups=tuple(data["equality_groups"]),
            organisations=tuple(data["organisations"]),
        )


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "short_name", "description", "aims", "impacts", "website"]
        labels = {
            "short_name": gettext_lazy("Short name (optional)"),
            "website": gettext_lazy("Website (optional)"),
        }
        help_texts = {"aims": MARKDOWN_HELP, "impacts": MARKDOWN_HELP}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "aims": forms.Textarea(attrs={"rows": 8}),
            "impacts": forms.Textarea(attrs={"rows": 8}),
        }

    def to_details(self) -> PartnershipDetails:
        return PartnershipDetails(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "identifier",
            "description",
            "website",
            "country",
            "region",
            "city",
            "sectors",
            "equality_groups",
            "research_site",
            "open_to_collaboration",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "identifier": gettext_lazy("Identifier (optional)"),
            "website": gettext_lazy("Website (optional)"),
            "country": gettext_lazy("Country (optional)"),
            "region": gettext_lazy("Region (optional)"),
            "city": gettext_lazy("Town or city (optional)"),
            "sectors": gettext_lazy("Public service sectors"),
            "equality_groups": gettext_lazy("Equality groups it serves"),
            "contact_name": gettext_lazy("Contact name (optional)"),
            "contact_email": gettext_lazy("Contact email (optional)"),
        }
        help_texts = {
            "identifier": gettext_lazy(
                "Its charity or company number as an org-id, for example GB-CHC-1234567."
            ),
            "contact_name": gettext_lazy("Only organisers see the contact, never the public."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "sectors": forms.CheckboxSelectMultiple,
            "equality_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _vocabularies(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("An organisation with this name is in the directory."))
        return name

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"].strip()
        others = Organisation.objects.filter(identifier__iexact=identifier)
        if identifier and others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("An organisation with this identifier is in the directory.")
            )
        return identifier

    def to_details(self) -> OrganisationDetails:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in ("sectors", "equality_groups"):
            values[name] = tuple(values[name])
        return OrganisationDetails(**values)
