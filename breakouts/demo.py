"""Breakout groups for the partnership's past workshops, with example outputs so that a report
can be seen, and one group of the upcoming workshop for the demo facilitator to record in.

The groups are the ones the seeds name: the four of the June 2020 workshop (seed 000) and the
three action-planning groups of More United than Divided (seed 002). What they "recorded" is
built only from the partnership's documents and each notes text says it is an example. Run
again, nothing is doubled: a group is found by its item and name, a new entry or
recommendation has a stable key that the recording service knows already, and a section that
has text is left alone.
"""

from datetime import timedelta

from networks.models import ActionCategory, FourR, Level, Network, Organisation, Theme, User
from workshops.enums import ProgrammeKind
from workshops.models import Workshop

from .demo_tracker import load_tracker
from .enums import ReportState, SectionKind
from .models import Report
from .services.groups import PROMPT_TEMPLATES, GroupDetails, save_group
from .services.recording import mark_ready, save_part

EXAMPLE = "Example: illustrative outputs drawn from the partnership's documents."
SITE = "University of Leeds"  # the organisation networks/demo.py adds to the directory
UPCOMING = ("from-recommendations-to-action", "priorities")

# Per workshop, its groups: a template of PROMPT_TEMPLATES, the notes, the entries and the
# recommendations. An entry is "kind: text", "priority/<horizon>: text",
# "next_step: text | who | by when", "site: text | organisation | contact" or, for a research
# question or design, "question: text | level | theme" (slugs, "-" for none); a
# recommendation is "<level> <4R> <action category> <owner network>: text", by their slugs.
PAST = {
    "understandings-of-inequality-2020-06-24": [
        {
            "template": "challenges",
            "notes": "Public service systems can replicate discrimination and exclusion: "
            "responses to COVID-19 highlighted historical injustices relating to age, gender, "
            "ethnicity, migrant status and disability. What works: partnerships of public "
            "institutions, NGOs and academics, and a common language across agencies. What "
            "prevents it: little robust data on disadvantaged groups, and inequity treated as "
            "a marginal issue rather than a routine concern.",
            "entries": [
                "question: Which COVID-19 policies and practices created or reduced "
                "inequalities, and for which population groups? "
                "| policy-level | covid-19-responses",
                "question: What stops practitioners acting on the interplay of social, "
                "institutional and individual factors that maintain inequities? "
                "| service-level | understandings-of-inequality",
            ],
            "recommendations": [
                "policy-level recognition promoting-action inequalities-research-network: "
                "Assess the impact of public service policies on different social groups, "
                "acknowledging systemic bias and indirect discrimination.",
                "service-level redistribution increasing-resources "
                "health-inequalities-research-network: Improve the data on disadvantaged "
                "groups and introduce clear ways of using equity data in planning.",
            ],
        },
        {
            "template": "priorities",
            "notes": "Short, medium and longer term goals for service development, with one "
            "aim: making reducing inequity a mainstream and routine concern. Equal access "
            "means recognising cultural and religious identity, gender norms, sexuality and "
            "other kinds of diversity.",
            "entries": [
                "priority/short: Make services easier to access and reduce negative "
                "perceptions of them through community engagement.",
                "priority/medium: A common language on inequality across agencies.",
                "priority/long: Equal representation of disadvantaged groups in "
                "all-stakeholder decision-making.",
                "question: What does inclusion in public services look like, and how can "
                "change be measured? | service-level | understandings-of-inequality",
            ],
            "recommendations": [
                "policy-level representation supporting-partnerships equal-england: Give "
                "excluded groups resources and opportunities to take part in planning and "
                "decisions about public services.",
                "service-level redistribution increasing-resources leeds-equality-network: "
                "Target provision at those experiencing disadvantage, with practical and "
                "financial support and engagement with carers.",
            ],
        },
        {
            "template": "designs",
            "notes": "Research designs that support service development while modelling "
            "equitable practice: implementation research, research into practice models, and "
            "co-designed, participatory methods that draw out experiential knowledge.",
            "entries": [
                "design: Implementation research alongside a service change, with community "
                "advocates represented at every stage. | research-design | co-production",
                "design: Participatory research with people from excluded groups as "
                "co-researchers, in control of how their stories are told. "
                "| research-design | co-production",
                "question: Which interventions for intersectional disadvantage in local "
                "government and policing have been robustly evaluated? "
                "| - | poverty-and-social-exclusion",
            ],
            "recommendations": [
                "research-design representation supporting-partnerships "
                "inequalities-research-network: Build long-term, not tokenistic, research "
                "relationships with disadvantaged communities, with benefits for everyone.",
                "research-design recognition promoting-action "
                "health-inequalities-research-network: Evaluate interventions for religious "
                "minorities and for intersectional disadvantage.",
            ],
        },
        {
            "template": "collaboration",
            "notes": "Organisations interested in acting as sites for research in the areas "
            "identified; the facilitators from each network follow them up.",
            "entries": [
                f"site: Would host implementation research on equitable service development. "
                f"| {SITE} | workshops@example.org",
                "next_step: Send the research sites and questions to the four networks. "
                "| The facilitators | July 2020",
            ],
            "recommendations": [
                "service-level representation supporting-partnerships leeds-equality-network: "
                "Form cross-sector research partnerships of local public institutions, NGOs "
                "and academics, with named research sites.",
                "individuals-and-communities redistribution increasing-resources "
                "equal-england: Train organisations that support disadvantaged communities "
                "to research the inequalities those communities experience.",
            ],
        },
    ],
    "more-united-than-divided-2020-11-19": [
        {
            "template": "promoting",
            "notes": "Priority areas for joint work, to promote via members and adopt as "
            "common themes: poverty, racism, health inequalities and mobility inclusion, "
            "addressed holistically rather than through fragmented approaches.",
            "entries": [
                "priority/short: Poverty and racism as the networks' first common themes.",
                "priority/medium: Shared definitions and consistent approaches where these "
                "are missing.",
                "next_step: Propose the common themes to each network's members. "
                "| Equal England | January 2021",
            ],
            "recommendations": [
                "policy-level recognition promoting-action equal-england: Adopt common themes "
                "for joint work across the networks: poverty, racism, health inequalities and "
                "mobility inclusion.",
                "policy-level recognition promoting-action inequalities-research-network: "
                "Agree shared definitions across networks working in education, health, "
                "employment and transport.",
            ],
        },
        {
            "template": "resources",
            "notes": "What funds are available for work on inequalities and how to access "
            "them: networks pooling their resources and efforts rather than competing for the "
            "same funds.",
            "entries": [
                "priority/medium: A first joint funding bid from two or more networks.",
                "next_step: List the funds for work on inequalities open to joint bids. "
                "| Leeds Equality Network | February 2021",
            ],
            "recommendations": [
                "service-level redistribution increasing-resources leeds-equality-network: "
                "Pool the networks' resources and make joint bids for work on inequalities.",
                "individuals-and-communities redistribution increasing-resources "
                "inequalities-research-network: Share research capacity with community "
                "organisations.",
            ],
        },
        {
            "template": "partnerships",
            "notes": "How joint working between and within networks can be sustained and "
            "mutually beneficial to all partners, and what a 'Network of Networks' would need "
            "to work in practice.",
            "entries": [
                "next_step: Draft terms of reference for a Network of Networks. "
                "| Partnerships for Social Justice | March 2021",
                "next_step: Map equality networks and local interest groups, and hold an open "
                "event with registration of interest. | Equal England | Spring 2021",
            ],
            "recommendations": [
                "service-level representation supporting-partnerships "
                "health-inequalities-research-network: Set up a Network of Networks with "
                "shared terms of reference.",
                "individuals-and-communities representation supporting-partnerships "
                "equal-england: Find the gaps in representation across protected "
                "characteristics and their intersections.",
                "service-level recognition supporting-partnerships leeds-equality-network: "
                "Make accessible information a priority in all joint work.",
            ],
        },
    ],
}


def _breakout_item(slug):
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None:
        return None
    return workshop.programme.filter(kind=ProgrammeKind.BREAKOUTS).order_by("position").first()


def _group(item, template, facilitator):
    """The item's group of this name, made from the template if missing; the facilitator is
    added to it (the group's other details, edited since perhaps, are kept)."""
    name, prompts = PROMPT_TEMPLATES[template]
    group = item.breakout_groups.filter(name=name).first()
    if group is None:
        people = (facilitator,) if facilitator else ()
        details = GroupDetails(name=name, prompts=prompts, facilitators=people)
        return save_group(item, details, by=None)
    have = tuple(group.facilitators.all())
    if facilitator is None or facilitator in have:
        return group
    details = GroupDetails(
        **{
            name: getattr(group, name)
            for name in GroupDetails.names()
            if name not in GroupDetails.MANY
        },
        facilitators=(*have, facilitator),
        contributions=tuple(group.contributions.all()),
    )
    return save_group(item, details, group=group, by=None)


def _entry(line, terms):
    """The part name's kind and the values of one entry, as PAST writes it."""
    head, _sep, rest = line.partition(": ")
    kind, _sep, horizon = head.partition("/")
    text, *extra = rest.split(" | ")
    values = {"text": text, "horizon": horizon}
    if kind == "next_step":
        values["who"], values["by_when"] = extra
    elif kind in ("question", "design") and extra:
        for name, slug in zip(("level_id", "theme_id"), extra, strict=True):
            values[name] = getattr(terms[name].get(slug), "pk", None)
    elif kind == "site":
        site = terms["sites"].get(extra[0])
        values["organisation_id"], values["contact"] = (site.pk if site else None), extra[1]
    return kind, values


def _recommendation(line, terms):
    head, _sep, text = line.partition(": ")
    slugs = zip(
        ("level_id", "four_r_id", "category_id", "owner_network_id"), head.split(), strict=True
    )
    values = {name: getattr(terms[name].get(slug), "pk", None) for name, slug in slugs}
    return {"text": text, **values}


def _record(group, spec, terms):
    notes = group.sections.filter(kind=SectionKind.NOTES).first()
    if notes is None or not notes.text:
        text = f"{EXAMPLE}\n\n{spec['notes']}"
        version = notes.version if notes else 0
        save_part(group, part="section:notes", version=version, values={"text": text}, by=None)
    # One numbering for all the group's entries: the service matches a key across kinds.
    for number, line in enumerate(spec["entries"], start=1):
        kind, values = _entry(line, terms)
        part = f"entry:new:{kind}:demo-{number}"
        save_part(group, part=part, version=0, values=values, by=None)
    for number, line in enumerate(spec["recommendations"], start=1):
        values = _recommendation(line, terms)
        save_part(
            group, part=f"recommendation:new:demo-{number}", version=0, values=values, by=None
        )
    if group.ready_at is None:
        mark_ready(group, ready=True, by=None)


def _terms():
    """The vocabularies networks/seeding.py seeds and networks/demo.py's rows, by slug."""
    return {
        "level_id": {row.slug: row for row in Level.objects.all()},
        "theme_id": {row.slug: row for row in Theme.objects.all()},
        "four_r_id": {row.slug: row for row in FourR.objects.all()},
        "category_id": {row.slug: row for row in ActionCategory.objects.all()},
        "owner_network_id": {row.slug: row for row in Network.objects.all()},
        "sites": {row.name: row for row in Organisation.objects.filter(name=SITE)},
    }


# The report of the June 2020 workshop, published: the demo's example of a finished report.
REPORT = (
    "understandings-of-inequality-2020-06-24",
    EXAMPLE + " The workshop brought together academics, voluntary-sector groups and public "
    "services from the partnership's four networks to share examples of public service "
    "practice that created or reduced inequalities, including responses to COVID-19. Four "
    "groups explored challenges and good practice, priorities for service development, "
    "designing development research and research collaboration, and recommended next steps "
    "for the networks.",
)


def _published_report() -> bool:
    """The report published, once: written directly, so loading the demo emails nobody."""
    slug, summary = REPORT
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None:
        return False
    report, created = Report.objects.get_or_create(
        workshop=workshop,
        defaults={
            "summary": summary,
            "state": ReportState.PUBLISHED,
            "published_at": workshop.ends_at + timedelta(days=14),
        },
    )
    return report.state == ReportState.PUBLISHED


def load(stdout):
    facilitator = User.objects.filter(email="facilitator@example.org").first()
    terms = _terms()
    past = 0
    for slug, specs in PAST.items():
        item = _breakout_item(slug)
        if item is None:
            stdout.write(f"No breakout groups for {slug}: the workshop or its item is missing.")
            continue
        for spec in specs:
            group = _group(item, spec["template"], facilitator)
            _record(group, spec, terms)
            past += 1
    slug, template = UPCOMING
    item = _breakout_item(slug)
    if item is not None:
        _group(item, template, facilitator)
    who = facilitator.email if facilitator else "no facilitator (no demo accounts)"
    stdout.write(
        f"Breakout groups: {past} on past workshops with example outputs, marked ready; "
        f"{1 if item else 0} on the upcoming workshop, facilitated by {who}."
    )
    if _published_report():
        stdout.write(f"The report of {REPORT[0]} is published.")
    load_tracker(stdout)
