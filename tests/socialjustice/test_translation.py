"""The portal's words come out as before, without looking through six empty catalogues for
each (socialjustice/translation.py)."""

import gettext

from django.utils import translation
from django.utils.translation import trans_real

from socialjustice.translation import drop_empty_fallbacks


def test_words_are_looked_up_without_empty_fallbacks():
    catalogue = trans_real.translation("en-gb")

    assert catalogue._fallback is None
    with translation.override("en-gb"):
        # Django's own British English catalogue still answers.
        assert translation.gettext("This field is required.") == "This field is required."
        assert translation.gettext("Enter a valid email address.") == (
            "Enter a valid email address."
        )
        assert translation.gettext("A word nobody translated") == "A word nobody translated"


class Catalogue(gettext.NullTranslations):
    def __init__(self, messages):
        super().__init__()
        self._catalog = messages


def test_a_fallback_with_translations_in_it_is_kept():
    catalogue = trans_real.translation("en-gb")
    kept = Catalogue({"": "header", "Sign in": "Log in"})
    kept.add_fallback(Catalogue({"": "header"}))
    catalogue._fallback = kept
    try:
        drop_empty_fallbacks()
        assert catalogue._fallback is kept
    finally:
        catalogue._fallback = None
