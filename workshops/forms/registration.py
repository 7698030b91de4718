from django import forms
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from networks.enums import PersonSector
from networks.models import Network

from ..enums import HowHeard, WorkshopFormat
from ..models import Registration, Workshop


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address"), help_text=_("We send your confirmation and joining details here.")
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    sector = forms.ChoiceField(
        label=_("Where do you work? (optional)"),
        choices=[("", _("Choose…")), *PersonSector.choices],
        required=False,
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks you belong to (optional)"),
        queryset=Network.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_requirements = forms.CharField(
        label=_("Access requirements (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example captions, a sign language interpreter, step-free access, a hearing "
            "loop or regular breaks. Only the organisers see this."
        ),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the organisers see this."),
    )
    how_heard = forms.ChoiceField(
        label=_("How did you hear about the workshop? (optional)"),
        choices=[("", _("Choose…")), *HowHeard.choices],
        required=False,
    )
    also = forms.ModelMultipleChoiceField(
        label=_("Register for these workshops of the series too"),
        queryset=Workshop.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree to the privacy notice: my details are kept to run the workshop."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )

    def __init__(self, *args, workshop, also_open=(), **kwargs):
        super().__init__(*args, **kwargs)
        if workshop.format == WorkshopFormat.ONLINE:
            del self.fields["dietary_needs"]
        if also_open:
            self.fields["also"].queryset = Workshop.objects.filter(pk__in=[w.pk for w in also_open])
            self.fields["also"].label_from_instance = lambda w: (
                f"{w.title}, {date_format(timezone.localtime(w.starts_at), 'l j F Y')}"
            )
        else:
            del self.fields["also"]

    @staticmethod
    def initial_for(person) -> dict:
        """What a signed-in person's profile already says."""
        return {
            "name": person.display_name,
            "email": person.email,
            "organisation": person.organisation.name if person.organisation_id else "",
            "sector": person.sector,
            # The networks they belong to now, not those they have left.
            "networks": list(
                Network.objects.filter(memberships__person=person, memberships__left_at=None)
            ),
            "access_requirements": person.access_needs,
        }


class NeedsForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["access_requirements", "dietary_needs"]
        widgets = {
            "access_requirements": forms.Textarea(attrs={"rows": 3}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
        }
