"""The places and words of the networks benchmark's synthetic directory (bench/networks_data.py):
the towns and cities of the four nations with their regions, the words of the names of
organisations and networks by the equality group a name is about, and the CSV file the
benchmark imports."""

import csv

from django.utils.text import slugify

from networks.selectors.spreadsheets import export_header

IMPORT_ROWS = {"identifier": 500, "website": 500, "name": 500, "new": 3_300, "repeat": 100}
IMPORT_ERRORS = 100
MATCHED = ("identifier", "website", "name")

# Nation: {region: "town|town…"}; the first towns of the list are the largest.
PLACES = {
    "England": {
        "London": "London",
        "Yorkshire and the Humber": "Leeds|Sheffield|Bradford|Hull|York|Wakefield|Huddersfield",
        "North West": "Manchester|Liverpool|Preston|Bolton|Blackpool|Carlisle",
        "North East": "Newcastle|Sunderland|Middlesbrough|Durham",
        "West Midlands": "Birmingham|Coventry|Wolverhampton|Stoke-on-Trent|Hereford",
        "East Midlands": "Nottingham|Leicester|Derby|Lincoln|Northampton",
        "South West": "Bristol|Plymouth|Exeter|Truro|Gloucester",
        "South East": "Brighton|Southampton|Oxford|Reading|Portsmouth|Canterbury",
        "East of England": "Norwich|Cambridge|Ipswich|Luton|Peterborough",
    },
    "Scotland": {
        "Glasgow City Region": "Glasgow|Paisley",
        "Lothian": "Edinburgh|Livingston",
        "Highlands and Islands": "Inverness|Stornoway",
        "Tayside": "Dundee|Perth",
        "North East Scotland": "Aberdeen",
    },
    "Wales": {
        "South Wales": "Cardiff|Swansea|Newport",
        "North Wales": "Wrexham|Bangor",
        "Mid and West Wales": "Aberystwyth|Carmarthen",
    },
    "Northern Ireland": {"": "Belfast|Derry|Newry|Armagh"},
}
TOWNS = [
    (nation, region, town)
    for nation, regions in PLACES.items()
    for region, towns in regions.items()
    for town in towns.split("|")
]
BIG = {"London": 14, "Birmingham": 5, "Manchester": 5, "Leeds": 5, "Glasgow": 4}
# The first town of each region is its largest.
FIRST = {region or nation: town for nation, region, town in reversed(TOWNS)}
TOWN_WEIGHTS = [
    BIG.get(town, 3 if FIRST[region or nation] == town else 1) for nation, region, town in TOWNS
]
# The words of names, by the group a name is about (a group's weight is how often it is).
GROUP_WORDS = {
    "age": (9, "Older People's|Age Concern|Youth|Young People's|Later Life"),
    "disability": (9, "Disability|Deaf|Autism|Learning Disability|Sight Loss|Mental Health"),
    "gender-reassignment": (2, "Trans|Gender Identity"),
    "marriage-and-civil-partnership": (1, "Family Mediation|Couples"),
    "pregnancy-and-maternity": (2, "Maternity Voices|New Parents"),
    "race-and-ethnicity": (8, "Black|Asian|Race Equality|African Caribbean|Chinese"),
    "religion-or-belief": (3, "Interfaith|Muslim|Jewish|Sikh"),
    "sex": (5, "Women's|Men's"),
    "sexual-orientation": (3, "LGBT+|Pride|Rainbow"),
    "socio-economic-disadvantage": (7, "Anti-Poverty|Food|Money Advice|Community"),
    "migrant-status": (6, "Refugee|Migrant|Polish|Somali"),
    "carers": (4, "Carers|Young Carers"),
    "care-experience": (2, "Care Leavers"),
    "homelessness": (3, "Homeless|Housing Justice"),
    "gypsy-roma-and-traveller": (1, "Traveller|Roma"),
}
# (kind, weight, name patterns): {place}, and {words} from the group.
KINDS = [
    (
        "voluntary",
        55,
        "{place} {words} Forum|{place} {words} Action|{place} {words} Centre"
        "|{place} {words} Project|{place} {words} Support Group|{place} {words} Trust"
        "|{place} {words} Association|{place} {words} Voice",
    ),
    (
        "public_service",
        18,
        "{place} Council {words} Team|NHS {place} {words} Service"
        "|{place} {words} Health Team|{place} Libraries {words} Service",
    ),
    (
        "academic",
        7,
        "University of {place} {words} Research Centre|{place} College {words} Studies Unit",
    ),
    ("network", 5, "{place} {words} Network|{place} {words} Alliance"),
    ("policy", 4, "{place} {words} Commission|{place} {words} Policy Panel"),
    ("funder", 3, "{place} {words} Fund|{place} Community Foundation {words} Grants"),
    ("business", 4, "{place} {words} Social Enterprise|{place} {words} Co-operative"),
    ("other", 4, "{place} {words} Collective|{place} {words} Circle"),
]
AREAS = ["North", "South", "East", "West", "Central", "Greater", "Inner", "Outer"]
NETWORK_FORMS = "Network|Forum|Alliance|Partnership|Coalition|Equality Network|Voices"
SECTORS_BY_KIND = {"public_service": (1, 1), "academic": (1, 3)}  # (fewest, most); else 1–2


def import_file(rng, candidates, path):
    """5,000 rows in the organisers' export's headings: organisations the directory has
    (`candidates`: their name, identifier and website) matched by identifier (with a new
    description), by website (moved to Leeds) or by name (open to collaboration, which some
    say already), new ones, some of them twice, and some with a cell that cannot be read."""
    header = export_header(contacts=True)[:13]
    known = rng.sample(candidates, sum(IMPORT_ROWS[how] for how in MATCHED))
    blank = [""] * len(header)
    rows = []
    for how in MATCHED:
        for org in [known.pop() for _ in range(IMPORT_ROWS[how])]:
            row = list(blank)
            if how == "identifier":
                row[1], row[4] = org["identifier"], f"Updated description of {org['name']}."
            elif how == "website":
                row[0], row[3], row[6] = org["name"], org["website"].upper(), "Leeds"
            else:  # the name alone, and open to collaboration (some say so already)
                row[0], row[10] = org["name"], "yes"
            rows.append(row)
    for n in range(IMPORT_ROWS["new"]):
        town = rng.choice(TOWNS)
        name = f"{town[2]} Newcomers Group {n}"
        rows.append(
            [
                name,
                f"GB-CHC-{9_000_000 + n}",
                "Voluntary or community organisation",
                f"https://{slugify(name)}.example.org",
                "Met at the workshop.",
                "",
                town[2],
                town[1],
                town[0],
                rng.choice(["yes", "no", ""]),
                "yes",
                "A. Person",
                f"info@{slugify(name)}.example.org",
            ]
        )
    rows += [list(rng.choice(rows[-IMPORT_ROWS["new"] :])) for _ in range(IMPORT_ROWS["repeat"])]
    for n in range(IMPORT_ERRORS):
        row = [f"Unreadable Row Group {n}", *blank[1:]]
        row[[3, 2, 9][n % 3]] = ["not a website", "charity", "maybe"][n % 3]
        rows.append(row)
    rng.shuffle(rows)
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([header, *rows])
    return {"path": str(path), "rows": len(rows), "bytes": path.stat().st_size}
