"""Seed the shared vocabularies and the two role groups (see networks/seeding.py)."""

from django.db import migrations

from networks.seeding import seed_vocabularies_and_roles


def seed(apps, schema_editor):
    seed_vocabularies_and_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
