"""The registration form, and the needs a registered person can change later.

The form offers as tick boxes only the networks that matter to this registration: the
workshop's, its series', the signed-in person's own (and, shown again after an error, any
ticked). Any other network of the directory is typed by name, with the directory's names
suggested as they are typed (static/js/suggest.js, from `networks:network_suggestions`), so
the form does not grow with the directory.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _

from networks.enums import PersonSector
from networks.models import Membership, Network

from ..enums import HowHeard, WorkshopFormat
from ..models import Registration, Workshop

# What may be typed: a network's name may hold commas itself ("Race, Faith and Belief"), so up
# to this many pieces between commas are tried together as one name; and at most this many
# pieces are looked up, so one form cannot ask for thousands of names.
PIECES_IN_A_NAME = 4
MOST_NAMES = 30
# Ticked boxes shown again after an error: far more than anyone belongs to.
MOST_TICKED = 200


def offered_networks(workshop, *, person=None, ticked=()) -> list[Network]:
    """The tick boxes: the networks of the workshop, of its series, those the person belongs
    to now, and any ticked (`ticked`, their ids), by name. One query."""
    wanted = Q(pk__in=workshop.networks.values("pk"))
    if workshop.series_id is not None:
        wanted |= Q(pk__in=Network.objects.filter(workshop_series=workshop.series_id).values("pk"))
    if person is not None:
        current = Membership.objects.filter(person=person, left_at=None)
        wanted |= Q(pk__in=current.values("network_id"))
    if ticked:
        wanted |= Q(pk__in=ticked)
    return list(Network.objects.filter(wanted).order_by("name"))


def _spaced(name: str) -> str:
    """A name as typed, without spaces around it and with those between words as one."""
    return " ".join(name.split())


def _key(name: str) -> str:
    """A name as it is compared: in any case."""
    return _spaced(name).casefold()


def networks_named(text: str) -> tuple[list[Network], list[str], list[str]]:
    """The networks whose names (or short names) are typed in `text`, separated by commas, in
    the order typed; the names found nowhere; and the names that more than one network has.
    One query."""
    pieces = text.split(",")
    tried = {
        _spaced(",".join(pieces[start:end]))
        for start in range(len(pieces))
        for end in range(start + 1, min(len(pieces), start + PIECES_IN_A_NAME) + 1)
    } - {""}
    by_name, by_short_name = {}, {}
    if tried:
        matching = Q()
        for name in tried:
            matching |= Q(name__iexact=name) | Q(short_name__iexact=name)
        for network in Network.objects.filter(matching):
            by_name.setdefault(_key(network.name), []).append(network)
            if network.short_name:
                by_short_name.setdefault(_key(network.short_name), []).append(network)
    found, unknown, ambiguous = [], [], []
    start = 0
    while start < len(pieces):
        # The longest run of pieces that names a network, so "Race, Faith and Belief" is one.
        for end in range(min(len(pieces), start + PIECES_IN_A_NAME), start, -1):
            name = _spaced(",".join(pieces[start:end]))
            networks = by_name.get(_key(name)) or by_short_name.get(_key(name))
            if not networks:
                continue
            if len(networks) == 1:
                found.append(networks[0])
            else:
                ambiguous.append(name)
            start = end
            break
        else:
            if name := _spaced(pieces[start]):
                unknown.append(name)
            start += 1
    return list(dict.fromkeys(found)), unknown, ambiguous


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
