"""The portal's words are written in its templates and code in British English, so for its
language the translation catalogue is Django's and its apps' own `en_GB` ones.

Python's gettext also finds each app's `en` catalogue beside its `en_GB` one and chains it
behind as a fallback: six catalogues holding nothing but their header. Every word on every
page looked through all six before giving up (a tenth of an organiser's outbox page, in
`make bench`'s profile). They are dropped once the apps are ready, only when every one of
them is empty: a fallback with any translation in it is kept, chain and all.
"""

from django.conf import settings
from django.utils.translation import trans_real


def _empty(catalogue) -> bool:
    messages = getattr(catalogue, "_catalog", None) or {}
    return not any(key != "" for key in messages)


def drop_empty_fallbacks() -> None:
    for code, _name in settings.LANGUAGES:
        translation = trans_real.translation(code)
        chain, fallback = [], translation._fallback
        while fallback is not None and fallback is not translation and fallback not in chain:
            chain.append(fallback)
            fallback = getattr(fallback, "_fallback", None)
        if chain and all(_empty(catalogue) for catalogue in chain):
            translation._fallback = None
