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
