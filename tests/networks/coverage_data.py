"""A small directory whose coverage is known by hand, for the coverage map's tests.

Four groups (the vocabulary is replaced by these), four networks, six organisations:

| organisation            | place                         | groups | sector      | networks |
|-------------------------|-------------------------------|--------|-------------|----------|
| Leeds Disability Forum  | Leeds, Yorkshire              | D      | Health      | LEN      |
| Leeds Migrant Voices    | Leeds, Yorkshire              | M      | Housing     | LEN, EE  |
| Disabled Migrants Leeds | Leeds, Yorkshire              | D, M   | Health      | EE       |
| Glasgow Elders          | Glasgow, Scotland (region)    | A, R   | Social care | SN       |
| Edinburgh Refugee Group | Edinburgh, Scotland (country) | D, M   | —           | —        |
| York Carers             | York, Yorkshire               | A      | —           | —        |

(Yorkshire is the region Yorkshire and the Humber.)

Networks: Leeds Equality Network (LEN: Leeds, says it covers Disability), Equal England (EE:
England, says nothing), Scottish Network (SN: Scotland, says Migrant status), Sheffield Forum
(SF: Sheffield, no members, says Race and ethnicity).
"""

from networks.models import EqualityGroup, Sector
from tests.factories import EqualityGroupFactory, NetworkFactory, OrganisationFactory

YORKSHIRE = "Yorkshire and the Humber"


def replace_groups():
    EqualityGroup.objects.all().delete()
    return {
        key: EqualityGroupFactory(name=name, slug=slug, position=position)
        for position, (key, name, slug) in enumerate(
            [
                ("A", "Age", "age"),
                ("D", "Disability", "disability"),
                ("M", "Migrant status", "migrant-status"),
                ("R", "Race and ethnicity", "race"),
            ],
            start=1,
        )
    }


def build(groups, suffix: str = "") -> dict:
    """The directory above; `suffix` makes its names unique, to build it several times."""
    sector = {slug: Sector.objects.get(slug=slug) for slug in ("health", "housing", "social-care")}
    g = groups
    networks = {
        "LEN": NetworkFactory(
            name=f"Leeds Equality Network{suffix}", city="Leeds", region=YORKSHIRE
        ),
        "EE": NetworkFactory(name=f"Equal England{suffix}", country="England"),
        "SN": NetworkFactory(name=f"Scottish Network{suffix}", region="Scotland"),
        "SF": NetworkFactory(name=f"Sheffield Forum{suffix}", city="Sheffield", region=YORKSHIRE),
    }
    networks["LEN"].equality_groups.add(g["D"])
    networks["SN"].equality_groups.add(g["M"])
    networks["SF"].equality_groups.add(g["R"])
    rows = [
        ("Leeds Disability Forum", "Leeds", YORKSHIRE, "", "D", "health", ["LEN"]),
        ("Leeds Migrant Voices", "Leeds", YORKSHIRE, "", "M", "housing", ["LEN", "EE"]),
        ("Disabled Migrants Leeds", "Leeds", YORKSHIRE, "", "DM", "health", ["EE"]),
        ("Glasgow Elders", "Glasgow", "Scotland", "", "AR", "social-care", ["SN"]),
        ("Edinburgh Refugee Group", "Edinburgh", "", "Scotland", "DM", "", []),
        ("York Carers", "York", YORKSHIRE, "", "A", "", []),
    ]
    organisations = {}
    for name, city, region, country, served, sector_slug, member_of in rows:
        organisation = OrganisationFactory(
            name=f"{name}{suffix}", city=city, region=region, country=country
        )
        organisation.equality_groups.add(*(g[key] for key in served))
        if sector_slug:
            organisation.sectors.add(sector[sector_slug])
        for key in member_of:
            networks[key].organisations.add(organisation)
        organisations[name] = organisation
    return {"networks": networks, "organisations": organisations}
