"""The network of networks (seed 002, *More United than Divided*): a collaboration of the
partnership's four networks and the organisations that spoke at the workshop. Run again, it
adds nothing twice; it finds the seed organisations by name, so it does not matter whether
the directory's demo ran first."""

from .enums import CollaborationStatus
from .models import Collaboration, Network, Organisation
from .selectors.collaborations import organisations_named
from .services import find_or_create_organisation
from .services.collaborations import CollaborationDetails, create_collaboration

SLUG = "network-of-networks"
TITLE = "Network of Networks"
AIMS = (
    "Inequalities are created and kept in place by many systems at once: people from excluded "
    "groups meet layers of inequality in almost every area of their lives. Equity networks "
    "that now work separately, in education, health, employment and transport or with "
    "particular excluded groups, could achieve more by coming together and pooling their "
    "resources and efforts.\n\n"
    "We want to find out together whether poverty, racism, health inequalities and mobility "
    "inclusion can be addressed as a whole rather than in fragments; whether working across "
    "networks can bring a focus on particular populations or places; whether activists, "
    "researchers, policymakers and public service practitioners can increase their impact and "
    "resources by working together; and whether we can agree shared definitions and "
    "consistent approaches where these are missing.\n\n"
    "Our action-planning groups work on promoting action (priority areas for joint work, "
    "adopted as common themes by members), increasing resources (what funds there are, and "
    "how to reach them) and supporting partnerships (how joint working between and within "
    "networks can last and benefit every partner)."
)
NETWORK_SLUGS = [
    "inequalities-research-network",
    "health-inequalities-research-network",
    "equal-england",
    "leeds-equality-network",
]
# The workshop's speakers' organisations: these two are made if missing; the others are
# added when the directory has them.
MADE_IF_MISSING = [
    ("University of Leeds", "academic"),
    ("Leeds Poverty Truth Commission", "voluntary"),
]
IF_PRESENT = [
    "Leeds Social Sciences Institute",
    "Leeds Institute of Health Sciences",
    "Leeds University Business School",
]


def load_linking(stdout) -> Collaboration:
    networks = list(Network.objects.filter(slug__in=NETWORK_SLUGS).order_by("name"))
    organisations = [
        find_or_create_organisation(name=name, kind=kind, place="Leeds")
        for name, kind in MADE_IF_MISSING
    ]
    organisations += organisations_named(IF_PRESENT)[0]
    collaboration = Collaboration.objects.filter(slug=SLUG).first()
    if collaboration is None:
        collaboration = create_collaboration(
            CollaborationDetails(
                title=TITLE,
                aims=AIMS,
                status=CollaborationStatus.ACTIVE,
                networks=networks,
                organisations=organisations,
            ),
            by=None,
        )
    else:
        # Organisations the directory's demo added since the first run join it too.
        collaboration.networks.add(*networks)
        collaboration.organisations.add(*organisations)
    count = Organisation.objects.filter(collaborations=collaboration).count()
    stdout.write(
        f"The network of networks: {collaboration.networks.count()} networks, "
        f"{count} organisations."
    )
    return collaboration
