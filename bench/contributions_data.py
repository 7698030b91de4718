"""The contributions benchmark's data set: 20,000 accepted, public contributions.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=…/socialjustice_bench \\
    python -m bench.contributions_data load

bench/contributions.py runs this with the environment gunicorn gets. It adds, once, 20,000
contributions to 6 closed calls of past synthetic workshops (bench/data.py's), by 2,000
contributors: text made from the words people use about public services and inequality
(names, companies and a sentence of common English words from Faker), 1 to 3 of 15 equality
groups (the 11 seeded and 4 more), 1 or 2 of the 10 sectors, 1 or 2 levels, in bulk. The
search vectors are filled by one UPDATE with the expression of index_for_search (in
contributions/services/contributions.py), and a sample is checked against that function.
Run again, it finds them and adds nothing. It prints one line of JSON on stdout.
"""

import json
import random
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.postgres.search import SearchVector  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402
from faker import Faker  # noqa: E402
from faker.providers.lorem.en_US import Provider as EnglishWords  # noqa: E402

from bench.data import SLUG_PREFIX, check_database  # noqa: E402
from contributions.models import Call, Contribution  # noqa: E402
from contributions.services.contributions import index_for_search  # noqa: E402
from networks.models import EqualityGroup, Level, Organisation, Sector, User  # noqa: E402
from socialjustice.pagecache import invalidate  # noqa: E402
from workshops.models import Workshop  # noqa: E402

CONTRIBUTIONS = 20_000
CALLS = 6
CONTRIBUTORS = 2_000
CALL_PREFIX = "bench-contributions-"
PUBLIC = ["public_named", "public_anonymous"]
EMAIL = "bench-contributor-{}@example.org"
SEED = 2026
VECTOR_SAMPLE = 100  # contributions whose vector is checked against index_for_search
# The four groups added to the 11 seeded, so the collection has 15, as the issue asks.
EXTRA_GROUPS = ["Carers", "Care experience", "Homelessness", "Gypsy, Roma and Traveller"]

# Who each group's contributions talk about: the words of the text follow the groups chosen,
# as in real contributions, so a search and a facet select overlapping rows.
PEOPLE = {
    "age": "older people|young people|children under five|people over 75|teenagers"
    "|older residents living alone",
    "disability": "disabled people|people with learning disabilities|deaf people"
    "|wheelchair users|blind and partially sighted people|autistic adults",
    "gender-reassignment": "trans people|non-binary people|trans young people",
    "marriage-and-civil-partnership": "married couples|people in civil partnerships"
    "|separated parents",
    "pregnancy-and-maternity": "pregnant women|new mothers|women on maternity leave",
    "race-and-ethnicity": "Black and minority ethnic communities|South Asian families"
    "|Black Caribbean men|Chinese elders|Somali women",
    "religion-or-belief": "Muslim communities|Jewish families|Sikh women|faith groups",
    "sex": "women|men|single mothers|young men",
    "sexual-orientation": "lesbian, gay and bisexual people|LGBTQ+ young people|gay men",
    "socio-economic-disadvantage": "people on low incomes|families in deprived neighbourhoods"
    "|people claiming Universal Credit|households in fuel poverty",
    "migrant-status": "refugees|asylum seekers|migrant women"
    "|people with no recourse to public funds|EU citizens with settled status",
    "carers": "unpaid carers|young carers|parent carers",
    "care-experience": "care leavers|looked-after children|foster families",
    "homelessness": "people sleeping rough|families in temporary accommodation"
    "|people experiencing homelessness",
    "gypsy-roma-and-traveller": "Gypsy, Roma and Traveller families|Irish Traveller communities",
}
# What the policy or practice was, by sector.
PRACTICES = {
    "health": "a move to telephone and video GP appointments|a community vaccination outreach"
    " programme|the suspension of routine hospital appointments|translated public health"
    " messages|a mental health crisis line|mobile testing units|social prescribing by link"
    " workers",
    "social-care": "visiting restrictions in care homes|a telephone befriending service"
    "|direct payments for personal assistants|hospital discharge into care homes"
    "|a reablement service at home",
    "education": "school closures and remote learning|a laptop loan scheme for pupils"
    "|free school meal vouchers in the holidays|catch-up tutoring|exam grades set by algorithm",
    "local-government": "a council tax support scheme|a local welfare assistance fund"
    "|community hubs run by the council|online-only council services|participatory budgeting",
    "policing-and-justice": "remote court hearings|stop and search under lockdown rules"
    "|fixed penalty notices for breaking lockdown|a domestic abuse helpline"
    "|restorative justice circles",
    "housing": "a ban on evictions|the Everyone In scheme for people sleeping rough"
    "|a retrofit programme for cold homes|temporary accommodation in hotels"
    "|selective licensing of private landlords",
    "employment": "the furlough scheme|an employment support programme|zero-hours contracts"
    " in care work|a supported internship scheme|job centre appointments by phone",
    "transport": "reduced bus timetables|free bus travel for key workers|a demand-responsive"
    " minibus service|pop-up cycle lanes|an accessible taxi voucher scheme",
    "peacekeeping": "community peace-building dialogues|a cross-community youth programme"
    "|mediation between neighbourhoods after unrest",
    "other": "a food bank network|a digital help desk in the public library|a freedom of"
    " information awareness campaign|a community radio service",
}
WHEN = {
    True: "during the first lockdown in 2020|as the pandemic began|during the COVID-19"
    " lockdowns|when social distancing rules came in|during the second wave of the pandemic",
    False: "over the last five years|after years of budget cuts|since the service was"
    " redesigned|as part of a wider reform|when the new policy came in",
}
OUTCOMES = {
    "created": "widened the gap in access for {people}|left many {people} without support"
    "|made it harder for {people} to get help|meant {people} missed appointments they needed"
    "|excluded {people} who had no internet at home",
    "reduced": "narrowed the gap in access for {people}|reached {people} who had never used"
    " the service before|cut waiting times for {people}|gave {people} a say in decisions"
    "|helped {people} stay in touch with services",
}
UNCLEAR = "it is too early to say what it did for {people}|the evidence on {people} is mixed"
LESSONS = (
    "Staff said that trusted community organisations made the difference."
    "|Without interpreters, the service did not reach those who needed it most."
    "|Data on protected characteristics was not collected, so the effect is hard to measure."
    "|Digital exclusion was the biggest barrier: many had no device or data."
    "|People with lived experience helped redesign the service."
    "|An equality impact assessment was done only after the change."
    "|Funding was short term, and the work stopped when it ended."
    "|Local councillors and the voluntary sector worked together for the first time."
    "|Face-to-face appointments were restored for those who asked."
    "|Researchers and residents designed the evaluation together."
)
AIMS = "keep people safe|save money|reach more people|reduce waiting lists|keep services running"
PLACES = {
    "United Kingdom": "Leeds|Bradford|Manchester|Glasgow|Cardiff|Belfast|Bristol|Liverpool"
    "|Newcastle|Birmingham|Edinburgh|Swansea|Derry|Hull|Norwich|Cornwall",
    "Ireland": "Dublin|Cork|Galway",
    "Canada": "Toronto|Winnipeg",
    "Australia": "Melbourne|Adelaide",
    "South Africa": "Cape Town|Durban",
    "India": "Kerala|Mumbai",
}
COUNTRY_WEIGHTS = [80, 6, 4, 4, 3, 3]
GROUP_WEIGHTS = {"age": 9, "disability": 9, "race-and-ethnicity": 8, "sex": 6}
RELATIONS = [("groups", "equalitygroup"), ("sectors", "sector"), ("levels", "level")]
EFFECTS = (["created", "reduced", "both", "unclear"], [40, 35, 15, 10])
WHO_RAN_IT = (
    "the council|the local NHS trust|a housing association|a community group"
    "|the police|a charity|the school|the job centre|a network of faith groups"
)


# Faker's common English words (its default lorem is Latin): the long tail of a real text.
ENGLISH = EnglishWords.word_list


def pick(text, rng):
    return rng.choice(text.split("|"))


def people_of(slug):
    # A group an organiser added has no phrases of its own here.
    return PEOPLE.get(slug, "the people it names")


def write(rng, fake, groups, sectors, effect, covid, place):
    """A title, a summary and the body of one contribution, from its classification."""
    people = pick(people_of(rng.choice(groups)), rng)
    other = pick(people_of(rng.choice(groups)), rng)
    practice = pick(PRACTICES.get(rng.choice(sectors), PRACTICES["other"]), rng)
    when = pick(WHEN[covid], rng)
    outcomes = {
        "created": [pick(OUTCOMES["created"], rng)],
        "reduced": [pick(OUTCOMES["reduced"], rng)],
        "both": [pick(OUTCOMES["reduced"], rng), pick(OUTCOMES["created"], rng)],
        "unclear": [pick(UNCLEAR, rng)],
    }[effect]
    said = [o.format(people=people) for o in outcomes]
    title = rng.choice(
        [
            f"{practice[0].upper()}{practice[1:]} and {people} in {place}",
            f"How {practice} affected {people}",
            f"{people[0].upper()}{people[1:]} and {practice} {when}",
        ]
    )[:200]
    summary = f"In {place}, {practice} {when} {' but '.join(said)}."
    before, after = rng.randint(15, 60), rng.randint(5, 90)
    body = "\n\n".join(
        [
            f"{pick(WHO_RAN_IT, rng).capitalize()} introduced {practice} in {place} {when}. "
            f"It was meant to {pick(AIMS, rng)}, and {other} were not asked about it first.",
            f"What happened: it {' and it '.join(said)}. In a survey, {before}% of {people} said "
            f"they found the service easy to use, against {after}% a year before. "
            f'"{fake.sentence(nb_words=10, ext_word_list=ENGLISH)}" said {fake.name()}, '
            f"who works with {other}.",
            " ".join(rng.sample(LESSONS.split("|"), 2)),
        ]
    )
    return title, summary, body


def vocabularies():
    """The 15 groups (adding those missing), the 10 sectors and the levels."""
    groups = list(EqualityGroup.objects.order_by("position", "pk"))
    for position, name in enumerate(EXTRA_GROUPS, start=len(groups) + 1):
        if len(groups) >= 15:
            break
        group, _created = EqualityGroup.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "other", "position": position}
        )
        groups.append(group)
    return groups, list(Sector.objects.order_by("position", "pk")), list(Level.objects.all())


def make_calls(now):
    workshops = Workshop.objects.filter(slug__startswith=SLUG_PREFIX, ends_at__lt=now)
    return [
        Call.objects.create(
            slug=f"{CALL_PREFIX}{workshop.slug}"[:200],
            title=f"Examples of practice: {workshop.title}"[:200],
            workshop=workshop,
            prompt="Please send us your examples of how public service policy and practice "
            "has created or reduced inequalities for particular population groups.",
            opens_at=workshop.starts_at - timedelta(weeks=10),
            closes_at=workshop.starts_at - timedelta(weeks=1),
        )
        for workshop in workshops.order_by("-starts_at")[:CALLS]
    ]


def contributors(rng, fake):
    organisations = list(Organisation.objects.order_by("pk"))
    password = make_password(None)  # unusable: nobody signs in as them
    User.objects.bulk_create(
        [
            User(
                email=EMAIL.format(number),
                display_name=fake.name(),
                password=password,
                organisation=rng.choice(organisations) if rng.random() < 0.5 else None,
            )
            for number in range(CONTRIBUTORS)
        ],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(email__startswith="bench-contributor-").order_by("pk"))


def load():
    rng, fake = random.Random(SEED), Faker("en_GB")
    fake.seed_instance(SEED)
    now = timezone.now()
    groups, sectors, levels = vocabularies()
    calls = make_calls(now)
    if len(calls) < CALLS:
        raise SystemExit("bench.contributions_data: not enough past synthetic workshops")
    authors = contributors(rng, fake)
    group_weights = [GROUP_WEIGHTS.get(group.slug, 3) for group in groups]
    rows, chosen = [], []
    for number in range(CONTRIBUTIONS):
        call = calls[number % CALLS]
        picked = rng.choices(groups, group_weights, k=rng.choice([1, 1, 2, 2, 3]))
        mine = {
            "groups": list(dict.fromkeys(picked)),  # drawn with replacement: once each
            "sectors": rng.sample(sectors, rng.choice([1, 1, 2])),
            "levels": rng.sample(levels, rng.choice([1, 2])),
        }
        effect, covid = rng.choices(*EFFECTS)[0], rng.random() < 0.45
        country = rng.choices(list(PLACES), COUNTRY_WEIGHTS)[0]
        place = pick(PLACES[country], rng)
        slugs = [g.slug for g in mine["groups"]], [s.slug for s in mine["sectors"]]
        title, summary, body = write(rng, fake, *slugs, effect, covid, place)
        sent = call.opens_at + (call.closes_at - call.opens_at) * rng.random()
        author = rng.choice(authors)
        rows.append(
            Contribution(
                call=call,
                author=author,
                state="accepted",
                visibility="public_named" if rng.random() < 0.75 else "public_anonymous",
                title=title,
                summary=summary[:500],
                body=body,
                groups_described=", ".join(pick(people_of(g.slug), rng) for g in mine["groups"]),
                effect=effect,
                covid=covid,
                country=country,
                region=place,
                started_on=(sent - timedelta(days=rng.randint(60, 900))).date(),
                ongoing=rng.random() < 0.4,
                evidence=f"{fake.company()} evaluation ({rng.randint(2016, 2021)}); interviews "
                f"with {rng.randint(8, 120)} people in {place}.",
                evidence_links=[f"https://evidence.example.org/{number}"] * rng.choice([0, 1]),
                organisation=author.organisation,
                consented_at=sent,
                version=1,
                submitted_at=sent,
                decided_at=sent + timedelta(days=rng.randint(1, 20)),
                created_at=sent - timedelta(days=rng.randint(0, 10)),
            )
        )
        chosen.append(mine)
    rows = Contribution.objects.bulk_create(rows, batch_size=2000)
    for relation, column in RELATIONS:
        through = getattr(Contribution, relation).through
        through.objects.bulk_create(
            [
                through(contribution_id=row.pk, **{f"{column}_id": term.pk})
                for row, mine in zip(rows, chosen, strict=True)
                for term in mine[relation]
            ],
            batch_size=5000,
        )
    fill_search_vectors(calls)


def fill_search_vectors(calls):
    """One UPDATE with index_for_search's expression: its values joined by spaces are what
    SearchVector joins several columns with (COALESCE(a, '') || ' ' || COALESCE(b, ''))."""
    Contribution.objects.filter(call__in=calls).update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", "groups_described", "evidence", weight="C", config="english")
    )


def check_vectors(rng):
    """Run the service's own index_for_search on a sample: the vectors must not change."""
    ids = list(
        Contribution.objects.filter(call__slug__startswith=CALL_PREFIX).values_list("pk", flat=True)
    )
    sample = Contribution.objects.filter(pk__in=rng.sample(ids, min(VECTOR_SAMPLE, len(ids))))
    before = dict(sample.values_list("pk", "search_vector"))
    with transaction.atomic():
        for contribution in sample:
            index_for_search(contribution)
        after = dict(sample.values_list("pk", "search_vector"))
    same = sum(1 for pk, vector in before.items() if vector and after[pk] == vector)
    return {"sampled": len(before), "equal_to_index_for_search": same}


def counts():
    public = Contribution.objects.filter(state="accepted", visibility__in=PUBLIC)
    ours = public.filter(call__slug__startswith=CALL_PREFIX)
    return {
        "contributions": ours.count(),
        "all_public": public.count(),
        "without_vector": ours.filter(search_vector__isnull=True).count(),
        "calls": Call.objects.filter(slug__startswith=CALL_PREFIX).count(),
        "groups": EqualityGroup.objects.filter(contributions__in=ours).distinct().count(),
        "sectors": Sector.objects.filter(contributions__in=ours).distinct().count(),
    }


def load_command():
    check_database()
    present = Contribution.objects.filter(call__slug__startswith=CALL_PREFIX).count()
    if present not in (0, CONTRIBUTIONS):
        raise SystemExit(
            f"bench.contributions_data: found {present} benchmark contributions, expected 0 or "
            f"{CONTRIBUTIONS}; run bench/run.py --fresh"
        )
    if present == 0:
        started = time.perf_counter()
        with transaction.atomic():  # all or nothing, so the count above tells the truth
            load()
        seconds = round(time.perf_counter() - started, 1)
        print(f"bench.contributions_data: loaded in {seconds} s", file=sys.stderr)
        # Fresh statistics and visibility maps for every table (users, calls, vocabularies
        # too), as autovacuum would have made them in a database a few days old.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # bulk_create sends no signal, so nothing emptied the collection's cache: do it here.
    invalidate("contributions", "workshops", "home")
    print(
        json.dumps(
            {
                **counts(),
                "loaded_now": present == 0,
                "vectors": check_vectors(random.Random(SEED)),
                # What bench/contributions.py deletes to empty the collection's cache: the
                # group's version token (socialjustice/pagecache.py), as cache.make_key makes it.
                "cache_location": settings.CACHES["default"]["LOCATION"],
                "version_key": str(cache.make_key("pages:contributions:version")),
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["load"]:
        raise SystemExit(__doc__)
    load_command()
