from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the partnership's demo content: its networks, workshops and accounts. "
        "Safe to run again: what is there already is kept, not doubled."
    )

    def handle(self, *args, **options):
        # Each app that has demo content provides `<app>/demo.py` with `load(stdout)`; they run
        # in INSTALLED_APPS order, which is the apps' dependency order. Each writes through the
        # apps' services, which own their transactions: run again, a run cut short finishes.
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is not None:
                import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
