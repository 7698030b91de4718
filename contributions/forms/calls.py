from django import forms
from django.utils.translation import gettext_lazy as _

from socialjustice.forms import MomentField
from workshops.models import WorkshopSeries

from ..models import Call
from ..selectors.calls import workshops_for_calls
from ..services.calls import CallDetails


class CallForm(forms.ModelForm):
    opens_at = MomentField(label=_("Opens (UK time)"))
    closes_at = MomentField(label=_("Closes (UK time)"))

    class Meta:
        model = Call
        fields = [
            "title",
            "workshop",
            "series",
            "prompt",
            "guidance",
            "what_happens",
            "opens_at",
            "closes_at",
            "anonymised_review",
        ]
        widgets = {
            "prompt": forms.Textarea(attrs={"rows": 4}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
            "what_happens": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "workshop": _("A call is for one workshop, or for every workshop of a series."),
            "prompt": _("What you ask people to send, as the call page shows it."),
            "guidance": _("What makes a useful example, in plain words."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops_for_calls(user)
        self.fields["workshop"].required = False
        self.fields["series"].required = False
        self.fields["series"].queryset = (
            WorkshopSeries.objects.order_by("title")
            if user.has_perm("socialjustice.view_organiser_area")
            else WorkshopSeries.objects.filter(organisers=user).order_by("title")
        )

    def clean(self):
        cleaned = super().clean()
        workshop, series = cleaned.get("workshop"), cleaned.get("series")
        if workshop and series:
            self.add_error("workshop", _("Choose a workshop or a series, not both."))
        elif not (workshop or series or self.has_error("workshop") or self.has_error("series")):
            # A choice refused as not in the list has its own message already.
            self.add_error("workshop", _("Choose the workshop the call is for, or its series."))
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The call must close after it opens."))
        return cleaned

    def _post_clean(self):
        # The service checks and saves; the model's own checks would only repeat them.
        pass

    def to_details(self) -> CallDetails:
        return CallDetails(**{name: self.cleaned_data[name] for name in CallDetails.names()})
