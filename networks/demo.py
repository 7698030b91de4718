"""The partnership behind the portal, from its own description, and the demo accounts."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from .demo_coverage import load_coverage
from .demo_directory import load_directory
from .demo_linking import load_linking
from .models import JoinRequest, Membership, Network, Partnership, User
from .services import find_or_create_organisation
from .services.joining import ask_to_join

PARTNERSHIP = {
    "name": "Partnerships for Social Justice",
    "slug": "partnerships-for-social-justice",
    "short_name": "SJ",
    "description": (
        "Our partnership brings together four equity-focused Networks that will collaborate to "
        "explore how to reduce inequalities through work with public services, community "
        "organisations and academics. The Inequalities Research Network, Health Inequalities "
        "Research Network, Equal England and Leeds Equality Network all bring together academic, "
        "voluntary sector, policy and public sector staff interested in improving health and "
        "wellbeing and addressing social factors that contribute to disadvantage and social "
        "exclusion."
    ),
    "aims": (
        "We will develop ideas for future research on a) how to improve public understanding "
        "about the social causes of inequality and b) how to increase leadership on equity in "
        "public services and within disadvantaged communities. We will also train organisations "
        "who can support disadvantaged communities to conduct research about the inequalities "
        "experienced within the community."
    ),
}

SHARED = (
    "It brings together academic, voluntary sector, policy and public sector staff interested in "
    "improving health and wellbeing and addressing social factors that contribute to "
    "disadvantage and social exclusion."
)
NETWORKS = [
    (
        "Inequalities Research Network",
        "inequalities-research-network",
        "One of the four equity networks of Partnerships for Social Justice. " + SHARED,
    ),
    (
        "Health Inequalities Research Network",
        "health-inequalities-research-network",
        "One of the four equity networks of Partnerships for Social Justice, on Twitter as "
        "@HeronNetwork. " + SHARED,
    ),
    (
        "Equal England",
        "equal-england",
        "One of the four equity networks of Partnerships for Social Justice. " + SHARED,
    ),
    (
        "Leeds Equality Network",
        "leeds-equality-network",
        "One of the four equity networks of Partnerships for Social Justice, based in Leeds. "
        + SHARED,
    ),
]

# The demo participant has asked to join this network, so an organiser can try deciding a
# request; the other three are left for the participant to try asking.
REQUESTED = "leeds-equality-network"
REQUEST_MESSAGE = (
    "I volunteer with a food bank in Leeds and would like to hear about the network's workshops."
)

ACCOUNTS = [
    ("organiser@example.org", "Demo Organiser", "Organisers", "organise-demo-2026"),
    ("facilitator@example.org", "Demo Facilitator", "Facilitators", "facilitate-demo-2026"),
    ("participant@example.org", "Demo Participant", None, "take-part-demo-2026"),
]


def load(stdout):
    partnership, _ = Partnership.objects.update_or_create(
        slug=PARTNERSHIP["slug"], defaults=PARTNERSHIP
    )
    for name, slug, description in NETWORKS:
        Network.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "partnership": partnership},
        )
    leeds = find_or_create_organisation(name="University of Leeds", kind="academic", place="Leeds")
    load_directory(stdout)
    load_coverage(stdout)
    load_linking(stdout)

    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo accounts are created.")
        return
    stdout.write("Demo accounts (email / password):")
    for email, name, group, password in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "organisation": leeds}
        )
        if created:
            user.set_password(password)
            user.is_staff = group == "Organisers"
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        stdout.write(f"  {group or 'Participants'}: {email} / {password}")
    _demo_request(User.objects.get(email=ACCOUNTS[-1][0]), stdout)


def _demo_request(participant: User, stdout) -> None:
    """The participant's request to join, once: not again after it was decided or withdrawn."""
    network = Network.objects.get(slug=REQUESTED)
    asked = JoinRequest.objects.filter(person=participant, network=network).exists()
    if asked or Membership.objects.filter(person=participant, network=network).exists():
        return
    ask_to_join(network, person=participant, message=REQUEST_MESSAGE)
    stdout.write(f"The demo participant has asked to join {network.name}: an organiser decides.")
