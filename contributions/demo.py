"""The partnership's call for pre-conference contributions, and examples built only from what
its documents say, each marked as an illustrative example.

The call of the June 2020 workshops (seed 000's words) is closed and holds the accepted
examples; a call on the upcoming workshop is open, with the demo participant's draft and one
sent back for changes, so every state can be seen. Run again, everything is updated in place.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from networks.models import EqualityGroup, Level, Organisation, Sector, Theme, User
from workshops.calendar import LONDON
from workshops.models import Workshop, WorkshopSeries

from .enums import ContributionState, Decision, Visibility
from .models import Call, Contribution, Review, Version
from .services.contributions import index_for_search, version_content

PROMPT = (
    "Please send us your examples of how public service policy and practice has created or "
    "reduced inequalities for particular population groups (in general or relating to "
    "COVID-19 responses)."
)
GUIDANCE = (
    "Pre-conference contributions of policy and practice that relate to COVID-19 and "
    "inequalities are invited, as a lens through which to explore how public service "
    "responses can create or prevent inequalities for particular populations. Say what "
    "happened, who it affected, and what the evidence is: a few paragraphs are enough."
)
WHAT_HAPPENS = (
    "The organisers read every contribution before the workshop. Accepted ones go into the "
    "workshop pack that participants read beforehand and, if you allow it, into the public "
    "collection of examples, with your name or without it, as you choose."
)
NOTE = "Illustrative example drawn from the partnership's documents."

EXAMPLES = [
    {
        "title": "Young people's awareness of freedom of information rights in Scotland",
        "summary": (
            "Polling found that 25% of secondary school pupils in Scotland were aware of "
            "their freedom of information rights, against 85% of the adult population."
        ),
        "body": (
            f"{NOTE}\n\nRecent polling by Ipsos MORI suggested a significant gap between "
            "awareness of freedom of information (FOI) rights amongst young people and the "
            "wider population: 25% of secondary school pupils in Scotland reported an "
            "awareness of FOI, compared to 85% awareness amongst the adult population. Young "
            "people were not confident they would receive a response to an information "
            "request made to a public body.\n\nA workshop with members of the Scottish Youth "
            "Parliament explored these findings. A recurring theme was the perception of a "
            "significant power imbalance between young people and public organisations. The "
            "work continues with partner organisations, to develop resources that build "
            "awareness and confidence around FOI amongst young people, and by reporting the "
            "findings back to public organisations."
        ),
        "groups": ["age"],
        "groups_described": "Children and young people",
        "sectors": ["education", "local-government"],
        "effect": "unclear",
        "covid": False,
        "levels": ["individuals-and-communities", "service-level"],
        "country": "United Kingdom",
        "region": "Scotland",
        "evidence": "Ipsos MORI polling; the report of the workshop with the Scottish Youth "
        "Parliament.",
        "visibility": Visibility.PUBLIC_NAMED,
        "themes": ["co-production"],
    },
    {
        "title": "Community groups using freedom of information to campaign for change",
        "summary": (
            "Community groups used freedom of information requests to get the same accurate, "
            "accessible information as public authorities, and to campaign for change."
        ),
        "body": (
            f"{NOTE}\n\nCommunities are often only able to communicate with public "
            "authorities when they have access to the same accurate, relevant and accessible "
            "information. The Scottish Rural Schools Network and the C Diff Justice Group "
            "used freedom of information to engage with the public sector and influence "
            "change. A race equality forum in South Yorkshire raised awareness about FOI and "
            "put requests to the local authority together, then reviewed the responses."
        ),
        "groups": ["race-and-ethnicity"],
        "groups_described": "Rural communities; people affected by C. diff infection",
        "sectors": ["local-government", "health", "education"],
        "effect": "reduced",
        "covid": False,
        "levels": ["individuals-and-communities"],
        "country": "United Kingdom",
        "region": "Scotland and South Yorkshire",
        "evidence": "Case studies of the Scottish Rural Schools Network and the C Diff Justice "
        "Group.",
        "visibility": Visibility.PUBLIC_ANONYMOUS,
        "themes": ["co-production"],
    },
    {
        "title": "COVID-19 responses and historical injustices",
        "summary": (
            "Responses to COVID-19 highlighted historical injustices and differences in "
            "impact relating to age, gender, ethnicity, migrant status and disability."
        ),
        "body": (
            f"{NOTE}\n\nResponses to the COVID-19 crisis highlighted historical injustices "
            "and differences in impact relating, for example, to age, gender, ethnicity, "
            "migrant status and disability. At the same time, the cross-sector response to "
            "the crisis highlighted the potential of public services to be reconfigured at "
            "scale, to make reducing inequity a mainstream and routine concern rather than a "
            "marginal issue."
        ),
        "groups": ["age", "sex", "race-and-ethnicity", "migrant-status", "disability"],
        "groups_described": "Older disabled people; migrant women",
        "sectors": ["health", "social-care", "local-government"],
        "effect": "both",
        "covid": True,
        "levels": ["policy-level", "service-level"],
        "country": "United Kingdom",
        "region": "",
        "evidence": "",
        "visibility": Visibility.PUBLIC_NAMED,
        "themes": ["covid-19-responses"],
    },
]


def _call(slug, *, title, series=None, workshop=None, opens, closes):
    call, _ = Call.objects.update_or_create(
        slug=slug,
        defaults={
            "title": title,
            "series": series,
            "workshop": workshop,
            "prompt": PROMPT,
            "guidance": GUIDANCE,
            "what_happens": WHAT_HAPPENS,
            "opens_at": opens,
            "closes_at": closes,
        },
    )
    return call


def _contribution(call, author, spec, *, state, when):
    contribution, _ = Contribution.objects.update_or_create(
        call=call,
        title=spec["title"],
        defaults={
            "author": author,
            "state": state,
            "summary": spec["summary"],
            "body": spec["body"],
            "groups_described": spec["groups_described"],
            "effect": spec["effect"],
            "covid": spec["covid"],
            "country": spec["country"],
            "region": spec["region"],
            "evidence": spec["evidence"],
            "visibility": spec["visibility"],
            "organisation": Organisation.objects.filter(name__icontains="Leeds").first(),
            "consented_at": when,
            "version": 0 if state == ContributionState.DRAFT else 1,
            "submitted_at": None if state == ContributionState.DRAFT else when,
            "decided_at": when if state == ContributionState.ACCEPTED else None,
        },
    )
    contribution.groups.set(EqualityGroup.objects.filter(slug__in=spec["groups"]))
    contribution.sectors.set(Sector.objects.filter(slug__in=spec["sectors"]))
    contribution.levels.set(Level.objects.filter(slug__in=spec["levels"]))
    contribution.themes.set(Theme.objects.filter(slug__in=spec.get("themes", [])))
    if contribution.version:
        Version.objects.update_or_create(
            contribution=contribution,
            number=1,
            defaults={"content": version_content(contribution), "created_at": when},
        )
    index_for_search(contribution)
    return contribution


def load(stdout):
    author = User.objects.filter(email="participant@example.org").first()
    organiser = User.objects.filter(email="organiser@example.org").first()
    series = WorkshopSeries.objects.filter(slug="achieving-equitable-public-services").first()
    upcoming = Workshop.objects.filter(slug="from-recommendations-to-action").first()
    if author is None or series is None or upcoming is None:
        stdout.write("No demo contributions: the demo accounts or workshops are missing.")
        return
    with transaction.atomic():
        june = _call(
            "examples-of-policy-and-practice-june-2020",
            title="Examples of policy and practice: COVID-19 and inequalities",
            series=series,
            opens=datetime(2020, 5, 1, 9, 0, tzinfo=LONDON),
            closes=datetime(2020, 6, 23, 17, 0, tzinfo=LONDON),
        )
        accepted_on = datetime(2020, 6, 22, 12, 0, tzinfo=LONDON)
        for spec in EXAMPLES:
            _contribution(june, author, spec, state=ContributionState.ACCEPTED, when=accepted_on)
        now = timezone.now()
        open_call = _call(
            "from-recommendations-to-action-examples",
            title="Examples for From recommendations to action",
            workshop=upcoming,
            opens=now - timedelta(days=7),
            closes=upcoming.starts_at - timedelta(days=1),
        )
        draft = {
            **EXAMPLES[2],
            "title": "Digital exclusion of older people during lockdown (draft)",
            "summary": "",
            "body": f"{NOTE}\n\nA draft to finish: what happened to services moving online.",
            "themes": [],
        }
        _contribution(open_call, author, draft, state=ContributionState.DRAFT, when=now)
        sent_back = {**EXAMPLES[0], "title": "Working with young people on access to information"}
        returned = _contribution(
            open_call, author, sent_back, state=ContributionState.CHANGES_REQUESTED, when=now
        )
        Review.objects.get_or_create(
            contribution=returned,
            version=1,
            decision=Decision.CHANGES,
            defaults={
                "reviewer": organiser,
                "message": "Thank you. Could you say which resources were developed, and "
                "with which partner organisations?",
            },
        )
    stdout.write(
        f"Contributions: 2 calls, {len(EXAMPLES)} accepted examples, a draft and one with "
        "changes asked."
    )
