"""The partnership's real workshops, from its own programmes, and one upcoming workshop.

Run again, each workshop is updated in place and its programme written afresh, so nothing is
ever doubled. The upcoming workshop moves so that it is always three weeks ahead.
"""

from datetime import date, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from networks.models import Collaboration, Network, Partnership

from .calendar import london_datetime
from .models import Workshop, WorkshopSeries
from .services.programme import ItemData, add_programme_items, has_programme
from .services.workshops import WorkshopDetails

BREAKOUT_PROMPTS = (
    "- [with chat recorded] facilitators from each network to explore research questions and "
    "organisations interested in collaboration:\n"
    "- Challenges and good practice - what works and what prevents implementation of good "
    "practice? Potential research questions\n"
    "- Priorities for service development - short, medium and longer term goals for service "
    "development in this area; potential research questions\n"
    "- Designing development research - what kinds of research design would support service "
    "development while modelling equitable practice? Examples of design eg implementation "
    "research; research into practice models\n"
    "- Research collaboration - which organisations would be interested in acting as sites for "
    "research in areas identified?"
)

SERIES = {
    "slug": "achieving-equitable-public-services",
    "title": "Achieving equitable public services: two half day online workshops",
    "description": (
        "Social inequities are often reinforced by public service systems that can replicate "
        "discrimination and exclusion. Responses to the current COVID-19 crisis have highlighted "
        "historical injustices and differences in impact relating, for example, to age, gender, "
        "ethnicity, migrant status and disability. At the same time, the cross-sector response to "
        "the crisis highlights the potential of public services to be reconfigured at scale to "
        "make reducing inequity a mainstream and routine concern rather than a marginal issue.\n\n"
        "We are holding two, half-day sessions to explore how public service policymakers and "
        "practitioners understand and work to challenge inequity, drawing on the diverse "
        "perspectives of participants from public service, voluntary sector and academic "
        "backgrounds. Workshop 1 is focused on *Understandings of Inequality* and Workshop 2 is "
        "focused on *Leadership for Equity*. Participants are welcome to attend both sessions."
    ),
}

SERIES_INTRO = SERIES["description"] + (
    "\n\nPre-conference contributions of policy and practice that relate to COVID-19 and "
    "inequalities are invited, as a lens through which to explore how public service responses "
    "can create or prevent inequalities for particular populations.\n\n"
    "We will describe more general existing evidence in these two key areas that can potentially "
    "support positive change. We will also explore how research and existing good practice might "
    "support future service development."
)


def _items(rows):
    return [
        ItemData(
            starts_at=time(*start),
            ends_at=time(*end),
            kind=kind,
            title=title,
            description=description,
            chair=chair,
            speakers=tuple(speakers),
        )
        for start, end, kind, title, description, chair, speakers in rows
    ]


UNDERSTANDINGS = {
    "slug": "understandings-of-inequality-2020-06-24",
    "title": "Understandings of Inequality",
    "theme": "Workshop 1: Understanding Inequalities",
    "day": date(2020, 6, 24),
    "hours": (time(10, 0), time(12, 30)),
    "format": "online",
    "join_link": "https://eu.bbcollab.com/guest/13b0130963ff4fc69ea5084c6933fa4f",
    "description": SERIES_INTRO
    + (
        "\n\n**Key speaker: Wendy Bottero** has recently published 'A Sense of Inequality', a "
        "book that explores - what shapes people's everyday understandings of inequality? How "
        "are understandings of inequality located in everyday concerns, moral values and "
        "principles of justice? What provokes everyday 'views' or framings of inequality.\n\n"
        "Pre-conference: Please send us your examples of how public service policy and practice "
        "has created or reduced inequalities for particular population groups (in general or "
        "relating to COVID-19 responses)"
    ),
    "key_questions": "\n".join(
        [
            "How should we define inequality and what competing understandings exist? What does "
            "inclusion in public services look like and how can change be measured?",
            "To what extent do public service practitioners and policymakers understand the "
            "complex interplay of social, institutional and individual factors that help "
            "maintain inequities?",
            "What examples from COVID-19 policy and practice illustrate current understanding?",
            "How can we generate shared understanding to support equitable practice and what "
            "prevents this?",
            "What are the priorities for future research in this area?",
        ]
    ),
    "hashtags": "#Inequalities",
    "social_handles": "@LSSI @HeronNetwork @NIHR @+your organisation",
    "programme": _items(
        [
            (
                (10, 0),
                (10, 5),
                "welcome",
                "Welcome",
                "Introduction to the platform – Arkadiusz Zadka",
                "Professor Sarah Salway (University of Sheffield)",
                ["Arkadiusz Zadka"],
            ),
            (
                (10, 5),
                (10, 20),
                "talk",
                "Understandings of Inequality: what does the existing research tell us?",
                "",
                "",
                ["Dr Ghazala Mir (University of Leeds)", "Morgan Campbell (University of Leeds)"],
            ),
            ((10, 20), (10, 30), "qa", "Q & A plus chat feedback", "", "", []),
            (
                (10, 30),
                (11, 0),
                "talk",
                "Why do people so often put up with inequality - and how can it help us to "
                "understand why they sometimes don't?",
                "Q & A plus feedback (chat)",
                "",
                ["Wendy Bottero"],
            ),
            ((11, 0), (11, 10), "break", "Break", "", "", []),
            ((11, 10), (12, 0), "breakouts", "Breakout groups", BREAKOUT_PROMPTS, "", []),
            (
                (12, 0),
                (12, 30),
                "plenary",
                "Recommendations, feedback, from facilitators for each group and next steps",
                "",
                "",
                [],
            ),
            ((12, 30), (12, 30), "close", "Finish", "", "", []),
        ]
    ),
}

LEADERSHIP = {
    "slug": "leadership-for-equity-2020-06-30",
    "title": "Leadership for Equity",
    "theme": "Workshop 2: Leadership for Equity",
    "day": date(2020, 6, 30),
    "hours": (time(10, 0), time(12, 30)),
    "format": "online",
    "join_link": "https://eu.bbcollab.com/guest/13b0130963ff4fc69ea5084c6933fa4f",
    "description": SERIES_INTRO,
    "key_questions": "",
    "hashtags": "#Inequalities",
    "social_handles": "@LSSI @HeronNetwork @NIHR @+your organisation",
    "programme": _items(
        [
            ((10, 0), (10, 5), "welcome", "Welcome", "", "", []),
            (
                (10, 5),
                (10, 30),
                "talk",
                "Leadership for Equity: what does the existing research tell us?",
                "",
                "",
                [],
            ),
            ((10, 30), (11, 0), "qa", "Q & A plus chat feedback", "", "", []),
            ((11, 0), (11, 10), "break", "Break", "", "", []),
            ((11, 10), (12, 0), "breakouts", "Breakout groups", BREAKOUT_PROMPTS, "", []),
            (
                (12, 0),
                (12, 30),
                "plenary",
                "Recommendations, feedback, from facilitators for each group and next steps",
                "",
                "",
                [],
            ),
            ((12, 30), (12, 30), "close", "Finish", "", "", []),
        ]
    ),
}

DYMSKI = "Professor Gary Dymski (Leeds University Business School)"
EDMISTON = "Dr Daniel Edmiston (School of Sociology and Social Policy, University of Leeds)"
MORE_UNITED = {
    "slug": "more-united-than-divided-2020-11-19",
    "title": "More United than Divided",
    "theme": "The Power of Networks",
    "day": date(2020, 11, 19),
    "hours": (time(9, 30), time(16, 0)),
    "format": "in_person",
    "venue_name": "University of Leeds",
    "venue_address": "Leeds\nLS2 9JT",
    "description": (
        "Inequalities are often created and kept in place by multiple systems that reinforce "
        "poverty, discrimination and social exclusion. People from excluded groups experience "
        "numerous layers of inequality that affect almost every area of their lives at the same "
        "time. This workshop will explore whether equity networks currently working separately "
        "in specific fields such as education, health, employment and transport, or with "
        "specific excluded populations, could achieve more by coming together and pooling their "
        "resources and efforts."
    ),
    "key_questions": "\n".join(
        [
            "Can challenges such as poverty, racism, health inequalities and mobility inclusion "
            "be addressed holistically rather than through fragmented approaches and, if so, how?",
            "Can collaboration across diverse equity networks inform a focus on particular "
            "populations or places?",
            "Can different networks involving activists, researchers, policymakers and public "
            "service practitioners increase their impact and the resources available to them by "
            "working together?",
            "Can collaboration lead to shared definitions and consistent approaches in areas "
            "where these are missing?",
        ]
    ),
    "what_to_bring": (
        "If possible, please bring with you a device which can connect to the internet "
        "(iPads/Tablets are ideal)"
    ),
    "hashtags": "#SocialJusticePartnerships #SocialJustice #SocialMobility #SocialInclusion",
    "social_handles": "",
    "programme": _items(
        [
            ((9, 30), (10, 0), "registration", "Registration, Tea & Coffee", "", "", []),
            (
                (10, 0),
                (10, 15),
                "welcome",
                "Welcome and Introduction",
                "",
                "",
                [
                    "Professor Adam Crawford (Director, Leeds Social Sciences Institute)",
                    "Dr Ghazala Mir (Leeds Institute of Health Sciences)",
                ],
            ),
            (
                (10, 15),
                (11, 5),
                "talk",
                "Opening Presentations",
                "Leeds Poverty Truth Commission & Dr Daniel Edmiston (School of Sociology and "
                "Social Policy, University of Leeds) – Using Research to drive holistic change",
                "",
                [
                    "Leeds Poverty Truth Commission",
                    EDMISTON,
                ],
            ),
            (
                (11, 0),
                (11, 55),
                "panel",
                "The Power of Networks – current activity and future potential",
                "Speakers will give an overview of the work their network is doing currently, how "
                "they have fostered collaboration, their ideas about what they would want a "
                "‘Network of Networks’ to achieve and how it might work in practice.",
                "",
                [],
            ),
            ((11, 55), (12, 15), "break", "Refreshment Break", "", "", []),
            ((12, 15), (13, 0), "panel", "The Power of Networks – continued.", "", "", []),
            ((13, 0), (14, 0), "meal", "Lunch", "", "", []),
            (
                (14, 0),
                (15, 30),
                "breakouts",
                "Action Planning Groups",
                "To discuss:\n"
                "- Promoting Action – Identifying priority areas for joint work: areas that can be "
                "promoted via members and adopted as common themes\n"
                "- Increasing Resources – for work on inequalities: what funds are available and "
                "how can we access them?\n"
                "- Supporting Partnerships – how can joint working between and within networks be "
                "sustained and mutually beneficial to all partners?",
                DYMSKI,
                [],
            ),
            ((15, 30), (16, 0), "plenary", "Recommendations and Feedback", "", "", [DYMSKI]),
            ((16, 0), (16, 0), "close", "Next Steps & Close", "", "", []),
        ]
    ),
}


def upcoming_workshop():
    """A workshop three weeks from today, so that registering and contributing can be tried."""
    return {
        "slug": "from-recommendations-to-action",
        "title": "From recommendations to action",
        "theme": "Turning the partnership's recommendations into research and practice",
        "day": timezone.localdate() + timedelta(days=21),
        "hours": (time(10, 0), time(12, 30)),
        "format": "hybrid",
        "venue_name": "University of Leeds",
        "venue_address": "Leeds\nLS2 9JT",
        "join_link": "https://meet.example.org/socialjustice/recommendations-to-action",
        "capacity": 40,
        "description": (
            "The partnership's workshops produced recommendations at policy level, service "
            "level and for individuals and communities. This workshop brings the four networks "
            "together again to choose the recommendations to act on first, the organisations "
            "willing to act as research sites, and the research designs that would support "
            "equitable outcomes."
        ),
        "key_questions": "\n".join(
            [
                "Which recommendations can public services act on in the next year?",
                "Which organisations would be interested in acting as sites for research?",
                "What kinds of research design would support service development while "
                "modelling equitable practice?",
            ]
        ),
        "access_information": (
            "The room has step-free access and a hearing loop. Live captions are provided "
            "for people joining online. Tell us about any other access needs when you register."
        ),
        "hashtags": "#Inequalities #SocialJustice",
        "social_handles": "",
        "programme": _items(
            [
                ((10, 0), (10, 10), "welcome", "Welcome", "", "", []),
                (
                    (10, 10),
                    (10, 40),
                    "talk",
                    "What the workshops recommended: a summary",
                    "",
                    "",
                    [],
                ),
                ((10, 40), (10, 50), "qa", "Q & A", "", "", []),
                ((10, 50), (11, 0), "break", "Break", "", "", []),
                ((11, 0), (12, 0), "breakouts", "Breakout groups", BREAKOUT_PROMPTS, "", []),
                ((12, 0), (12, 25), "plenary", "Recommendations and next steps", "", "", []),
                ((12, 25), (12, 30), "close", "Close", "", "", []),
            ]
        ),
    }


def _save(spec, *, series, partnership, networks, organisers, state="published"):
    opens, closes = spec["hours"]
    details = WorkshopDetails(
        **{name: spec[name] for name in WorkshopDetails.names() if name in spec},
        series=series,
        partnership=partnership,
        starts_at=london_datetime(spec["day"], opens),
        ends_at=london_datetime(spec["day"], closes),
        contact_email="workshops@example.org",
    )
    # Written straight to the rows, not through the organisers' services: loading the demo
    # again must not announce the upcoming workshop's new date to anyone registered.
    workshop, _ = Workshop.objects.update_or_create(
        slug=spec["slug"], defaults={**details.row_fields(), "state": state}
    )
    workshop.networks.set(networks)
    workshop.organisers.set(organisers)
    # Written afresh only when it changed: the items carry what later apps hang on them
    # (breakout groups and what they recorded), which a rewrite would delete.
    if not has_programme(workshop, spec["programme"]):
        add_programme_items(workshop, items=spec["programme"], replace=True, by=None)
    return workshop


def load(stdout):
    partnership = Partnership.objects.filter(slug="partnerships-for-social-justice").first()
    networks = list(Network.objects.filter(partnership=partnership))
    organisers = list(Group.objects.get(name="Organisers").user_set.all())
    defaults = {"title": SERIES["title"], "description": SERIES["description"]}
    series, _ = WorkshopSeries.objects.update_or_create(
        slug=SERIES["slug"], defaults={**defaults, "partnership": partnership}
    )
    series.networks.set(networks)
    common = {"partnership": partnership, "networks": networks, "organisers": organisers}
    _save(UNDERSTANDINGS, series=series, **common)
    _save(LEADERSHIP, series=series, **common)
    # Seed 002 asked whether the networks could do more together (networks/demo_linking.py).
    network_of_networks = Collaboration.objects.filter(slug="network-of-networks")
    _save(MORE_UNITED, series=None, **common).collaborations.add(*network_of_networks)
    upcoming = _save(upcoming_workshop(), series=None, **common)
    stdout.write(
        f"Workshops: 4 (the upcoming one, {upcoming.title}, is on {upcoming.starts_at:%d %B %Y})."
    )
