"""The shared vocabularies and the two role groups, as data organisers can extend.

The terms come from the partnership's documents: the Equality Act 2010's nine protected
characteristics plus the groups the workshops name, and the public service sectors they discuss.
The data migration seeds them; a `post_migrate` receiver runs the same function, so a database
emptied and migrated again (as tests do) has them too.
"""

from django.contrib.auth.management import create_permissions
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

# The policy briefing's levels at which equity is achieved, and the research that supports it.
LEVELS = [
    ("Policy level", "Policies, social norms, participation and the distribution of resources."),
    (
        "Service level",
        "How public services collaborate, give equal access and target disadvantage.",
    ),
    ("Individuals and communities", "Capacity, trust and shared experience in communities."),
    ("Research design", "Research that supports equitable outcomes, designed with communities."),
]

FOUR_RS = [
    ("Redistribution", "Redressing injustices in how resources are allocated."),
    ("Recognition", "Recognising and accommodating identity and diversity."),
    ("Representation", "Excluded groups taking part in decisions."),
    ("Reconciliation", "Addressing historic tensions and grievances."),
]
ACTION_CATEGORIES = [
    ("Promoting Action", "Priority areas for joint work, promoted through members."),
    ("Increasing Resources", "Funds for work on inequalities, and how to reach them."),
    ("Supporting Partnerships", "Joint working between and within networks, sustained."),
]
GOALS = [
    ("SDG 1: No poverty", ""),
    ("SDG 2: Zero hunger", ""),
    ("SDG 4: Quality education", ""),
    ("SDG 5: Gender equality", ""),
    ("SDG 10: Reduced inequalities", ""),
    ("SDG 11: Sustainable cities and communities", ""),
    ("SDG 16: Peace, justice and strong institutions", ""),
]
# Each described vocabulary: its model's name and its terms, seeded into an empty table.
DESCRIBED = [
    ("Level", LEVELS),
    ("FourR", FOUR_RS),
    ("ActionCategory", ACTION_CATEGORIES),
    ("Goal", GOALS),
]

ORGANISER_MODEL_PERMS = {
    "networks": [
        "equalitygroup",
        "sector",
        "theme",
        "level",
        "fourr",
        "actioncategory",
        "goal",
        "organisation",
        "network",
        "partnership",
    ],
}


def seed_vocabularies_and_roles(apps) -> None:
    """Create the role groups, and the vocabularies when they are empty. Safe to run again.

    `apps` is the data migration's historical registry or Django's own: both give models by
    name. Vocabularies are only seeded into an empty table, so a term an organiser removed in
    the admin stays removed.
    """
    for app_config in apps.get_app_configs():
        if app_config.label in ("auth", "networks"):
            models_module = getattr(app_config, "models_module", None)
            app_config.models_module = models_module or True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = models_module

    EqualityGroup = apps.get_model("networks", "EqualityGroup")
    Sector = apps.get_model("networks", "Sector")
    Theme = apps.get_model("networks", "Theme")
    if not EqualityGroup.objects.exists():
        _seed_groups(EqualityGroup)
    if not Sector.objects.exists():
        for position, name in enumerate(SECTORS, start=1):
            Sector.objects.create(slug=slugify(name), name=name, position=position)
    if not Theme.objects.exists():
        for position, (name, description) in enumerate(THEMES, start=1):
            Theme.objects.create(
                slug=slugify(name), name=name, description=description, position=position
            )
    for model_name, terms in DESCRIBED:
        try:
            model = apps.get_model("networks", model_name)
        except LookupError:  # the migrations from before this vocabulary existed
            continue
        if not model.objects.exists():
            for position, (name, description) in enumerate(terms, start=1):
                model.objects.create(
                    slug=slugify(name), name=name, description=description, position=position
                )
    _seed_roles(apps)


def _seed_groups(EqualityGroup) -> None:
    for position, name in enumerate(PROTECTED, start=1):
        EqualityGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "protected", "position": position}
        )
    for position, name in enumerate(OTHER_GROUPS, start=len(PROTECTED) + 1):
        EqualityGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "other", "position": position}
        )


def _seed_roles(apps) -> None:
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
