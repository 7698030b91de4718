"""Form fields the organisers' forms share: times as programmes write them, web addresses."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..programme_text import parse_clock


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


class PlacesField(forms.IntegerField):
    """A number of places: none (blank, no limit) up to 100,000."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100_000)
        kwargs.setdefault(
            "error_messages",
            {
                "max_value": _("A workshop can have at most 100,000 places."),
                "min_value": _("The number of places cannot be below 0."),
            },
        )
        super().__init__(**kwargs)


class ReminderHoursField(forms.IntegerField):
    """Hours before the start when the reminder goes: up to 30 days."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 720)
        kwargs.setdefault(
            "error_messages",
            {"max_value": _("The reminder can go at most 720 hours (30 days) before the start.")},
        )
        super().__init__(**kwargs)
