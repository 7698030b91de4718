"""Form fields every app's forms share: days and moments within a sensible range, rendered in
the format the browser's own date and time inputs require.

`<input type="date">` only accepts `2020-06-24`; given the locale's `24/06/2020` it shows
nothing, and saving an unchanged form then fails. The widgets here always render ISO dates.
The range keeps out a year 9999 (which no calendar file can hold) or 0001 (which Python's
time zones place at odd offsets).
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


def _check_range(day: date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {
                "earliest": date_format(EARLIEST, "j F Y"),
                "latest": date_format(LATEST, "j F Y"),
            },
            code="out_of_range",
        )


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MomentInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DayField(forms.DateField):
    widget = DayInput
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def validate(self, value):
        super().validate(value)
        if value is not None:
            _check_range(value)


class MomentField(forms.DateTimeField):
    """A date and time of day, in the portal's time zone (UK time)."""

    widget = MomentInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def to_python(self, value):
        # Checked before Django makes the moment aware: a year 9999 cannot be converted.
        naive = None
        if isinstance(value, str) and value.strip():
            for fmt in self.input_formats:
                try:
                    naive = datetime.strptime(value.strip(), fmt)
                    break
                except ValueError:
                    continue
        if naive is not None:
            _check_range(naive.date())
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if isinstance(value, datetime):
            _check_range(
                timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
            )
