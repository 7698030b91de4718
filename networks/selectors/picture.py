"""The network picture: networks, organisations and collaborations as one graph, laid out on
the server with networkx, the organisations that bridge networks, and the same links as a
text list.

The graph is read in six queries, whatever its size: the networks, the collaborations, the
organisations in either, and the three tables that link them. The picture shows the most
connected nodes only (`MAX_NODES`: more would not be readable on a phone); the text list
has every link, a page of networks at a time.
"""

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ..models import Collaboration, Network, Organisation

MAX_NODES = 60
MAX_BRIDGES = 5
# Betweenness takes time that grows with nodes times links (a walk of the whole graph from
# each source): past EXACT_UP_TO nodes it is estimated from SOURCES of them (networkx's `k`),
# with a fixed seed so it stays the same. With 20,000 organisations (8,400 nodes in two or
# more networks) 400 sources took 16 s of a request and 50 take 2 s (bench/networks.py).
EXACT_UP_TO = 400
SOURCES = 50
WIDTH, HEIGHT = 1000, 720
MARGIN = 40
LABEL_LENGTH = 28
KIND_ORDER = {"network": 0, "collaboration": 1, "organisation": 2}

Memberships = Network.organisations.through
CollaborationNetworks = Collaboration.networks.through
CollaborationOrganisations = Collaboration.organisations.through


def key(kind: str, pk: int) -> str:
    """A node's name in the graph: n12 (network 12), o5, c3."""
    return f"{kind[0]}{pk}"


@dataclass(frozen=True)
class Node:
    key: str
    kind: str
    name: str
    slug: str
    degree: int
    x: float = 0.0
    y: float = 0.0

    @property
    def left(self) -> float:
        return round(self.x - 12, 1)  # a collaboration's square, 24 wide, centred

    @property
    def top(self) -> float:
        return round(self.y - 12, 1)

    @property
    def anchor(self) -> str:
        """Labels go towards the middle, so none runs off the picture's edge."""
        return "end" if self.x > WIDTH / 2 else "start"

    @property
    def label_dx(self) -> int:
        gap = 13 if self.kind == "organisation" else 21
        return -gap if self.anchor == "end" else gap

    @property
    def label(self) -> str:
        if len(self.name) <= LABEL_LENGTH:
            return self.name
        return self.name[: LABEL_LENGTH - 1].rstrip() + "…"


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    kind: str  # "member" (an organisation in a network) or "collaboration"


@dataclass(frozen=True)
class Bridge:
    """An organisation in networks that otherwise do not meet: no other organisation is in
    both, and no collaboration has both."""

    name: str
    slug: str
    score: float
    networks: list[str]
    apart: list[tuple[str, str]]


@dataclass
class Picture:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    total_nodes: int = 0
    total_edges: int = 0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def shows_everything(self) -> bool:
        return len(self.nodes) == self.total_nodes


def linked_organisations() -> QuerySet[Organisation]:
    """Organisations in a network or a collaboration: the others have no link to draw."""
    return Organisation.objects.filter(
        Exists(Memberships.objects.filter(organisation=OuterRef("pk")))
        | Exists(CollaborationOrganisations.objects.filter(organisation=OuterRef("pk")))
    )


def directory_graph() -> nx.Graph:
    """The whole graph: each node has its kind, name and slug; each edge its kind."""
    graph = nx.Graph()
    for kind, rows in (
        ("network", Network.objects.values_list("pk", "name", "slug")),
        ("collaboration", Collaboration.objects.values_list("pk", "title", "slug")),
        ("organisation", linked_organisations().values_list("pk", "name", "slug")),
    ):
        for pk, name, slug in rows:
            graph.add_node(key(kind, pk), kind=kind, name=name, slug=slug)
    for through, (a, b), kind in (
        (Memberships, ("network", "organisation"), "member"),
        (CollaborationNetworks, ("collaboration", "network"), "collaboration"),
        (CollaborationOrganisations, ("collaboration", "organisation"), "collaboration"),
    ):
        for first, second in through.objects.values_list(f"{a}_id", f"{b}_id"):
            graph.add_edge(key(a, first), key(b, second), kind=kind)
    return graph


def bridges(graph: nx.Graph, *, limit: int = MAX_BRIDGES) -> list[Bridge]:
    """The organisations that connect networks which otherwise do not meet, most central
    first: betweenness centrality on the graph of networks and the organisations in two or
    more of them (an organisation in one network lies on no path between networks)."""
    kinds = nx.get_node_attributes(graph, "kind")
    core = nx.Graph()
    for node, kind in kinds.items():
        if kind != "organisation":
            continue
        networks = [n for n in graph[node] if kinds[n] == "network"]
        if len(networks) >= 2:
            core.add_edges_from((node, network) for network in networks)
    if not core:
        return []
    sample = None if len(core) <= EXACT_UP_TO else SOURCES
    scores = nx.betweenness_centrality(core, k=sample, seed=0)
    together = {
        frozenset(pair)
        for collaboration, kind in kinds.items()
        if kind == "collaboration"
        for pair in combinations(
            sorted(n for n in graph[collaboration] if kinds[n] == "network"), 2
        )
    }
    found = []
    for node in core:
        if kinds[node] != "organisation" or scores[node] <= 0:
            continue
        networks = sorted(core[node], key=lambda n: graph.nodes[n]["name"])
        apart = [
            (graph.nodes[a]["name"], graph.nodes[b]["name"])
            for a, b in combinations(networks, 2)
            if frozenset((a, b)) not in together and not (set(core[a]) & set(core[b])) - {node}
        ]
        if apart:
            found.append(
                Bridge(
                    name=graph.nodes[node]["name"],
                    slug=graph.nodes[node]["slug"],
                    score=round(scores[node], 4),
                    networks=[graph.nodes[n]["name"] for n in networks],
                    apart=apart,
                )
            )
    found.sort(key=lambda bridge: (-bridge.score, bridge.name.casefold()))
    return found[:limit]


def _most_connected(graph: nx.Graph, limit: int) -> list[str]:
    def order(node):
        data = graph.nodes[node]
        return (-graph.degree(node), KIND_ORDER[data["kind"]], data["name"].casefold(), node)

    return sorted(graph, key=order)[:limit]


def _positions(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Where each node goes in the picture's box, from networkx's spring layout (a fixed
    seed: the same directory always gives the same picture)."""
    if len(graph) == 0:
        return {}
    if len(graph) == 1:
        return {next(iter(graph)): (WIDTH / 2, HEIGHT / 2)}
    layout = nx.spring_layout(graph, seed=7, iterations=200)
    xs = [float(x) for x, _y in layout.values()]
    ys = [float(y) for _x, y in layout.values()]
    spread_x, spread_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    room_x, room_y = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def place(x, y):
        return (
            round(MARGIN + (float(x) - min(xs)) / spread_x * room_x, 1),
            round(MARGIN + (float(y) - min(ys)) / spread_y * room_y, 1),
        )

    return {node: place(x, y) for node, (x, y) in layout.items()}


def picture(graph: nx.Graph | None = None, *, limit: int = MAX_NODES) -> Picture:
    """The picture of the most connected `limit` nodes and the links between them, with
    the bridges of the whole graph."""
    graph = directory_graph() if graph is None else graph
    shown = graph.subgraph(_most_connected(graph, limit))
    positions = _positions(shown)
    nodes = {}
    for node in _most_connected(shown, limit):
        data = shown.nodes[node]
        x, y = positions[node]
        nodes[node] = Node(node, data["kind"], data["name"], data["slug"], graph.degree(node), x, y)
    edges = [
        Edge(nodes[a], nodes[b], kind)
        for a, b, kind in sorted(shown.edges(data="kind"), key=lambda edge: (edge[0], edge[1]))
    ]
    return Picture(
        nodes=list(nodes.values()),
        edges=edges,
        bridges=bridges(graph),
        total_nodes=graph.number_of_nodes(),
        total_edges=graph.number_of_edges(),
    )


# The text list


def networks_with_links() -> QuerySet[Network]:
    """Every network with its organisations and collaborations (for the text list, a page
    at a time)."""
    return (
        Network.objects.order_by("name", "pk")
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name").only("name")),
            Prefetch(
                "collaborations",
                queryset=Collaboration.objects.order_by("title").only("title", "slug"),
            ),
        )
        .only("name", "slug")
    )


def collaborations_with_links(*, limit: int = 100) -> list[Collaboration]:
    """Collaborations with their networks and organisations, by title (a hundred at most:
    the list of collaborations has them all)."""
    return list(
        Collaboration.objects.order_by("title", "pk")
        .filter(Q(networks__isnull=False) | Q(organisations__isnull=False))
        .distinct()
        .prefetch_related(
            Prefetch("networks", queryset=Network.objects.order_by("name").only("name")),
            Prefetch("organisations", queryset=Organisation.objects.order_by("name").only("name")),
        )[:limit]
    )
