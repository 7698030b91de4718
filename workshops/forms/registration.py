"""The registration form, and the needs a registered person can change later.

The form offers as tick boxes only the networks that matter to this registration: the
workshop's, its series', the signed-in person's own (and, shown again after an error, any
ticked). Any other network of the directory is typed by name, with the directory's names
suggested as they are typed (static/js/suggest.js, from `networks:network_suggestions`), so
the form does not grow with the directory.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from networks.enums import PersonSector
from networks.models import Network
from networks.selectors.names import networks_named

from ..enums import HowHeard, WorkshopFormat
from ..models import Registration, Workshop
from ..selectors.registration import offered_networks

# What may be typed: at most this many names, so one form cannot ask for thousands.
MOST_NAMES = 30
# Ticked boxes shown again after an error: far more than anyone belongs to.
MOST_TICKED = 200


# The typed field's label, worked out only when the form is shown (it depends on the boxes).
# Made lazy once: `lazy` builds a class each time it is called, a quarter of a millisecond.
_typed_label = lazy(lambda form: form._typed_label(), str)


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
    # Ticked: the networks that matter to this registration (offered_networks). Any network
    # of the directory is accepted, so one offered when the page was shown still is.
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks you belong to (optional)"),
        queryset=Network.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_networks = forms.CharField(
        label=_("Other networks you belong to (optional)"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(
            attrs={
                "data-suggest-url": reverse_lazy("networks:network_suggestions"),
                "data-suggest-separator": ",",
            }
        ),
        help_text=_("Type their names from the networks directory, separated by commas."),
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

    def __init__(self, *args, workshop, also_open=(), person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._workshop, self._person = workshop, person
        # The boxes are read only when the form is shown, so a form sent and accepted costs
        # no query for them; what is ticked is checked against the whole directory.
        self.fields["networks"].choices = lambda: [
            (network.pk, network.name) for network in self.offered
        ]
        self.fields["other_networks"].label = _typed_label(self)
        if workshop.format == WorkshopFormat.ONLINE:
            del self.fields["dietary_needs"]
        if also_open:
            self.fields["also"].queryset = Workshop.objects.filter(pk__in=[w.pk for w in also_open])
            self.fields["also"].label_from_instance = lambda w: (
                f"{w.title}, {date_format(timezone.localtime(w.starts_at), 'l j F Y')}"
            )
        else:
            del self.fields["also"]

    @cached_property
    def offered(self) -> list[Network]:
        """The networks offered as tick boxes (none: the form shows the typed field alone)."""
        return offered_networks(self._workshop, person=self._person, ticked=self._ticked())

    def _typed_label(self) -> str:
        if self.offered:
            return str(_("Other networks you belong to (optional)"))
        return str(_("Networks you belong to (optional)"))

    def _ticked(self) -> list[int]:
        """The networks ticked in what was sent, so a form shown again still shows them."""
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return []
        sent = self.data.getlist(self.add_prefix("networks"))
        return [int(value) for value in sent[:MOST_TICKED] if value.isdigit() and len(value) < 10]

    def clean_other_networks(self) -> list[Network]:
        text = self.cleaned_data["other_networks"]
        if len([piece for piece in text.split(",") if piece.strip()]) > MOST_NAMES:
            raise ValidationError(
                _("You can name up to %(count)s networks here.") % {"count": MOST_NAMES}
            )
        found, unknown, ambiguous = networks_named(text)
        errors = [
            _(
                "We could not find “%(name)s” in the networks directory. Check the name, or "
                "leave it out."
            )
            % {"name": name}
            for name in unknown
        ] + [
            _(
                "More than one network in the directory is called “%(name)s”. Type the "
                "network’s full name as the directory shows it."
            )
            % {"name": name}
            for name in ambiguous
        ]
        if errors:
            raise ValidationError(errors)
        return found

    def clean(self):
        data = super().clean()
        # Every network chosen, ticked or typed, each once: what the registration keeps.
        chosen = [*data.get("networks", ()), *data.get("other_networks", ())]
        data["networks"] = sorted(dict.fromkeys(chosen), key=lambda network: network.name)
        return data

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
