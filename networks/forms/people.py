from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name people see."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("As you want others to see it, for example on a workshop's attendance list."),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    # One box, typed with suggestions from the directory (static/js/suggest.js): a name the
    # directory has links the person to that organisation, a new name adds it
    # (services.update_profile). The directory is too long for a list.
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=Organisation._meta.get_field("name").max_length,
        required=False,
        help_text=_("Start typing to see organisations in the directory; a new name is added."),
        widget=forms.TextInput(
            attrs={
                "data-suggest-url": reverse_lazy("networks:organisation_suggestions"),
                "autocomplete": "off",
            }
        ),
    )

    class Meta:
        model = User
        # "organisation" is the typed name above, not the model's choice of a row.
        fields = ["display_name", "pronouns", "job_title", "sector", "access_needs"]
        labels = {"display_name": _("Name"), "pronouns": _("Pronouns (optional)")}
        help_texts = {"pronouns": _("For example: she/her, he/him, they/them.")}
        widgets = {"access_needs": forms.Textarea(attrs={"rows": 3})}

    field_order = ["display_name", "pronouns", "organisation", "job_title", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        if self.instance.organisation_id and "organisation" not in self.initial:
            self.initial["organisation"] = self.instance.organisation.name

    def clean_organisation(self) -> str:
        return " ".join(self.cleaned_data["organisation"].split())
