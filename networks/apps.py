from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("People and networks")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
