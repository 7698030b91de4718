"""The contributor's form, in the order the call asks its questions, in plain words."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from networks.models import EqualityGroup, Level, Organisation, Sector
from socialjustice.forms import DayField

from ..enums import Effect, Visibility
from ..models import Contribution
from ..services.contributions import ContributionDetails

MAX_LINKS = 20
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
TOO_LONG = _(
    "This can be at most %(limit_value)d characters long, and it has %(show_value)d: "
    "please shorten it."
)


def _length(name: str) -> int:
    return Contribution._meta.get_field(name).max_length


class LinksField(forms.CharField):
    """Web addresses, one a line; each must be one (http or https)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines()]
        return [line for line in lines if line]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_LINKS:
            raise ValidationError(
                _("Give at most %(limit)s links.") % {"limit": MAX_LINKS}, code="too_many"
            )
        check = URLValidator(schemes=["http", "https"])
        for link in value:
            if len(link) > 500:
                raise ValidationError(
                    _("“%(link)s…” is too long for a web address.") % {"link": link[:40]}
                )
            try:
                check(link)
            except ValidationError:
                raise ValidationError(
                    _(
                        "“%(link)s” is not a web address. Give each link in full, starting "
                        "with https://, one a line."
                    )
                    % {"link": link[:100]},
                    code="invalid",
                ) from None

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value


class ContributionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=_length("title"),
        error_messages={"required": _("Give your contribution a title, even for a draft.")},
    )
    summary = forms.CharField(
        label=_("Summary, in one or two sentences"),
        max_length=_length("summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("What the policy or practice was, who ran it, and what happened"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("The groups it affected"),
        queryset=EqualityGroup.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose every group that applies: for older disabled people, both."),
    )
    groups_described = forms.CharField(
        label=_("Who, in your own words (optional)"),
        max_length=_length("groups_described"),
        required=False,
        help_text=_("For example: migrant women; young carers in rural areas."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Public service sectors"),
        queryset=Sector.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    effect = forms.ChoiceField(
        label=_("Did it create or reduce inequality?"),
        choices=Effect.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    covid = forms.TypedChoiceField(
        label=_("Is it related to COVID-19?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    levels = forms.ModelMultipleChoiceField(
        label=_("At what level did it happen?"),
        queryset=Level.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    country = forms.CharField(label=_("Country"), max_length=_length("country"), required=False)
    region = forms.CharField(
        label=_("Region or city"), max_length=_length("region"), required=False
    )
    started_on = DayField(label=_("From (date)"), required=False)
    ended_on = DayField(label=_("To (date)"), required=False)
    ongoing = forms.BooleanField(label=_("It is still going on"), required=False)
    evidence = forms.CharField(
        label=_("Evidence and sources"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Reports, evaluations, news, or what you saw yourself."),
    )
    evidence_links = LinksField(
        label=_("Links to the evidence (optional)"),
        required=False,
        help_text=_("One web address a line, starting with https://"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Your organisation (optional)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    new_organisation = forms.CharField(
        label=_("Organisation not in the list? Type its name"),
        max_length=Organisation._meta.get_field("name").max_length,
        required=False,
    )
    attachment = forms.FileField(
        label=_("A document (optional)"),
        required=False,
        help_text=_("A PDF, Word (.docx) or OpenDocument text (.odt) file."),
    )
    remove_attachment = forms.BooleanField(label=_("Remove the document"), required=False)
    author_name = forms.CharField(
        label=_("Your name, as it is shown with your contribution"),
        max_length=150,
        required=False,
        help_text=_("It is kept on your profile. Leave it blank to be shown without a name."),
    )
    visibility = forms.ChoiceField(
        label=_("How it may be shown"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC_NAMED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it may be shown once it is accepted.")},
        help_text=_(
            "Once accepted: public with your name, public with no name or organisation "
            "anywhere, or only to the organisers."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers may use this contribution in the workshop and, as I "
            "chose above, show it."
        ),
        required=False,
    )

    def __init__(
        self, *args, contribution: Contribution | None = None, ask_name: bool = False, **kwargs
    ):
        if contribution is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(contribution)
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        if not ask_name:
            # Asked only of someone whose account has no name yet (made by a sign-in code).
            del self.fields["author_name"]
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = TOO_LONG
        if contribution is None or not contribution.attachment:
            del self.fields["remove_attachment"]

    @staticmethod
    def initial_for(contribution: Contribution) -> dict:
        return {
            **{
                name: getattr(contribution, name)
                for name in ContributionDetails.names()
                if name
                not in ("groups", "sectors", "levels", "new_organisation", "consent", "author_name")
            },
            "covid": {True: "yes", False: "no", None: ""}[contribution.covid],
            "groups": list(contribution.groups.all()),
            "sectors": list(contribution.sectors.all()),
            "levels": list(contribution.levels.all()),
            "consent": contribution.consented_at is not None,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("new_organisation"):
            self.add_error(
                "new_organisation",
                _("Choose an organisation from the list or type a new one, not both."),
            )
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("It cannot end before it started."))
        return cleaned

    def to_details(self) -> ContributionDetails:
        data = self.cleaned_data
        return ContributionDetails(
            **{
                name: data[name]
                for name in ContributionDetails.names()
                if name not in ("groups", "sectors", "levels", "evidence_links", "author_name")
            },
            author_name=data.get("author_name", ""),
            groups=tuple(data["groups"]),
            sectors=tuple(data["sectors"]),
            levels=tuple(data["levels"]),
            evidence_links=tuple(data["evidence_links"]),
        )
