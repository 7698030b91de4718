"""The Django side of the networks benchmark: its directory, the organiser, the CSV to import.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.networks_data load|setup|cleanup SESSION

bench/networks.py runs each command with the environment gunicorn gets (the same secret key,
so the session made here is valid there). Each prints one line of JSON on stdout; progress
goes to stderr.

load     adds, once, 500 networks and 20,000 organisations in bulk: 15 equality groups (the 11
         seeded and bench/contributions_data.py's 4), organisations of every kind in 64 towns
         and cities of the four nations (a third of them in the ten largest), each serving 1 to
         3 groups (public services 2 to 5) in 1 or 2 sectors and a member of 1 to 3 networks,
         mostly of its own city or region; networks national, regional or local, with the
         groups they say they cover, their sectors and themes, 1 or 2 coordinators (most), 10
         partnerships, 80 collaborations and 4,000 people's memberships. Run again, it adds
         nothing.
setup    the organiser (in the Organisers group) signed in, and a 5,000-row CSV of
         organisations as lists arrive: 1,500 the directory has (matched by identifier, website
         or name), 3,300 new, 100 repeated in the file, 100 with errors.
cleanup  deletes the organiser's session, which holds the uploaded file.
"""

import json
import random
import sys
import time
from collections import defaultdict
from importlib import import_module
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models.functions import Lower  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from faker import Faker  # noqa: E402

from bench.contributions_data import vocabularies  # noqa: E402
from bench.data import check_database  # noqa: E402
from bench.networks_words import (  # noqa: E402
    AREAS,
    GROUP_WORDS,
    KINDS,
    NETWORK_FORMS,
    SECTORS_BY_KIND,
    TOWN_WEIGHTS,
    TOWNS,
    import_file,
)
from bench.people import person  # noqa: E402
from bench.sessions import signed_in  # noqa: E402
from networks import models as m  # noqa: E402
from networks.pages import NETWORK_PAGES  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402

NETWORKS, ORGANISATIONS, COLLABORATIONS, PARTNERSHIPS = 500, 20_000, 80, 10
COORDINATORS, MEMBERS = 700, 3_000  # people; members join 1 or 2 networks
ORG, NET, COLLAB, PART = "bench-org-", "bench-net-", "bench-collab-", "bench-partnership-"
PEOPLE = "bench-networks-{}-{}@example.org"
ORGANISER = "bench-networks-organiser@example.org"
SEED = 2026
RESULTS = Path(__file__).resolve().parent / "results"


def output(result):
    print(json.dumps(result))


def say(rng, pattern, place, group):
    words = rng.choice(GROUP_WORDS[group][1].split("|"))
    return rng.choice(pattern.split("|")).format(place=place, words=words)


class Names:
    """Names no organisation (or network) has yet, without letter case: the constraint's."""

    def __init__(self, model):
        self.taken = set(model.objects.annotate(low=Lower("name")).values_list("low", flat=True))

    def unique(self, rng, name):
        candidate = name
        for attempt in range(50):
            if candidate.lower() not in self.taken:
                self.taken.add(candidate.lower())
                return candidate
            prefix = rng.choice(AREAS)
            candidate = f"{prefix} {name}" if attempt < 20 else f"{name} {attempt}"
        raise SystemExit(f"bench.networks_data: no free name for {name!r}")


def pick_groups(rng, groups, weights, first, many):
    chosen = {first}
    while len(chosen) < many:
        chosen.add(rng.choices(groups, weights)[0])
    return chosen


def make_networks(rng, groups, weights, sectors, themes, partnerships):
    names, rows, chosen = Names(m.Network), [], []
    for n in range(NETWORKS):
        nation, region, town = rng.choices(TOWNS, TOWN_WEIGHTS)[0]
        scope = rng.choices(["nation", "region", "town"], [15, 35, 50])[0]
        if scope == "region" and not region:
            scope = "town"
        place = {"nation": nation, "region": region, "town": town}[scope]
        group = rng.choices(groups, weights)[0]
        words = rng.choice(GROUP_WORDS[group.slug][1].split("|"))
        name = names.unique(rng, f"{place} {words} {rng.choice(NETWORK_FORMS.split('|'))}")
        rows.append(
            m.Network(
                name=name,
                slug=f"{NET}{n}-{slugify(name)}"[:200],
                description=f"A network of organisations in {place} working with and for "
                f"{words.lower()} communities, sharing what works in public services.",
                website=f"https://{slugify(name)}.example.org",
                contact_email=f"hello@{slugify(name)}.example.org",
                place=place,
                country=nation,
                region=region if scope != "nation" else "",
                city=town if scope == "town" else "",
                partnership=rng.choice(partnerships) if rng.random() < 0.3 else None,
            )
        )
        chosen.append(
            {
                "place": place,
                # What it says it covers itself: most networks name 1 to 4 groups.
                "groups": pick_groups(rng, groups, weights, group, rng.choice([1, 1, 2, 3, 4]))
                if rng.random() < 0.8
                else set(),
                "sectors": rng.sample(sectors, rng.choice([1, 1, 2, 3])),
                "themes": rng.sample(themes, rng.choice([0, 1, 2])) if themes else [],
            }
        )
    rows = m.Network.objects.bulk_create(rows, batch_size=1000)
    relations = [("equality_groups", "equalitygroup"), ("sectors", "sector"), ("themes", "theme")]
    for relation, column in relations:
        through = getattr(m.Network, relation).through
        through.objects.bulk_create(
            [
                through(network_id=row.pk, **{f"{column}_id": term.pk})
                for row, mine in zip(rows, chosen, strict=True)
                for term in mine["groups" if relation == "equality_groups" else relation]
            ],
            batch_size=5000,
        )
    return rows, chosen


def local_networks(networks, chosen):
    """The networks of each town, region and nation: an organisation joins those near it."""
    near = defaultdict(list)
    for network, mine in zip(networks, chosen, strict=True):
        near[mine["place"]].append(network)  # London is a region and a town: the same
    return near


def make_organisations(rng, fake, groups, weights, sectors, networks, near):
    names, rows, chosen = Names(m.Organisation), [], []
    for n in range(ORGANISATIONS):
        kind, _weight, patterns = KINDS[rng.choices(range(len(KINDS)), [k[1] for k in KINDS])[0]]
        somewhere = rng.random() < 0.95  # a few lists say nothing of where
        nation, region, town = rng.choices(TOWNS, TOWN_WEIGHTS)[0]
        group = rng.choices(groups, weights)[0]
        name = names.unique(rng, say(rng, patterns, town if somewhere else nation, group.slug))
        slug = slugify(name)
        identifier = ""
        if kind == "voluntary" and rng.random() < 0.6:
            identifier = f"GB-CHC-{1_000_000 + n}"
        elif kind == "business" and rng.random() < 0.8:
            identifier = f"GB-COH-{10_000_000 + n}"
        rows.append(
            m.Organisation(
                name=name,
                slug=f"{ORG}{n}-{slug}"[:200],
                kind=kind,
                identifier=identifier,
                place=f"{town}, {nation}" if somewhere else "",
                country=nation if somewhere or rng.random() < 0.5 else "",
                region=region if somewhere else "",
                city=town if somewhere else "",
                website=f"https://www.{slug}.org.uk" if rng.random() < 0.85 else "",
                description=f"{name} works in {town} with "
                f"{rng.choice(GROUP_WORDS[group.slug][1].split('|')).lower()} communities.",
                research_site=rng.random() < 0.2,
                open_to_collaboration=rng.random() < 0.45,
                contact_name=fake.name() if rng.random() < 0.6 else "",
                contact_email=f"contact@{slug[:50]}.example.org" if rng.random() < 0.6 else "",
            )
        )
        many = rng.randint(2, 5) if kind == "public_service" else rng.choice([1, 1, 2, 2, 3])
        low, high = SECTORS_BY_KIND.get(kind, (1, 2))
        local = near[town] + near[region] + near[nation]
        joined = set()
        for _ in range(rng.choices([1, 2, 3], [60, 30, 10])[0]):
            joined.add(rng.choice(local if local and rng.random() < 0.75 else networks))
        chosen.append(
            {
                "groups": pick_groups(rng, groups, weights, group, many),
                "sectors": rng.sample(sectors, rng.randint(low, high)),
                "networks": joined,
            }
        )
    rows = m.Organisation.objects.bulk_create(rows, batch_size=2000)
    for name, model, column in [
        ("groups", m.Organisation.equality_groups.through, "equalitygroup"),
        ("sectors", m.Organisation.sectors.through, "sector"),
    ]:
        model.objects.bulk_create(
            [
                model(organisation_id=row.pk, **{f"{column}_id": term.pk})
                for row, mine in zip(rows, chosen, strict=True)
                for term in mine[name]
            ],
            batch_size=5000,
        )
    member = m.Network.organisations.through
    member.objects.bulk_create(
        [
            member(network_id=network.pk, organisation_id=row.pk)
            for row, mine in zip(rows, chosen, strict=True)
            for network in mine["networks"]
        ],
        batch_size=5000,
    )
    return rows


def make_people(rng, fake, networks):
    """Coordinators of most networks (members of them too), and people in 1 or 2 networks."""
    password = make_password(None)  # unusable: nobody signs in as them
    m.User.objects.bulk_create(
        [
            m.User(email=PEOPLE.format(role, n), display_name=fake.name(), password=password)
            for role, count in (("coordinator", COORDINATORS), ("member", MEMBERS))
            for n in range(count)
        ],
        ignore_conflicts=True,
    )
    people = m.User.objects.filter(email__startswith="bench-networks-").order_by("pk")
    coordinators = list(people.filter(email__contains="-coordinator-"))
    members = list(people.filter(email__contains="-member-"))
    coordinating, joined = m.Network.coordinators.through, set()
    links = []
    for network in networks:
        if rng.random() < 0.9:
            for person in rng.sample(coordinators, rng.choice([1, 1, 2])):
                links.append(coordinating(network_id=network.pk, user_id=person.pk))
                joined.add((person.pk, network.pk))
    coordinating.objects.bulk_create(links, batch_size=5000)
    for person in members:
        for network in rng.sample(networks, rng.choice([1, 1, 2])):
            joined.add((person.pk, network.pk))
    m.Membership.objects.bulk_create(
        [m.Membership(person_id=p, network_id=n) for p, n in sorted(joined)], batch_size=5000
    )


def make_collaborations(rng, networks, organisations, near):
    statuses = (["proposed", "active", "paused", "completed"], [25, 45, 10, 20])
    places = [place for place, here in near.items() if len(here) >= 2]
    rows = m.Collaboration.objects.bulk_create(
        m.Collaboration(
            title=f"{place}: working together on {rng.choice(['access', 'data', 'voice'])} {n}",
            slug=f"{COLLAB}{n}",
            aims="Networks that work apart find what they can do together.",
            status=rng.choices(*statuses)[0],
        )
        for n, place in enumerate(rng.choices(places, k=COLLABORATIONS))
    )
    with_networks = m.Collaboration.networks.through
    with_organisations = m.Collaboration.organisations.through
    link_n, link_o = [], []
    for row in rows:
        place = row.title.split(":")[0]
        chosen = rng.sample(near[place], min(len(near[place]), rng.randint(2, 5)))
        if rng.random() < 0.3:  # and one from elsewhere
            chosen.append(rng.choice(networks))
        link_n += [with_networks(collaboration_id=row.pk, network_id=n.pk) for n in set(chosen)]
        link_o += [
            with_organisations(collaboration_id=row.pk, organisation_id=o.pk)
            for o in rng.sample(organisations, rng.randint(0, 5))
        ]
    with_networks.objects.bulk_create(link_n)
    with_organisations.objects.bulk_create(link_o)


def load(rng, fake):
    groups, sectors, _levels = vocabularies()  # 15 groups: adds the 4 that may be missing
    themes = list(m.Theme.objects.order_by("pk"))
    # Groups an organiser added besides these 15 have no words here: nobody serves them.
    groups_known = [group for group in groups if group.slug in GROUP_WORDS]
    weights_known = [GROUP_WORDS[group.slug][0] for group in groups_known]
    partnerships = m.Partnership.objects.bulk_create(
        m.Partnership(name=f"Bench partnership {n}", slug=f"{PART}{n}", description="Synthetic.")
        for n in range(PARTNERSHIPS)
    )
    networks, chosen = make_networks(
        rng, groups_known, weights_known, sectors, themes, partnerships
    )
    near = local_networks(networks, chosen)
    organisations = make_organisations(
        rng, fake, groups_known, weights_known, sectors, networks, near
    )
    make_people(rng, fake, networks)
    make_collaborations(rng, networks, organisations, near)


def counts():
    ours = m.Organisation.objects.filter(slug__startswith=ORG)
    member = m.Network.organisations.through.objects
    return {
        "networks": m.Network.objects.count(),
        "organisations": m.Organisation.objects.count(),
        "groups": m.EqualityGroup.objects.count(),
        "sectors": m.Sector.objects.count(),
        "memberships": member.count(),
        "organisation_groups": m.Organisation.equality_groups.through.objects.count(),
        "people_memberships": m.Membership.objects.count(),
        "collaborations": m.Collaboration.objects.count(),
        "ours_in_no_network": ours.exclude(networks__isnull=False).count(),
        "cities": ours.exclude(city="").values("city").distinct().count(),
    }


def load_command():
    check_database()
    present = m.Organisation.objects.filter(slug__startswith=ORG).count()
    if present not in (0, ORGANISATIONS):
        raise SystemExit(
            f"bench.networks_data: found {present} benchmark organisations, expected 0 or "
            f"{ORGANISATIONS}; run bench/run.py --fresh"
        )
    if present == 0:
        started = time.perf_counter()
        fake = Faker("en_GB")
        fake.seed_instance(SEED)
        with transaction.atomic():  # all or nothing, so the count above tells the truth
            load(random.Random(SEED), fake)
        seconds = round(time.perf_counter() - started, 1)
        print(f"bench.networks_data: loaded in {seconds} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as bench/contributions_data.py, for the same reason
    # bulk_create sends no signal, so nothing emptied the pages' cache: do it here.
    invalidate(NETWORK_PAGES, "workshops", "home")
    output(
        {
            **counts(),
            "loaded_now": present == 0,
            # What bench/networks.py deletes from Redis to empty the directory's pages.
            "cache_location": settings.CACHES["default"]["LOCATION"],
            "version_key": str(cache.make_key(f"pages:{NETWORK_PAGES}:version")),
        }
    )


# The organiser and the file


def known_rows():
    """The organisations an import file can match by identifier, website or name."""
    rows = m.Organisation.objects.filter(slug__startswith=ORG).exclude(identifier="")
    return list(rows.exclude(website="").order_by("pk").values("name", "identifier", "website"))


def setup():
    organiser = person(ORGANISER, "Bench Networks Organiser", group="Organisers")
    RESULTS.mkdir(exist_ok=True)
    output(
        {
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "sessionid": signed_in(organiser),
            "file": import_file(random.Random(SEED), known_rows(), RESULTS / "networks-import.csv"),
        }
    )


def cleanup(session_key):
    import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()
    output({"deleted_session": True})


def main():
    command, *rest = sys.argv[1:] or ["help"]
    commands = {"load": load_command, "setup": setup, "cleanup": cleanup}
    takes = 1 if command == "cleanup" else 0
    if command not in commands or len(rest) != takes:
        raise SystemExit(__doc__)
    check_database()
    commands[command](*rest)


if __name__ == "__main__":
    main()
