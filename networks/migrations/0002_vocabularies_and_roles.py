"""Seed the shared vocabularies and the two role groups.

The vocabularies are data, not code: organisers extend them in the admin. The terms come from
the partnership's documents: the Equality Act 2010's nine protected characteristics plus the
groups the workshops name, and the public service sectors they discuss.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils.text import slugify

PROTECTED = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race and ethnicity",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
]
OTHER_GROUPS = ["Socio-economic disadvantage", "Migrant status"]
SECTORS = [
    "Health",
    "Social care",
    "Education",
    "Local government",
    "Policing and justice",
    "Housing",
    "Employment",
    "Transport",
    "Peacekeeping",
    "Other",
]
THEMES = [
    (
        "Understandings of inequality",
        "How inequality is defined and understood, and how change can be measured.",
    ),
    (
        "Leadership for equity",
        "Leadership on equity in public services and within disadvantaged communities.",
    ),
    (
        "COVID-19 responses",
        "How responses to COVID-19 created or reduced inequalities for particular groups.",
    ),
    (
        "Networks of networks",
        "Equity networks pooling their resources and efforts by working together.",
    ),
    (
        "Poverty and social exclusion",
        "Poverty, discrimination and exclusion reinforced by multiple systems.",
    ),
    ("Co-production", "Engaging people whose voices are not heard in civic decision making."),
    (
        "Research collaboration",
        "Organisations acting as research sites and developing research together.",
    ),
]

ORGANISER_MODEL_PERMS = {
    "networks": ["equalitygroup", "sector", "theme", "organisation", "network", "partnership"],
}


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    EqualityGroup = apps.get_model("networks", "EqualityGroup")
    Sector = apps.get_model("networks", "Sector")
    Theme = apps.get_model("networks", "Theme")
    for position, name in enumerate(PROTECTED, start=1):
        EqualityGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "protected", "position": position}
        )
    for position, name in enumerate(OTHER_GROUPS, start=len(PROTECTED) + 1):
        EqualityGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "other", "position": position}
        )
    for position, name in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    for position, (name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "position": position},
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    organisers, _ = Group.objects.get_or_create(name="Organisers")
    facilitators, _ = Group.objects.get_or_create(name="Facilitators")
    organisers.permissions.add(
        Permission.objects.get(content_type__app_label="networks", codename="organise")
    )
    for app_label, models in ORGANISER_MODEL_PERMS.items():
        organisers.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=models,
                codename__regex=r"^(add|change|view)_",
            )
        )
    facilitators.permissions.add(
        Permission.objects.get(content_type__app_label="networks", codename="facilitate")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
