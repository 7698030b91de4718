from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import User
from workshops.forms.fields import LinkField

from ..models import Group
from ..selectors.groups import contributions_to_discuss
from ..services.groups import PROMPT_TEMPLATES, GroupDetails


class GroupForm(forms.ModelForm):
    """A breakout group as an organiser sets it up. Facilitators are named by the email
    address of their account, one a line."""

    facilitator_emails = forms.CharField(
        label=_("Facilitators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The email address of each facilitator's account, one a line. They are emailed "
            "the link to the group's recording page."
        ),
    )

    room_link = LinkField(
        label=_("Online room link"),
        required=False,
        max_length=500,
        help_text=_("Shown only to the group's facilitators, its members and organisers."),
    )

    class Meta:
        model = Group
        fields = ["name", "prompts", "room_link", "contributions", "open_to_choose"]
        widgets = {
            "prompts": forms.Textarea(attrs={"rows": 5}),
            "contributions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "prompts": _("The questions the group explores, one a line."),
            "contributions": _("Accepted contributions the group will discuss."),
        }

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = contributions_to_discuss(workshop)
        self.fields["contributions"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["facilitator_emails"] = "\n".join(
                person.email for person in self.instance.facilitators.all()
            )

    def clean_facilitator_emails(self):
        emails = []
        for line in self.cleaned_data["facilitator_emails"].replace(",", "\n").splitlines():
            if line.strip() and line.strip().lower() not in emails:
                emails.append(line.strip().lower())
        # Few names a group: one look-up each, whatever case the account was typed in.
        found = {}
        for email in emails:
            person = User.objects.filter(email__iexact=email).first()
            if person:
                found[email] = person
        missing = [email for email in emails if email not in found]
        if missing:
            raise forms.ValidationError(
                _(
                    "No account has the address %(emails)s. Ask them to sign up first, or "
                    "check the spelling."
                )
                % {"emails": ", ".join(missing)}
            )
        return tuple(found[email] for email in emails)

    def _post_clean(self):
        # The service saves; the model's own checks would only repeat the form's.
        pass

    def to_details(self) -> GroupDetails:
        data = self.cleaned_data
        return GroupDetails(
            name=data["name"],
            prompts=data["prompts"],
            room_link=data["room_link"],
            open_to_choose=data["open_to_choose"],
            facilitators=data["facilitator_emails"],
            contributions=tuple(data["contributions"]),
        )


def template_initial(key: str | None) -> dict:
    """A new group's name and questions from one of the seeds' prompts."""
    if key in PROMPT_TEMPLATES:
        name, prompts = PROMPT_TEMPLATES[key]
        return {"name": name, "prompts": prompts}
    return {}


class MembersForm(forms.Form):
    """Who is in a group: the workshop's confirmed registrations, ticked."""

    registrations = forms.MultipleChoiceField(
        label=_("People in this group"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = {str(r.pk): r for r in registrations}
        self.fields["registrations"].choices = [
            (key, r.name) for key, r in self.registrations.items()
        ]

    def chosen(self):
        return [self.registrations[key] for key in self.cleaned_data["registrations"]]
