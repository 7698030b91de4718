"""The directory's demo content, from the partnership's own documents: the partnership's aims
and impact, where its four networks work and who they cover, and the organisations the
documents name, with what they say of each. Run again, it changes nothing twice."""

from .models import EqualityGroup, Network, Partnership, Sector
from .services import find_or_create_organisation

PARTNERSHIP_SLUG = "partnerships-for-social-justice"

BENEFITS = """We aim to achieve concrete benefits from this work, including:

- greater public and professional awareness of how public service institutions can reduce \
inequalities
- new collaborations between Networks and organisations to develop further research
- research skills in groups that experience inequalities
- development of existing training materials for use in diverse contexts and disadvantaged \
groups
- publications on the activities by students in the University of Leeds School of Dentistry"""

IMPACTS = """Capacity building and skills development amongst different groups of stakeholders \
will be facilitated through a series of workshops, two of which took place in summer 2020 and \
the rest to occur in autumn 2020. Specific anticipated impacts on those involved are:

1. Increased awareness of inequity issues relevant to their work and to the lived experience \
of people in disadvantaged populations, that can impact on policy and practice
2. Involvement in work to develop research and evaluation questions and measures for change \
that are relevant to users of research (including key decision-makers)
3. Contributions to research plans that address these questions, identify potential sources \
of data and support analysis and interpretation
4. Contributions to development of dissemination plans that aim to influence public service \
leaders and decision-makers

For the proposal development work, additional benefits include opportunities to be involved \
as research sites and develop new engagements that can contribute to policy and practice \
development as well as to reduced health and social inequalities.

For the toolkit development work, additional benefits include:

- greater confidence among members of disadvantaged populations, and organisations that \
support them, in exploring community health issues and developing ideas for research
- support to practise verbal presentations of research plans (and findings if appropriate) to \
key stakeholders
- opportunities for Masters' students in the University of Leeds School of Dentistry and \
others involved in the pilots to publish results from the work with support from academics"""

LEEDS = {"city": "Leeds", "region": "Yorkshire and the Humber", "country": "England"}
# What the documents say of each network: all four address the social factors that contribute
# to disadvantage and social exclusion, and improving health and wellbeing.
NETWORKS = {
    "inequalities-research-network": {"groups": ["socio-economic-disadvantage"]},
    "health-inequalities-research-network": {
        "groups": ["socio-economic-disadvantage"],
        "sectors": ["health"],
    },
    "equal-england": {"groups": ["socio-economic-disadvantage"], "fields": {"country": "England"}},
    "leeds-equality-network": {
        "groups": ["socio-economic-disadvantage"],
        "fields": LEEDS,
    },
}

SCOTLAND = {"country": "Scotland"}
# name, kind, what the documents say of it, its place, sectors, groups served, research site,
# open to collaboration.
ORGANISATIONS = [
    (
        "University of Leeds",
        "academic",
        "Home of the partnership's workshops; its School of Dentistry's students publish on "
        "the activities.",
        LEEDS,
        ["education"],
        [],
        True,
        True,
    ),
    (
        "University of Leeds School of Dentistry",
        "academic",
        "Its Masters' students take part in the toolkit pilots and publish results from the "
        "work with support from academics.",
        LEEDS,
        ["health", "education"],
        [],
        True,
        False,
    ),
    (
        "University of Sheffield",
        "academic",
        "",
        {**LEEDS, "city": "Sheffield"},
        [],
        [],
        False,
        False,
    ),
    ("Leeds Social Sciences Institute", "academic", "", LEEDS, [], [], False, False),
    ("Leeds Institute of Health Sciences", "academic", "", LEEDS, ["health"], [], False, False),
    ("Leeds University Business School", "academic", "", LEEDS, [], [], False, False),
    (
        "Leeds Poverty Truth Commission",
        "voluntary",
        "Uses research to drive holistic change on poverty.",
        LEEDS,
        [],
        ["socio-economic-disadvantage"],
        False,
        True,
    ),
    (
        "Centre for Good Relations",
        "voluntary",
        "Discussing supporting the Pioneers Project to develop an equalities co-production "
        "initiative.",
        {},
        [],
        [],
        False,
        True,
    ),
    (
        "Arc of Inclusion",
        "voluntary",
        "Runs the Equalities Good Relations Project, which invites equality organisations to "
        "get involved.",
        {},
        [],
        [],
        False,
        True,
    ),
    (
        "The Friendly Information Company",
        "voluntary",
        "A social enterprise run by people with a range of disabilities, making information "
        "accessible.",
        {},
        [],
        ["disability"],
        False,
        True,
    ),
    (
        "Inclusion Scotland",
        "voluntary",
        "Works with disabled people in Scotland.",
        SCOTLAND,
        [],
        ["disability"],
        False,
        False,
    ),
    (
        "Scottish Youth Parliament",
        "voluntary",
        "Speaks for young people in Scotland.",
        SCOTLAND,
        [],
        ["age"],
        False,
        False,
    ),
    (
        "Scottish Rural Schools Network",
        "voluntary",
        "Has engaged with the public sector, using access to information, to influence change.",
        SCOTLAND,
        ["education"],
        [],
        False,
        False,
    ),
    (
        "C Diff Justice Group",
        "voluntary",
        "Has engaged with the public sector, using access to information, to influence change.",
        {},
        ["health"],
        [],
        False,
        False,
    ),
    (
        "Open Government Pioneers Project",
        "voluntary",
        "Developing an Equalities Partnership across the UK, to bring equality organisations, "
        "groups and communities together.",
        {},
        [],
        [],
        False,
        True,
    ),
    (
        "The National Lottery Community Fund",
        "funder",
        "Formerly the Big Lottery Fund: supports people and communities to thrive.",
        {"country": "United Kingdom"},
        [],
        [],
        False,
        False,
    ),
]


def _terms(model, slugs):
    return list(model.objects.filter(slug__in=slugs))


def _save(row, fields: dict) -> None:
    changed = [name for name, value in fields.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, fields[name])
    if changed:
        row.save(update_fields=changed)


def load_directory(stdout) -> None:
    partnership = Partnership.objects.get(slug=PARTNERSHIP_SLUG)
    # networks/demo.py writes the aims' first paragraph; the benefits the seed lists follow.
    aims = partnership.aims
    if BENEFITS not in aims:
        aims = f"{aims}\n\n{BENEFITS}".strip()
    _save(partnership, {"aims": aims, "impacts": IMPACTS})
    for slug, facts in NETWORKS.items():
        network = Network.objects.get(slug=slug)
        _save(network, facts.get("fields", {}))
        network.equality_groups.add(*_terms(EqualityGroup, facts.get("groups", [])))
        network.sectors.add(*_terms(Sector, facts.get("sectors", [])))
    for name, kind, description, place, sectors, groups, site, open_ in ORGANISATIONS:
        organisation = find_or_create_organisation(name=name)
        _save(
            organisation,
            {
                "kind": kind,
                "description": description,
                "city": place.get("city", ""),
                "region": place.get("region", ""),
                "country": place.get("country", ""),
                "research_site": site,
                "open_to_collaboration": open_,
            },
        )
        organisation.sectors.add(*_terms(Sector, sectors))
        organisation.equality_groups.add(*_terms(EqualityGroup, groups))
    stdout.write(f"The directory: {len(ORGANISATIONS)} organisations.")
