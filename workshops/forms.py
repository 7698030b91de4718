from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from networks.enums import PersonSector
from networks.models import Network, Partnership

from .enums import HowHeard, ProgrammeKind, WorkshopFormat
from .models import Material, Registration, Speaker, Workshop, WorkshopSeries
from .programme_text import parse_clock
from .services.speakers import speaker_label
from .services.workshops import LONDON, SCALAR_FIELDS, local_times, london_datetime
from .uploads import validate_material_file


class LinkField(forms.URLField):
    """A web address; one typed without http:// or https:// is taken as https."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ClockField(forms.CharField):
    """A time of day typed the way programmes write it: 10:00, 10.05, 9.30, 2pm."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("For example 10:00 or 10.05"))
        super().__init__(**kwargs)
        # No max_length validator: it would run on the parsed time, not on what was typed.
        self.widget.attrs.update({"maxlength": 12, "autocomplete": "off", "size": 6})

    def prepare_value(self, value):
        return value.strftime("%H:%M") if hasattr(value, "strftime") else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_clock(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


def organiser_people(*, current=()):
    """People who can be named as organisers: the Organisers group, and whoever already is."""
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename="organise")
            | Q(is_superuser=True)
            | Q(pk__in=[person.pk for person in current])
        )
        .distinct()
        .order_by("display_name", "email")
    )


class WorkshopForm(forms.ModelForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = ClockField(label=_("Starts at (London time)"))
    end_time = ClockField(label=_("Ends at (London time)"))
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave blank to open registration when the workshop is published."),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave blank to close registration when the workshop starts."),
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "theme",
            "series",
            "description",
            "key_questions",
            "date",
            "start_time",
            "end_time",
            "format",
            "venue_name",
            "venue_address",
            "access_information",
            "join_link",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "reminder_hours",
            "what_to_bring",
            "hashtags",
            "social_handles",
            "contact_email",
            "partnership",
            "networks",
            "organisers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "key_questions": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 3}),
            "access_information": forms.Textarea(attrs={"rows": 3}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
            "networks": forms.CheckboxSelectMultiple,
            "organisers": forms.CheckboxSelectMultiple,
        }
        field_classes = {"join_link": LinkField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = WorkshopSeries.objects.order_by("title")
        self.fields["partnership"].queryset = Partnership.objects.order_by("name")
        self.fields["networks"].queryset = Network.objects.order_by("name")
        current = self.instance.organisers.all() if self.instance.pk else ()
        self.fields["organisers"].queryset = organiser_people(current=current)
        self.fields["organisers"].required = False
        self.fields["organisers"].help_text = _("You are always one of the organisers.")
        self.fields["hashtags"].help_text = _("For example: #Inequalities #SocialJustice")
        self.fields["reminder_hours"].required = False
        if self.instance.pk:
            starts = self.instance.starts_at.astimezone(LONDON)
            opens, closes = local_times(self.instance)
            self.initial.update({"date": starts.date(), "start_time": opens, "end_time": closes})
            self.fields["organisers"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        day, start, end = (cleaned.get(name) for name in ("date", "start_time", "end_time"))
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The workshop must end after it starts."))
            else:
                cleaned["starts_at"] = london_datetime(day, start)
                cleaned["ends_at"] = london_datetime(day, end)
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if cleaned.get("reminder_hours") is None:
            cleaned["reminder_hours"] = Workshop._meta.get_field("reminder_hours").default
        workshop_format = cleaned.get("format")
        if workshop_format in ("in_person", "hybrid") and not cleaned.get("venue_name"):
            self.add_error("venue_name", _("Give the venue for an in-person or hybrid workshop."))
        return cleaned

    def service_fields(self) -> dict:
        """The cleaned values the workshop services take (dates and times combined)."""
        return {
            name: self.cleaned_data[name] for name in SCALAR_FIELDS if name in self.cleaned_data
        }


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
        self.fields["organisers"].queryset = organiser_people(current=current)
        self.fields["networks"].queryset = Network.objects.order_by("name")


class DuplicateForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the copy"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The copy keeps the same hours and programme, as a draft."),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it cancelled? (shown on the workshop page)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgrammeItemForm(forms.Form):
    starts_at = ClockField(label=_("Starts"))
    ends_at = ClockField(label=_("Ends"))
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    chair = forms.CharField(
        label=_("Chair"),
        required=False,
        max_length=300,
        help_text=_(
            "Name, with the title and affiliation: Professor Sarah Salway (University of Sheffield)"
        ),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One a line, written like the chair. Speakers already in the portal are reused."
        ),
    )
    is_parallel = forms.BooleanField(label=_("Runs in parallel with another item"), required=False)
    accept_overlap = forms.BooleanField(
        label=_("Keep the overlap: save this item as it is"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        if suggest_url:
            for name in ("chair",):
                self.fields[name].widget.attrs["data-suggest-url"] = suggest_url

    def show_overlap_choice(self, message: str) -> None:
        self.overlap_warning = message
        self.fields["accept_overlap"].widget = forms.CheckboxInput()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error(
                "ends_at",
                _("The item ends at %(end)s, before it starts at %(start)s.")
                % {"end": f"{end:%H:%M}", "start": f"{start:%H:%M}"},
            )
        return cleaned

    def speaker_lines(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in self.cleaned_data["speakers"].splitlines() if line.strip()
        )

    @staticmethod
    def initial_for(item) -> dict:
        return {
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "chair": speaker_label(item.chair) if item.chair else "",
            "speakers": "\n".join(speaker_label(s) for s in item.speakers.all()),
            "is_parallel": item.is_parallel,
        }


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Programme text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the programme from your document: one item a line, starting with its time, "
            "such as “10:00 Welcome” or “10.15 – 11.05 Opening Presentations”. Lines below an "
            "item become its description."
        ),
    )


class PastedItemForm(ProgrammeItemForm):
    include = forms.BooleanField(label=_("Include this item"), required=False, initial=True)
    line_number = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["accept_overlap"]
        self.order_fields(["include"])

    def full_clean(self):
        # An item the organiser left out needs no valid times.
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("include", True):
            self._errors = forms.utils.ErrorDict()


PastedItemFormSet = forms.formset_factory(PastedItemForm, extra=0)


class PasteSaveForm(forms.Form):
    replace = forms.BooleanField(
        label=_("Replace the items already in the programme"), required=False
    )


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
        if upload:
            try:
                cleaned["file_kind"] = validate_material_file(upload)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


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
            "networks": list(person.networks.all()),
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
