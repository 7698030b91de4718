"""The network picture: its graph, the bridges, the drawing (valid SVG) and the text list with
the same links, on a small directory whose answer is known."""

import re
import threading
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse

from networks.pages import PICTURE
from networks.selectors.picture import bridges, directory_graph, picture
from networks.views import picture as picture_views
from socialjustice.pagecache import building_lock, cached
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def directory(db):
    """Alpha and Beta share two organisations (X and W); Beta and Gamma share only Y; Gamma
    and Delta share only U; a collaboration joins Alpha and Delta (and Z). So Y and U are
    bridges; X and W are not (Alpha and Beta meet through either)."""
    alpha, beta, gamma, delta = (
        NetworkFactory(name=f"{name} Network") for name in ("Alpha", "Beta", "Gamma", "Delta")
    )
    org = {name: OrganisationFactory(name=f"Org {name}") for name in "XWYZVU"}
    OrganisationFactory(name="Org Alone")  # in no network and no collaboration
    for network, names in ((alpha, "XW"), (beta, "XWY"), (gamma, "YZU"), (delta, "VU")):
        network.organisations.add(*(org[name] for name in names))
    CollaborationFactory(title="Joint work", networks=[alpha, delta], organisations=[org["Z"]])
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta, **org}


def names(graph, edge):
    return tuple(sorted(graph.nodes[node]["name"] for node in edge))


def test_the_graph_has_the_networks_organisations_collaborations_and_their_links(directory):
    graph = directory_graph()

    assert sorted(data["name"] for _node, data in graph.nodes(data=True)) == [
        "Alpha Network",
        "Beta Network",
        "Delta Network",
        "Gamma Network",
        "Joint work",
        "Org U",
        "Org V",
        "Org W",
        "Org X",
        "Org Y",
        "Org Z",
    ]
    assert sorted((names(graph, (a, b)), kind) for a, b, kind in graph.edges(data="kind")) == [
        (("Alpha Network", "Joint work"), "collaboration"),
        (("Alpha Network", "Org W"), "member"),
        (("Alpha Network", "Org X"), "member"),
        (("Beta Network", "Org W"), "member"),
        (("Beta Network", "Org X"), "member"),
        (("Beta Network", "Org Y"), "member"),
        (("Delta Network", "Joint work"), "collaboration"),
        (("Delta Network", "Org U"), "member"),
        (("Delta Network", "Org V"), "member"),
        (("Gamma Network", "Org U"), "member"),
        (("Gamma Network", "Org Y"), "member"),
        (("Gamma Network", "Org Z"), "member"),
        (("Joint work", "Org Z"), "collaboration"),
    ]


def test_the_bridges_are_the_organisations_between_networks_that_do_not_meet(directory):
    found = bridges(directory_graph())

    assert [(b.name, b.networks, b.apart) for b in found] == [
        ("Org Y", ["Beta Network", "Gamma Network"], [("Beta Network", "Gamma Network")]),
        ("Org U", ["Delta Network", "Gamma Network"], [("Delta Network", "Gamma Network")]),
    ]
    # Betweenness on the networks and the organisations in two or more: 8 nodes, 21 pairs of
    # them. Y lies on the shortest paths of 12 pairs (Alpha, X, W, Beta to Gamma, U, Delta),
    # U on 6 (everything to Delta): normalised by 2 / (7 × 6), 0.5714 and 0.2857.
    assert [b.score for b in found] == [0.5714, 0.2857]


def test_a_collaboration_means_networks_meet(directory):
    CollaborationFactory(networks=[directory["beta"], directory["gamma"]])
    assert [b.name for b in bridges(directory_graph())] == ["Org U"]


def test_the_picture_keeps_the_most_connected_nodes(directory):
    drawn = picture(limit=3)

    assert [node.name for node in drawn.nodes] == ["Alpha Network", "Beta Network", "Delta Network"]
    assert drawn.edges == []
    assert (drawn.total_nodes, drawn.total_edges, drawn.shows_everything) == (11, 13, False)
    for node in drawn.nodes:
        assert 0 <= node.x <= drawn.width and 0 <= node.y <= drawn.height


def _svg(content: str) -> ET.Element:
    # The portal's own page, not untrusted input.
    return ET.fromstring(re.search(r"<svg .*?</svg>", content, re.S).group(0))  # noqa: S314


def _listed(content: str) -> set[tuple[str, str]]:
    """The links the text list gives, as (network or collaboration, name) pairs."""
    pairs = set()
    item = re.compile(
        r"<strong>(.*?)</strong></a>\s*<ul>\s*<li>(?:Organisations|Networks): (.*?)</li>\s*"
        r"<li>(?:Collaborations|Organisations): (.*?)</li>",
        re.S,
    )
    for name, first, second in item.findall(content):
        for cell in (first, second):
            for other in re.sub(r"<[^>]+>", "", cell).split("; "):
                if other.strip() and other.strip() != "none yet":
                    pairs.add(tuple(sorted((unescape(name), unescape(other.strip())))))
    return pairs


def test_the_drawing_is_valid_svg_and_the_text_list_has_the_same_links(client, directory):
    content = client.get(reverse("networks:picture")).content.decode()

    svg = _svg(content)
    assert svg.get("role") == "img"
    assert svg.get("viewBox") == "0 0 1000 720"
    assert svg.find(f"{SVG}title").text == "The networks, their organisations and collaborations"
    assert svg.find(f"{SVG}desc").text.startswith("A drawing of 11 networks")
    labels = {text.text for text in svg.iter(f"{SVG}text")}
    assert "Org Y" in labels and "Joint work" in labels and "Org Alone" not in labels
    keyed = {
        g.get("data-key"): g.find(f"{SVG}title").text
        for g in svg.iter(f"{SVG}g")
        if g.get("data-key")
    }
    drawn = {
        tuple(sorted((keyed[line.get("data-source")], keyed[line.get("data-target")])))
        for line in svg.iter(f"{SVG}line")
    }
    graph = directory_graph()
    assert drawn == {names(graph, edge) for edge in graph.edges()}
    assert _listed(content) == drawn
    assert "Org Y</a> connects Beta Network, Gamma Network." in content
    assert "Beta Network and Gamma Network could work together." in content


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_takes_the_same_queries_whatever_the_size(
    client, count, django_assert_num_queries
):
    for _n in range(count):
        network = NetworkFactory()
        network.organisations.add(OrganisationFactory(), OrganisationFactory())
        CollaborationFactory(networks=[network])

    # The graph (6); the text list: its count, its networks, their organisations and
    # collaborations (4); the collaborations with their networks and organisations (3).
    with django_assert_num_queries(13):
        first = client.get(reverse("networks:picture"))
    # Anonymous visitors get the kept page.
    with django_assert_num_queries(0):
        again = client.get(reverse("networks:picture"))
    assert again.content == first.content


def test_the_picture_changes_when_a_network_gains_an_organisation(
    client, directory, django_capture_on_commit_callbacks
):
    assert "Org Alone" not in client.get(reverse("networks:picture")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        directory["alpha"].organisations.add(OrganisationFactory(name="Newcomer Group"))
    assert "Newcomer Group" in client.get(reverse("networks:picture")).content.decode()


def test_the_text_list_is_paginated(client):
    for n in range(21):
        NetworkFactory(name=f"Network {n:02}")
    first, second = (
        client.get(reverse("networks:picture") + query)
        .content.decode()
        .split('id="links-heading"')[1]
        for query in ("", "?page=2")
    )
    assert "Network 19" in first and "Network 20" not in first
    assert "Network 20" in second and "Page 2 of 2" in second


def test_an_empty_directory_draws_nothing(client):
    content = client.get(reverse("networks:picture")).content.decode()
    assert "There is nothing to draw yet" in content
    assert "No organisation bridges networks that do not meet otherwise." in content
    _svg(content)


def test_a_person_joining_a_network_keeps_the_drawing(
    client, directory, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = client.get(reverse("networks:picture")).content
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(network=directory["alpha"])
    # The directory's pages are built again (they count members); the picture's layout and
    # its links, which no person is in, are not: the page asks for neither.
    with django_assert_num_queries(0):
        again = client.get(reverse("networks:picture"))
    assert again.content == first


def test_a_request_waits_for_the_one_laying_out_the_picture(client, directory, monkeypatch):
    monkeypatch.setattr(picture_views, "WAIT_SECONDS", 10.0)
    lock = building_lock((PICTURE,), "picture")
    assert cache.add(lock, "another request", timeout=30)
    laid_out = []
    monkeypatch.setattr(picture_views.selectors, "picture", lambda: laid_out.append(1))
    answers = []
    waiting = threading.Thread(
        target=lambda: answers.append(client.get(reverse("networks:picture")))
    )
    waiting.start()
    waiting.join(timeout=0.3)
    assert waiting.is_alive()  # it waits rather than lay the picture out a second time

    # The other request finishes.
    cached((PICTURE,), "picture", build=lambda: "Drawn by the other request")
    cache.delete(lock)
    waiting.join(timeout=10)
    assert laid_out == []
    assert "Drawn by the other request" in answers[0].content.decode()
