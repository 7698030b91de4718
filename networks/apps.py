from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("People and networks")

    def ready(self):
        from django.db.models.signals import post_migrate

        from socialjustice.activity import register_verbs

        # The rules, and the mailing kinds emails.py registers.
        from . import emails, pages, permissions, roles, signed_in  # noqa: F401
        from .enums import Action

        pages.register()
        register_verbs(Action)
        roles.connect()
        signed_in.connect()

        post_migrate.connect(_seed, sender=self, dispatch_uid="networks-seed")


def _seed(sender, apps=None, **kwargs):
    # `migrate` passes the migrated state's apps; `flush` (as tests run it) passes none.
    from django.apps import apps as global_apps

    from .seeding import seed_vocabularies_and_roles

    seed_vocabularies_and_roles(apps or global_apps)
