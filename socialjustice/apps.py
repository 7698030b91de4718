from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialJusticeConfig(AppConfig):
    name = "socialjustice"
    verbose_name = _("Portal")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
        from .activity import register_verbs
        from .enums import Action
        from .translation import drop_empty_fallbacks

        register_verbs(Action)
        drop_empty_fallbacks()
