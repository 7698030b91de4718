from django import forms
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
    new_organisation = forms.CharField(
        label=_("Organisation not in the list? Type its name"),
        max_length=200,
        required=False,
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "pronouns",
            "organisation",
            "new_organisation",
            "job_title",
            "sector",
            "access_needs",
        ]
        labels = {"display_name": _("Name"), "pronouns": _("Pronouns (optional)")}
        help_texts = {"pronouns": _("For example: she/her, he/him, they/them.")}
        widgets = {"access_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].label = _("Organisation")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("new_organisation"):
            self.add_error(
                "new_organisation",
                _("Choose an organisation from the list or type a new one, not both."),
            )
        return cleaned
