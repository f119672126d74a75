"""The network as plain data: typed nodes in a fixed order and undirected edges between them.

``GraphBuilder`` collects nodes and edges in any order; ``build()`` sorts the nodes by type and
database id and numbers them, so everything computed later (centrality, layout, SVG) depends
only on the data, never on the order in which rows, dicts or sets were visited.
"""

from dataclasses import dataclass, field

ORGANISATION = "organisation"
PERSON = "person"
ACTIVITY = "activity"
BODY = "body"
KIND_ORDER = {ORGANISATION: 0, PERSON: 1, ACTIVITY: 2, BODY: 3}

EDGE_WORKS_AT = "works_at"  # person – organisation
EDGE_MEMBER = "member"  # person – body (current membership)
EDGE_RESPONSIBLE = "responsible"  # activity – responsible organisation
EDGE_TAKES_PART = "takes_part"  # activity – organisation
EDGE_BODY = "body"  # activity – body


@dataclass(frozen=True)
class Node:
    key: str  # "organisation:12": unique within a graph
    kind: str
    pk: int
    label: str
    sector: str = ""  # a Sector value, for organisations and people
    fields: frozenset = field(default_factory=frozenset)  # matrix field keys
    # Organisations of a linked activity belong to another agenda: its title, else "".
    external: str = ""
    detail: str = ""  # a short second line for tooltips and the table (kind of body, …)

    @property
    def sort_key(self):
        return (KIND_ORDER[self.kind], 1 if self.external else 0, self.pk)


@dataclass(frozen=True)
class Graph:
    nodes: tuple  # of Node, sorted
    edges: tuple  # of (i, j) with i < j, sorted, unique
    edge_kinds: tuple = ()  # per edge: what connects the two (see EDGE_* below)

    @property
    def size(self):
        return len(self.nodes)

    def neighbours(self):
        result: list[list[int]] = [[] for _ in self.nodes]
        for i, j in self.edges:
            result[i].append(j)
            result[j].append(i)
        return result

    def payload(self):
        """Everything the drawing depends on, JSON-ready (the cache key of a rendering)."""
        return [
            [[n.key, n.kind, n.label, n.sector, n.external, n.detail] for n in self.nodes],
            [list(e) for e in self.edges],
        ]


class GraphBuilder:
    def __init__(self):
        self._nodes = {}
        self._edges = {}

    def add(self, node):
        self._nodes.setdefault(node.key, node)
        return node.key

    def has(self, key):
        return key in self._nodes

    def connect(self, first, second, kind=""):
        """An edge between two keys; ignored unless both nodes exist (e.g. a hidden person).
        The first kind given for a pair wins (add "responsible" before "takes part")."""
        if first != second and first in self._nodes and second in self._nodes:
            pair = (first, second) if first < second else (second, first)
            self._edges.setdefault(pair, kind)

    def build(self):
        nodes = tuple(sorted(self._nodes.values(), key=lambda n: n.sort_key))
        index = {node.key: i for i, node in enumerate(nodes)}
        edges = {}
        for (a, b), kind in self._edges.items():
            i, j = sorted((index[a], index[b]))
            edges[(i, j)] = kind
        pairs = sorted(edges)
        return Graph(nodes=nodes, edges=tuple(pairs), edge_kinds=tuple(edges[p] for p in pairs))


def key(kind, pk):
    return f"{kind}:{pk}"


def neighbourhood(graph, selected):
    """The subgraph of the nodes for which ``selected(node)`` holds plus their direct
    neighbours, with all edges among them."""
    neighbours = graph.neighbours()
    keep = set()
    for i, node in enumerate(graph.nodes):
        if selected(node):
            keep.add(i)
            keep.update(neighbours[i])
    order = sorted(keep)
    renumber = {old: new for new, old in enumerate(order)}
    kept = [
        ((renumber[i], renumber[j]), kind)
        for (i, j), kind in zip(graph.edges, _kinds(graph), strict=True)
        if i in renumber and j in renumber
    ]
    return Graph(
        nodes=tuple(graph.nodes[i] for i in order),
        edges=tuple(edge for edge, _kind in kept),
        edge_kinds=tuple(kind for _edge, kind in kept),
    )


def _kinds(graph):
    return (
        graph.edge_kinds if len(graph.edge_kinds) == len(graph.edges) else ("",) * len(graph.edges)
    )
