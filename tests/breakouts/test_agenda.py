"""The research agenda: the questions and designs of workshops whose report is published, by
theme and level, the organisations offering to be research sites, the filters, the cache."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from breakouts.models import Entry
from breakouts.selectors import agenda as selectors
from breakouts.selectors.agenda import Filters, research_agenda, theme_of_workshop
from networks.models import EqualityGroup, Level, Sector, Theme
from tests.factories import (
    ContributionFactory,
    EntryFactory,
    GroupFactory,
    OrganisationFactory,
    OrganiserFactory,
    ReportFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

URL = "/research-agenda/"


def published(**workshop):
    """A breakout group of a published workshop whose report is published."""
    report = ReportFactory(workshop=WorkshopFactory(**workshop), state="published")
    return GroupFactory(item__workshop=report.workshop)


def theme(slug):
    return Theme.objects.get(slug=slug)


def level(slug):
    return Level.objects.get(slug=slug)


def shape(agenda) -> list:
    """The agenda as (theme, [(level, [texts])]), the way the page shows it."""
    return [
        (
            section.theme.name if section.theme else "Other themes",
            [
                (
                    cell.level.name if cell.level else "No level given",
                    [entry.text for entry in cell.entries],
                )
                for cell in section.levels
            ],
        )
        for section in agenda.themes
    ]


def texts(agenda) -> list[str]:
    return [entry.text for section in agenda.themes for c in section.levels for entry in c.entries]


def sites(agenda) -> list[str]:
    return [offer.organisation.name if offer.organisation else offer.text for offer in agenda.sites]


def page(client, params=None) -> str:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.content.decode()


def discussed(group, *, groups=(), sectors=(), **contribution):
    """A contribution the group discussed, accepted and public unless said otherwise."""
    contribution.setdefault("state", "accepted")
    contribution.setdefault("visibility", "public_named")
    made = ContributionFactory(**contribution)
    made.groups.set(EqualityGroup.objects.filter(slug__in=groups))
    made.sectors.set(Sector.objects.filter(slug__in=sectors))
    group.contributions.add(made)
    return made


def offering(group, *, groups=(), sectors=(), **entry):
    """An organisation of the directory offering to be a research site."""
    organisation = OrganisationFactory(name=entry.pop("name", None) or "Leeds Community Trust")
    organisation.equality_groups.set(EqualityGroup.objects.filter(slug__in=groups))
    organisation.sectors.set(Sector.objects.filter(slug__in=sectors))
    entry.setdefault("text", organisation.name)
    return EntryFactory(group=group, kind="site", organisation=organisation, **entry)


# Only what is published


@pytest.mark.parametrize(
    ("workshop_state", "report_state"),
    [
        ("published", "draft"),
        ("published", "corrections"),
        ("published", None),  # no report at all
        ("draft", "published"),
        ("cancelled", "published"),
    ],
)
def test_research_agenda_leaves_out_workshops_not_published_with_their_report(
    client, workshop_state, report_state
):
    shown = published(title="Open workshop")
    EntryFactory(group=shown, text="Published question")
    hidden_workshop = WorkshopFactory(title="Hidden workshop", state=workshop_state)
    if report_state:
        ReportFactory(workshop=hidden_workshop, state=report_state)
    hidden = GroupFactory(item__workshop=hidden_workshop, name="Hidden group")
    EntryFactory(group=hidden, text="Hidden question")
    EntryFactory(group=hidden, kind="design", text="Hidden design")
    offering(hidden, name="Hidden Organisation", text="Hidden offer")

    agenda = research_agenda(Filters())
    body = page(client)

    assert texts(agenda) == ["Published question"]
    assert sites(agenda) == []
    for secret in ("Hidden workshop", "Hidden group", "Hidden question", "Hidden design"):
        assert secret not in body
    assert "Hidden Organisation" not in body and "Hidden offer" not in body
    assert "Published question" in body


def test_research_agenda_never_shows_a_site_offers_contact_even_to_organisers(client):
    group = published()
    offering(group, contact="Dr Contact, private-contact@example.org, 0113 496 0000")
    client.force_login(OrganiserFactory())

    body = page(client)

    assert "Leeds Community Trust" in body
    assert "private-contact" not in body and "0113 496 0000" not in body
    [offer] = research_agenda(Filters()).sites
    assert "contact" in offer.get_deferred_fields()


def test_research_agenda_shows_only_questions_and_designs_and_sites(client):
    group = published()
    for kind in ("priority", "next_step"):
        EntryFactory(group=group, kind=kind, text=f"A {kind} entry")
    EntryFactory(group=group, kind="question", text="A question")
    EntryFactory(group=group, kind="design", text="A design")

    agenda = research_agenda(Filters())

    assert texts(agenda) == ["A question", "A design"]
    body = page(client)
    assert "A priority entry" not in body and "A next_step entry" not in body


# By theme and level


def test_research_agenda_groups_by_theme_in_order_then_level_with_the_rest_last():
    group = published(theme="The Power of Networks")  # names no theme: "Other themes"
    covid, leadership = theme("covid-19-responses"), theme("leadership-for-equity")
    policy, service = level("policy-level"), level("service-level")
    EntryFactory(group=group, text="Leadership, service", theme=leadership, level=service)
    EntryFactory(group=group, text="Covid, no level", theme=covid)
    EntryFactory(group=group, kind="design", text="Covid design, policy", theme=covid, level=policy)
    EntryFactory(group=group, text="Covid question, policy", theme=covid, level=policy)
    EntryFactory(group=group, text="No theme, service", level=service)
    EntryFactory(group=group, text="Nothing at all")

    assert shape(research_agenda(Filters())) == [
        ("Leadership for equity", [("Service level", ["Leadership, service"])]),
        (
            "COVID-19 responses",
            [
                ("Policy level", ["Covid question, policy", "Covid design, policy"]),
                ("No level given", ["Covid, no level"]),
            ],
        ),
        (
            "Other themes",
            [("Service level", ["No theme, service"]), ("No level given", ["Nothing at all"])],
        ),
    ]


def test_research_agenda_without_a_theme_takes_the_workshops_when_it_names_one():
    numbered = published(theme="Workshop 2: Leadership for Equity", title="Second")
    EntryFactory(group=numbered, text="From the second workshop")
    own = EntryFactory(group=numbered, text="Its own theme", theme=theme("co-production"))
    plain = published(theme="covid-19 RESPONSES", title="Third")
    EntryFactory(group=plain, text="From the third workshop")

    assert shape(research_agenda(Filters())) == [
        ("Leadership for equity", [("No level given", ["From the second workshop"])]),
        ("COVID-19 responses", [("No level given", ["From the third workshop"])]),
        ("Co-production", [("No level given", [own.text])]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leadership for equity", "leadership-for-equity"),
        ("Workshop 2: Leadership for Equity", "leadership-for-equity"),
        ("  COVID-19 Responses ", "covid-19-responses"),
        ("networks-of-networks", "networks-of-networks"),
        ("Workshop 1: Understanding Inequalities", None),
        ("The Power of Networks", None),
        ("", None),
    ],
)
def test_theme_of_workshop_names_a_theme_only_when_the_text_is_one(text, expected):
    themes = list(Theme.objects.all())

    found = theme_of_workshop(text, themes)

    assert (found.slug if found else None) == expected


def test_research_agenda_page_has_a_heading_per_theme_and_level_and_links_the_workshop(client):
    group = published(title="Understandings of Inequality", slug="understandings")
    group.name = "Challenges and good practice"
    group.save()
    EntryFactory(group=group, text="What works?", theme=theme("co-production"))

    body = page(client)

    assert body.count("<h1") == 1
    assert '<a class="nav-link" href="/research-agenda/">Research agenda</a>' in body
    assert re.search(r'<h3 id="theme-co-production">Co-production</h3>', body)
    assert re.search(r'<h4 id="theme-co-production-none" class="h5">No level given</h4>', body)
    link = reverse("breakouts:report", args=["understandings"])
    assert f'<a href="{link}">Understandings of Inequality</a>' in body
    assert "breakout group: Challenges and good practice" in body
    assert "<strong>Research question:</strong> What works?" in body


def test_research_agenda_escapes_what_facilitators_wrote(client):
    group = published()
    EntryFactory(group=group, text='<script>alert("q")</script>\nSecond line')
    offering(group, name="<b>Bold Trust</b>", text="<img src=x onerror=alert(1)>")

    body = page(client)

    assert "<script>alert" not in body and "<b>Bold Trust</b>" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;<br>Second line" in body
    assert "&lt;b&gt;Bold Trust&lt;/b&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


# Research sites


def test_research_agenda_lists_site_offers_by_name_with_the_organisations_sectors(client):
    group = published(title="Site workshop")
    offering(group, name="Zenith Housing", sectors=["housing"])
    offering(group, name="Acorn Health Trust", sectors=["health", "social-care"], text="Clinics")
    EntryFactory(group=group, kind="site", text="Bramley Community Centre")

    agenda = research_agenda(Filters())
    body = page(client)

    assert sites(agenda) == ["Acorn Health Trust", "Bramley Community Centre", "Zenith Housing"]
    assert "Sectors: Health, Social care" in body
    assert "Sectors: Housing" in body
    assert '<p class="mb-1">Clinics</p>' in body


# Filters


@pytest.fixture
def filtered():
    """Questions whose groups discussed different examples, and organisations offering sites."""
    health_age = published(title="First")
    discussed(health_age, groups=["age"], sectors=["health"])
    EntryFactory(group=health_age, text="Older people and health")
    offering(health_age, name="Age Health Trust", groups=["age"], sectors=["health"])
    housing_disability = published(title="Second")
    discussed(housing_disability, groups=["disability"], sectors=["housing"])
    EntryFactory(group=housing_disability, text="Disabled tenants", kind="design")
    offering(housing_disability, name="Access Housing", groups=["disability"], sectors=["housing"])
    private = published(title="Third")
    # Discussed, but not public: it never makes a question match.
    discussed(private, groups=["age"], sectors=["housing"], visibility="organisers")
    discussed(private, groups=["age"], state="submitted")
    EntryFactory(group=private, text="Nothing public discussed")
    EntryFactory(group=private, kind="site", text="Unlisted Group")
    return None


@pytest.mark.parametrize(
    ("chosen", "questions", "offers"),
    [
        (
            {},
            ["Disabled tenants", "Nothing public discussed", "Older people and health"],
            ["Access Housing", "Age Health Trust", "Unlisted Group"],
        ),
        ({"equality_group": "age"}, ["Older people and health"], ["Age Health Trust"]),
        ({"equality_group": "disability"}, ["Disabled tenants"], ["Access Housing"]),
        ({"sector": "housing"}, ["Disabled tenants"], ["Access Housing"]),
        ({"sector": "health"}, ["Older people and health"], ["Age Health Trust"]),
        (
            {"equality_group": "age", "sector": "health"},
            ["Older people and health"],
            ["Age Health Trust"],
        ),
        ({"equality_group": "age", "sector": "housing"}, [], []),
        ({"sector": "no-such-sector"}, [], []),
    ],
)
def test_research_agenda_filters_narrow_questions_and_sites(filtered, chosen, questions, offers):
    agenda = research_agenda(Filters(**chosen))

    assert sorted(texts(agenda)) == questions
    assert sites(agenda) == offers


def test_research_agenda_page_filters_by_the_address_and_says_the_rule(client, filtered):
    body = page(client, {"group": "disability", "sector": "housing"})

    assert "Disabled tenants" in body
    assert "Older people and health" not in body and "Age Health Trust" not in body
    assert '<option value="disability" selected>Disability</option>' in body
    assert '<option value="housing" selected>Housing</option>' in body
    assert '<label for="agenda-group" class="form-label">Equality group</label>' in body
    assert (
        "A research question or design is shown for an equality group or sector when an example "
        "of practice its breakout group discussed names that group or sector"
    ) in body
    assert re.search(r"<p id=\"agenda-count\">1 research question or design</p>", body)


def test_research_agenda_page_says_when_nothing_matches(client, filtered):
    body = page(client, {"group": "sexual-orientation"})

    assert "No research questions or designs match." in body
    assert "No organisation offering to be a research site matches." in body


# Pages, queries and the cache


def test_research_agenda_pages_the_questions_and_the_sites(client, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors, "SITES_PAGE_SIZE", 1)
    group = published()
    for n in range(3):
        EntryFactory(group=group, text=f"Question {n}", position=n)
    offering(group, name="Alpha Trust")
    offering(group, name="Beta Trust")

    first = research_agenda(Filters())
    second = research_agenda(Filters(), page="2", sites_page="2")

    assert (texts(first), sites(first)) == (["Question 0", "Question 1"], ["Alpha Trust"])
    assert (texts(second), sites(second)) == (["Question 2"], ["Beta Trust"])
    body = page(client, {"page": "2", "group": "", "utm_source": "x"})
    assert "Question 2" in body and "Question 0" not in body
    assert 'href="?page=2&amp;sites=2#sites-heading"' in body


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("chosen", [{}, {"group": "age", "sector": "health"}])
def test_research_agenda_queries_fixed_whatever_the_data(
    client, django_assert_num_queries, django_assert_max_num_queries, count, chosen
):
    for n in range(count):
        group = published(title=f"Workshop {n}", theme="Leadership for equity")
        discussed(group, groups=["age"], sectors=["health"])
        EntryFactory(group=group, text=f"Question {n}", level=level("policy-level"))
        EntryFactory(group=group, kind="design", text=f"Design {n}", theme=theme("co-production"))
        offering(group, name=f"Trust {n}", groups=["age"], sectors=["health", "housing"])

    # The vocabularies; the workshops' themes; the entries' count and page; the offers' count,
    # page and their organisations' sectors.
    with django_assert_num_queries(7), django_assert_max_num_queries(7):
        body = page(client, chosen)
    with django_assert_num_queries(0):  # the next visitor gets the cached page
        page(client, chosen)

    assert body.count("<strong>Research question:</strong>") == count
    assert body.count("Offered at") == count


def test_research_agenda_is_built_without_the_cache_when_it_is_down(client, cache_down):
    EntryFactory(group=published(), text="Built all the same")

    assert "Built all the same" in page(client)


def test_research_agenda_is_built_afresh_when_a_report_is_published(
    client, django_capture_on_commit_callbacks
):
    shown = published()
    EntryFactory(group=shown, text="Shown from the start")
    report = ReportFactory(workshop=WorkshopFactory(), state="draft")
    EntryFactory(group=GroupFactory(item__workshop=report.workshop), text="Shown once published")
    assert "Shown once published" not in page(client)

    with django_capture_on_commit_callbacks(execute=True):
        report.state = "published"
        report.save()

    assert "Shown once published" in page(client)


def test_research_agenda_is_built_afresh_when_an_example_is_classified(
    client, django_capture_on_commit_callbacks
):
    group = published()
    example = discussed(group)
    EntryFactory(group=group, text="About age, it turns out")
    assert "About age, it turns out" not in page(client, {"group": "age"})

    with django_capture_on_commit_callbacks(execute=True):
        example.groups.add(EqualityGroup.objects.get(slug="age"))

    assert "About age, it turns out" in page(client, {"group": "age"})


# Recording a question's place on the agenda


def test_a_research_question_is_recorded_with_its_level_and_theme(client, facilitator):
    group = GroupFactory(facilitators=[facilitator])
    client.force_login(facilitator)
    policy, covid = level("policy-level"), theme("covid-19-responses")

    answer = client.post(
        reverse("breakouts:save", args=[group.pk]),
        {
            "part": "entry:new:question:k1",
            "version": "0",
            "text": "Who lost access to services when they moved online?",
            "level": str(policy.pk),
            "theme": str(covid.pk),
        },
        headers={"accept": "application/json"},
    )

    assert answer.status_code == 200
    entry = Entry.objects.get()
    assert (entry.kind, entry.level, entry.theme) == ("question", policy, covid)
    [revision] = group.revisions.all()
    assert (revision.content["level_id"], revision.content["theme_id"]) == (policy.pk, covid.pk)
    page = client.get(reverse("breakouts:record", args=[group.pk])).content.decode()
    anchor = f"entry-{entry.pk}"
    assert f'<option value="{policy.pk}" selected>Policy level</option>' in page
    assert f'<option value="{covid.pk}" selected>COVID-19 responses</option>' in page
    assert f'id="id_{anchor}_level"' in page and f'id="id_{anchor}_theme"' in page


def test_a_research_design_with_an_unknown_theme_is_refused(client, facilitator):
    group = GroupFactory(facilitators=[facilitator])
    client.force_login(facilitator)

    answer = client.post(
        reverse("breakouts:save", args=[group.pk]),
        {"part": "entry:new:design:k1", "version": "0", "text": "A design", "theme": "999999"},
        headers={"accept": "application/json"},
    )

    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["theme"]
    assert Entry.objects.count() == 0


def test_load_demo_places_the_june_workshops_questions_and_designs_on_the_agenda():
    call_command("load_demo", stdout=StringIO())

    entries = Entry.objects.filter(
        group__workshop__slug="understandings-of-inequality-2020-06-24",
        kind__in=["question", "design"],
    ).order_by("group__position", "pk")
    assert [
        (entry.text[:30], getattr(entry.level, "slug", None), getattr(entry.theme, "slug", None))
        for entry in entries
    ] == [
        ("Which COVID-19 policies and pr", "policy-level", "covid-19-responses"),
        ("What stops practitioners actin", "service-level", "understandings-of-inequality"),
        ("What does inclusion in public ", "service-level", "understandings-of-inequality"),
        ("Implementation research alongs", "research-design", "co-production"),
        ("Participatory research with pe", "research-design", "co-production"),
        ("Which interventions for inters", None, "poverty-and-social-exclusion"),
    ]
