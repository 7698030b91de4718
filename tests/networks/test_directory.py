"""The directory: its lists (search, each filter, pages, the cache), the pages of a
partnership, a network and an organisation, and editing them: who may, and what is kept
from whom (organisations' contacts, people's email addresses)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    EqualityGroupFactory,
    MaterialFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganiserFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReportFactory,
    SectorFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def names(content: str, kind: str = "network") -> list[str]:
    """The names of the cards listed, in order."""
    return re.findall(
        rf'<h[23] class="h5 card-title" id="{kind}-\d+"><a href="[^"]+">([^<]+)</a>', content
    )


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params).content.decode()


@pytest.fixture
def coordinator():
    return UserFactory(display_name="Chidi Okafor", email="chidi@example.org")


@pytest.fixture
def network(coordinator):
    network = NetworkFactory(name="Leeds Equality Network", city="Leeds")
    # From the person's side, so the person in hand has the roles' new time, as their next
    # sign-in would read it (appointing them moves it on: networks/roles.py).
    coordinator.coordinated_networks.add(network)
    return network


# The lists


def test_directory_shows_partnerships_with_their_networks_then_the_list(client):
    partnership = PartnershipFactory(name="Partnerships for Social Justice")
    NetworkFactory(name="Leeds Equality Network", partnership=partnership)
    NetworkFactory(name="Equal England", partnership=partnership)
    NetworkFactory(name="Disability Forum", partnership=None)

    content = get(client, "networks:directory")

    top = content.index("Partnerships for Social Justice</a></h2>")
    assert top < content.index("Find a network")
    assert content.index('">Equal England</a></li>') < content.index(
        '">Leeds Equality Network</a></li>'
    )
    assert names(content) == ["Disability Forum", "Equal England", "Leeds Equality Network"]
    assert '<p id="result-count" aria-live="polite">3 networks</p>' in content


def test_directory_search_finds_words_in_the_name_or_the_description(client):
    NetworkFactory(name="Leeds Equality Network", description="Academics and public services.")
    NetworkFactory(name="Equal England", description="Working on race and poverty.")
    NetworkFactory(name="Health Forum", description="Health inequalities.")

    assert names(get(client, "networks:directory", q="leeds")) == ["Leeds Equality Network"]
    assert names(get(client, "networks:directory", q="POVERTY")) == ["Equal England"]
    assert names(get(client, "networks:directory", q="nothing like it")) == []


def test_directory_each_filter_narrows_the_networks(client):
    health, housing = SectorFactory(name="Health care"), SectorFactory(name="Housing support")
    disability = EqualityGroupFactory(name="Disabled people")
    leeds = NetworkFactory(name="Leeds Network", city="Leeds", region="Yorkshire")
    leeds.sectors.add(health)
    leeds.equality_groups.add(disability)
    sheffield = NetworkFactory(name="Sheffield Network", city="Sheffield", region="Yorkshire")
    sheffield.sectors.add(housing)
    NetworkFactory(name="Scottish Network", region="Scotland")

    assert names(get(client, "networks:directory", sector=health.slug)) == ["Leeds Network"]
    assert names(get(client, "networks:directory", group=disability.slug)) == ["Leeds Network"]
    assert names(get(client, "networks:directory", place="Yorkshire")) == [
        "Leeds Network",
        "Sheffield Network",
    ]
    assert names(get(client, "networks:directory", place="Sheffield")) == ["Sheffield Network"]
    assert names(get(client, "networks:directory", place="Yorkshire", sector=housing.slug)) == [
        "Sheffield Network"
    ]


def test_directory_filters_are_labelled_selects_in_the_address(client):
    NetworkFactory(name="Leeds Network", city="Leeds", region="Yorkshire")

    content = get(client, "networks:directory", place="Leeds")

    assert '<form method="get"' in content
    for field, label in (
        ("q", "Search by name or description"),
        ("sector", "Public service sector"),
        ("group", "Equality group"),
        ("place", "Region, town or city"),
    ):
        assert f'<label for="id_{field}" class="form-label">{label}</label>' in content
    assert '<option value="Leeds" selected>Leeds</option>' in content
    assert '<option value="Yorkshire">Yorkshire</option>' in content


def test_directory_choice_not_on_offer_finds_nothing_and_says_so(client):
    NetworkFactory(name="Leeds Network")

    content = get(client, "networks:directory", sector="no-such-sector")

    assert names(content) == []
    assert "There is a problem" in content
    assert 'href="#id_sector"' in content


def test_directory_pages_of_25(client):
    for n in range(26):
        NetworkFactory(name=f"Network {n:02d}", partnership=None)

    first = get(client, "networks:directory")
    second = get(client, "networks:directory", page="2")

    assert len(names(first)) == 25
    assert names(second) == ["Network 25"]
    assert "26 networks" in first
    assert 'href="?page=2">Next page</a>' in first


@pytest.mark.parametrize("count", [1, 3])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, count):
    sector, group = SectorFactory(), EqualityGroupFactory()
    for _ in range(count):
        partnership = PartnershipFactory()
        for network in NetworkFactory.create_batch(2, partnership=partnership, city="Leeds"):
            network.sectors.add(sector)
            network.equality_groups.add(group)
    # Sectors, groups, places; the count, the page, its sectors and groups; the
    # partnerships and their networks.
    with django_assert_num_queries(9):
        assert client.get(reverse("networks:directory"), {"q": "network"}).status_code == 200


def test_directory_is_cached_for_visitors_and_built_afresh_after_an_edit(
    client, network, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert "Leeds Equality Network" in get(client, "networks:directory")
    with django_assert_num_queries(0):
        assert "Leeds Equality Network" in get(client, "networks:directory")

    with django_capture_on_commit_callbacks(execute=True):
        network.name = "Leeds Equalities Network"
        network.save()

    assert "Leeds Equalities Network" in get(client, "networks:directory")


def test_organisations_each_filter_narrows(client):
    health, disability = SectorFactory(name="Health care"), EqualityGroupFactory(name="Disabled")
    leeds = OrganisationFactory(
        name="University of Leeds", kind="academic", city="Leeds", research_site=True
    )
    leeds.sectors.add(health)
    friendly = OrganisationFactory(
        name="The Friendly Information Company", kind="voluntary", description="Run by people "
        "with a range of disabilities.", region="Scotland"
    )  # fmt: skip
    friendly.equality_groups.add(disability)
    OrganisationFactory(name="Lottery Fund", kind="funder")
    url = "networks:organisations"

    assert names(get(client, url), "organisation") == [
        "Lottery Fund",
        "The Friendly Information Company",
        "University of Leeds",
    ]
    assert names(get(client, url, q="disabilities"), "organisation") == [
        "The Friendly Information Company"
    ]
    assert names(get(client, url, kind="funder"), "organisation") == ["Lottery Fund"]
    assert names(get(client, url, research_site="yes"), "organisation") == ["University of Leeds"]
    assert names(get(client, url, sector=health.slug), "organisation") == ["University of Leeds"]
    assert names(get(client, url, group=disability.slug), "organisation") == [
        "The Friendly Information Company"
    ]
    assert names(get(client, url, place="Scotland"), "organisation") == [
        "The Friendly Information Company"
    ]
    content = get(client, url, kind="voluntary")
    assert '<option value="voluntary" selected>' in content
    assert '<label for="id_research_site" class="form-label">Research sites</label>' in content


def test_organisations_pages_of_25(client):
    for n in range(27):
        OrganisationFactory(name=f"Organisation {n:02d}")

    assert len(names(get(client, "networks:organisations"), "organisation")) == 25
    assert names(get(client, "networks:organisations", page="2"), "organisation") == [
        "Organisation 25",
        "Organisation 26",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_organisations_query_count_does_not_grow(client, django_assert_num_queries, count):
    sector = SectorFactory()
    for organisation in OrganisationFactory.create_batch(count, city="Leeds"):
        organisation.sectors.add(sector)
    # Sectors, groups, places; the count, the page, its sectors and groups.
    with django_assert_num_queries(7):
        assert client.get(reverse("networks:organisations")).status_code == 200


# The pages


def test_partnership_page_shows_aims_impacts_networks_and_workshops(client):
    partnership = PartnershipFactory(
        name="Partnerships for Social Justice",
        aims="We will develop ideas for future research.\n- new collaborations",
        impacts="1. Increased awareness of inequity issues",
    )
    NetworkFactory(name="Equal England", partnership=partnership)
    workshop = WorkshopFactory(title="Understandings of Inequality", partnership=partnership)
    MaterialFactory(workshop=workshop, title="Slides of the welcome")

    content = get(client, "networks:partnership", partnership.slug)

    assert "<h1>Partnerships for Social Justice" in content
    assert "<li>new collaborations</li>" in content
    assert "<li>Increased awareness of inequity issues</li>" in content
    assert ">Equal England</a></h3>" in content
    assert ">Understandings of Inequality</a></h3>" in content
    assert ">Slides of the welcome</a>" in content


@pytest.mark.parametrize("count", [1, 3])
def test_partnership_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    partnership = PartnershipFactory()
    for network in NetworkFactory.create_batch(count, partnership=partnership):
        network.sectors.add(SectorFactory())
        for workshop in WorkshopFactory.create_batch(count, partnership=partnership):
            MaterialFactory.create_batch(count, workshop=workshop)
    # The partnership, its networks, their sectors and groups; its workshops and materials.
    with django_assert_num_queries(6):
        assert (
            client.get(reverse("networks:partnership", args=[partnership.slug])).status_code == 200
        )


def test_network_page_shows_everything_and_names_never_emails(client, network, coordinator):
    network.description = "Academic, voluntary sector and public sector staff."
    network.website = "https://example.org/leeds"
    network.contact_email = "hello@leeds-equality.example.org"
    network.region = "Yorkshire and the Humber"
    network.save()
    network.sectors.add(SectorFactory(name="Health care"))
    network.equality_groups.add(EqualityGroupFactory(name="Disabled people"))
    network.organisations.add(OrganisationFactory(name="Leeds Poverty Truth Commission"))
    MembershipFactory(network=network, person=UserFactory(display_name="Amina Yusuf"))
    MembershipFactory(network=network, person=UserFactory(display_name="", email="hidden@x.org"))
    MembershipFactory(
        network=network,
        person=UserFactory(display_name="Left Already"),
        left_at=timezone.now(),
    )

    content = get(client, "networks:network", network.slug)

    assert "<h1>Leeds Equality Network" in content
    assert "Academic, voluntary sector and public sector staff." in content
    assert '<a href="https://example.org/leeds" rel="noopener">' in content
    assert "mailto:hello@leeds-equality.example.org" in content
    assert "Leeds, Yorkshire and the Humber" in content
    assert "Health care" in content and "Disabled people" in content
    assert ">Leeds Poverty Truth Commission</a></li>" in content
    assert ">Chidi Okafor<" in content.replace(">\n", ">")
    assert "<p>2 members</p>" in content
    assert '<li class="list-inline-item">Amina Yusuf</li>' in content
    assert "and 1 more, not named here." in content
    assert "Left Already" not in content
    assert "chidi@example.org" not in content and "hidden@x.org" not in content
    assert "Sign in to ask to join" in content
    assert network.partnership.name in content


def test_network_page_shows_its_published_workshops_and_public_materials(client, network):
    shown = WorkshopFactory(title="Leadership for Equity")
    shown.networks.add(network)
    MaterialFactory(workshop=shown, title="Public slides")
    MaterialFactory(workshop=shown, title="Registrants' recording", visibility="registrants")
    draft = WorkshopFactory(title="A draft workshop", state="draft")
    draft.networks.add(network)
    WorkshopFactory(title="Another network's workshop").networks.add(NetworkFactory())

    content = get(client, "networks:network", network.slug)

    assert ">Leadership for Equity</a></h3>" in content
    assert ">Public slides</a>" in content
    assert "Registrants&#x27; recording" not in content and "Registrants' recording" not in content
    assert "A draft workshop" not in content
    assert "Another network&#x27;s workshop" not in content


def test_network_page_shows_the_public_recommendations_it_owns(client, network):
    published = WorkshopFactory(title="More United than Divided")
    ReportFactory(workshop=published, state="published", published_at=timezone.now())
    owned = RecommendationFactory(
        group__item__workshop=published, owner_network=network, text="Pool resources."
    )
    draft = WorkshopFactory(title="Draft report workshop")
    ReportFactory(workshop=draft)
    RecommendationFactory(group__item__workshop=draft, owner_network=network, text="Not yet.")
    RecommendationFactory(group__item__workshop=published, text="Someone else's.")

    content = get(client, "networks:network", network.slug)

    assert f'<a href="/recommendations/{owned.pk}/">Pool resources.</a>' in content
    assert "Proposed" in content
    assert "Not yet." not in content
    assert "Someone else" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_network_page_query_count_does_not_grow(client, network, django_assert_num_queries, count):
    for _ in range(count):
        network.organisations.add(OrganisationFactory())
        network.sectors.add(SectorFactory())
        network.coordinators.add(UserFactory())
        MembershipFactory(network=network)
        workshop = WorkshopFactory()
        workshop.networks.add(network)
        MaterialFactory.create_batch(count, workshop=workshop)
    # The network (with its member count), its sectors, groups, organisations and
    # coordinators; the names of its members; its workshops and their materials; the
    # recommendations it owns; the collaborations it takes part in.
    with django_assert_num_queries(10):
        assert client.get(reverse("networks:network", args=[network.slug])).status_code == 200


def test_network_page_for_its_coordinator_links_to_editing_and_requests(
    client, network, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        content = get(client, "networks:network", network.slug)

    assert f'href="/networks/{network.slug}/edit/"' in content
    assert "Requests to join: 0 waiting" in content


def test_organisation_page_shows_its_entry_and_networks(client):
    organisation = OrganisationFactory(
        name="Scottish Youth Parliament",
        kind="voluntary",
        country="Scotland",
        research_site=True,
        open_to_collaboration=False,
        contact_name="Ruchir Shah",
        contact_email="ruchir@example.org",
    )
    organisation.equality_groups.add(EqualityGroupFactory(name="Young people"))
    NetworkFactory(name="Equal England").organisations.add(organisation)

    content = get(client, "networks:organisation", organisation.slug)

    assert "<h1>Scottish Youth Parliament</h1>" in content
    assert "Voluntary or community organisation" in content
    assert "Scotland" in content and "Young people" in content
    assert re.search(r"research site</dt><dd[^>]*>Yes</dd>", content)
    assert re.search(r"Open to collaboration</dt><dd[^>]*>No</dd>", content)
    assert ">Equal England</a></li>" in content


@pytest.mark.parametrize("count", [1, 3])
def test_organisation_page_query_count_does_not_grow(client, django_assert_num_queries, count):
    organisation = OrganisationFactory()
    for _ in range(count):
        organisation.sectors.add(SectorFactory())
        NetworkFactory().organisations.add(organisation)
    with django_assert_num_queries(4):  # the organisation, its sectors, groups and networks
        assert (
            client.get(reverse("networks:organisation", args=[organisation.slug])).status_code
            == 200
        )


@pytest.mark.parametrize("who", ["anonymous", "participant", "coordinator"])
def test_organisation_contact_is_never_shown_to_anyone_but_organisers(
    client, network, coordinator, who
):
    organisation = OrganisationFactory(contact_name="Ruchir Shah", contact_email="r@example.org")
    network.organisations.add(organisation)
    # An organiser's visit first: nothing of theirs may reach a page cached for others.
    client.force_login(OrganiserFactory())
    organiser_view = get(client, "networks:organisation", organisation.slug)
    assert "Ruchir Shah" in organiser_view and "r@example.org" in organiser_view
    client.logout()
    client.cookies.clear()
    if who != "anonymous":
        client.force_login(coordinator if who == "coordinator" else UserFactory())

    pages = [
        get(client, "networks:organisation", organisation.slug),
        get(client, "networks:organisations"),
        get(client, "networks:network", network.slug),
    ]

    for content in pages:
        assert "Ruchir Shah" not in content
        assert "r@example.org" not in content
    assert "Contact (organisers only)" not in pages[0]


def test_text_people_type_is_escaped_and_never_made_a_link(client):
    network = NetworkFactory(
        name="<script>alert(1)</script> Network",
        description="See https://evil.example.org <b>now</b>",
    )
    MembershipFactory(network=network, person=UserFactory(display_name="<i>Mallory</i>"))

    for content in (
        get(client, "networks:directory"),
        get(client, "networks:network", network.slug),
    ):
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Network" in content
        assert "<b>now</b>" not in content
        assert 'href="https://evil.example.org' not in content
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in get(client, "networks:network", network.slug)


def test_unknown_addresses_are_404(client):
    for name in ("networks:network", "networks:partnership", "networks:organisation"):
        assert client.get(reverse(name, args=["no-such-thing"])).status_code == 404
