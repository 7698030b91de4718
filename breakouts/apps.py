from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakoutsConfig(AppConfig):
    name = "breakouts"
    verbose_name = _("Breakouts and recommendations")

    def ready(self):
        from socialjustice.activity import register_verbs

        # The rules, and the mailing kinds emails.py registers.
        from . import emails, pages, permissions  # noqa: F401
        from .enums import Action

        pages.register()
        register_verbs(Action)
