from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialJusticeConfig(AppConfig):
    name = "socialjustice"
    verbose_name = _("Portal")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
        from .activity import register_verbs
        from .enums import Action

        register_verbs(Action)
