import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Collaboration, Network, Partnership
from networks.selectors import organisers
from socialjustice.forms import DayField, MomentField

from ..calendar import LONDON, local_times, london_datetime
from ..enums import WorkshopFormat, WorkshopState
from ..models import Workshop, WorkshopSeries
from ..programme_text import without_bullet
from ..services.workshops import WorkshopDetails
from .fields import ClockField, LinkField, PlacesField, ReminderHoursField

MANY = WorkshopDetails.MANY
# The many-to-many fields, each a list of boxes. crispy-forms draws those boxes itself and
# leaves out the hidden copy of the value the organiser saw (`show_hidden_initial`): each
# carries that copy in a hidden field of its own instead (`shown_name`).
BOXES = ("networks", "collaborations", "organisers")


def shown_name(name: str) -> str:
    return f"{name}_shown"


class ShownField(forms.Field):
    """The keys of the boxes ticked when the form opened, as they come back: never
    refused, since nobody could correct a hidden field."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> frozenset[str]:
        return frozenset(str(key) for key in value or ())


class WorkshopForm(forms.ModelForm):
    date = DayField(label=_("Date"))
    start_time = ClockField(label=_("Starts at (London time)"))
    end_time = ClockField(label=_("Ends at (London time)"))
    registration_opens_at = MomentField(
        label=_("Registration opens"),
        required=False,
        help_text=_("Leave blank to open registration when the workshop is published."),
    )
    registration_closes_at = MomentField(
        label=_("Registration closes"),
        required=False,
        help_text=_("Leave blank to close registration when the workshop starts."),
    )
    # Only on a published workshop's form: a draft can have any date, and nobody is told.
    correction = forms.BooleanField(
        label=_("This corrects the date of a past workshop"),
        required=False,
        help_text=_(
            "Tick it only to correct the record of a workshop that took place on a day that "
            "has passed. Nobody registered is emailed about a correction."
        ),
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
            "correction",
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
            "collaborations",
            "organisers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "key_questions": forms.Textarea(attrs={"rows": 4}),
            "venue_address": forms.Textarea(attrs={"rows": 3}),
            "access_information": forms.Textarea(attrs={"rows": 3}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
            "networks": forms.CheckboxSelectMultiple,
            "collaborations": forms.CheckboxSelectMultiple,
            "organisers": forms.CheckboxSelectMultiple,
        }
        labels = {"collaborations": _("Collaborations")}
        help_texts = {
            "collaborations": _(
                "The collaborations between networks this workshop is part of. "
                "It is listed on their pages."
            )
        }
        field_classes = {
            "join_link": LinkField,
            "capacity": PlacesField,
            "reminder_hours": ReminderHoursField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = WorkshopSeries.objects.order_by("title")
        self.fields["partnership"].queryset = Partnership.objects.order_by("name")
        self.fields["networks"].queryset = Network.objects.order_by("name")
        self.fields["collaborations"].queryset = Collaboration.objects.order_by("title", "pk")
        current = self.instance.organisers.all() if self.instance.pk else ()
        self.fields["organisers"].queryset = organisers(current=current)
        self.fields["organisers"].required = False
        self.fields["organisers"].help_text = _("You are always one of the organisers.")
        self.fields["hashtags"].help_text = _("For example: #Inequalities #SocialJustice")
        self.fields["reminder_hours"].required = False
        if self.instance.pk:
            # Each field also carries, hidden, the value the organiser saw when the form
            # opened: `changed_fields` is then what they changed, not what changed meanwhile.
            for field in self.fields.values():
                field.show_hidden_initial = True
            for name in BOXES:
                self.fields[name].show_hidden_initial = False
                self.fields[shown_name(name)] = ShownField(required=False)
                self.initial[shown_name(name)] = [
                    getattr(value, "pk", value) for value in self.initial.get(name, ())
                ]
            starts = self.instance.starts_at.astimezone(LONDON)
            opens, closes = local_times(self.instance)
            self.initial.update({"date": starts.date(), "start_time": opens, "end_time": closes})
            self.fields["organisers"].help_text = ""
        if self.instance.state != WorkshopState.PUBLISHED:
            del self.fields["correction"]

    def clean_key_questions(self):
        # The page lists the questions with its own bullets: pasted ones would show twice.
        lines = map(without_bullet, self.cleaned_data["key_questions"].splitlines())
        return "\n".join(filter(None, lines))

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

    def changed_fields(self) -> set[str]:
        """The WorkshopDetails fields the organiser changed in this form."""
        times = {"date", "start_time", "end_time"}
        boxes = {name for name in BOXES if shown_name(name) in self.fields}
        changed = set(self.changed_data) - {"correction"} - boxes - set(map(shown_name, boxes))
        changed |= {name for name in boxes if self._boxes_changed(name)}
        return (changed - times) | ({"starts_at", "ends_at"} if changed & times else set())

    def _boxes_changed(self, name: str) -> bool:
        ticked = {str(value.pk) for value in self.cleaned_data.get(name, ())}
        return ticked != self.cleaned_data.get(shown_name(name), frozenset())

    def is_correction(self) -> bool:
        return bool(self.cleaned_data.get("correction"))

    def to_details(self) -> WorkshopDetails:
        """The cleaned values as the workshop services take them (dates and times combined)."""
        data = self.cleaned_data
        return WorkshopDetails(
            **{name: data[name] for name in WorkshopDetails.names() if name not in MANY},
            networks=tuple(data["networks"]),
            collaborations=tuple(data["collaborations"]),
            organisers=tuple(data["organisers"]),
        )


class DuplicateForm(forms.Form):
    date = DayField(
        label=_("Date of the copy"),
        help_text=_("The copy keeps the same hours and programme, as a draft."),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it cancelled? (shown on the workshop page)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WorkshopFilter(django_filters.FilterSet):
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=WorkshopFormat.choices, empty_label=_("Any format")
    )
    series = django_filters.ModelChoiceFilter(
        label=_("Series"),
        queryset=WorkshopSeries.objects.order_by("title"),
        to_field_name="slug",
        empty_label=_("Any series"),
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        field_name="networks",
        queryset=Network.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Any network"),
    )

    class Meta:
        model = Workshop
        fields = ["format", "series", "network"]
