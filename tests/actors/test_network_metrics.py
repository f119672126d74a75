"""Centrality, components, layout and SVG of the network, on small hand-made graphs."""

import random
from collections import deque

import pytest

from regioagenda.actors.network import draw, metrics
from regioagenda.actors.network.analysis import analyse
from regioagenda.actors.network.graph import GraphBuilder, Node, key, neighbourhood


def reference_betweenness(n, edges):
    """Textbook Brandes, one source at a time, for comparison."""
    adjacency = metrics.adjacency_lists(n, edges)
    result = [0.0] * n
    for source in range(n):
        stack, preds = [], [[] for _ in range(n)]
        sigma, dist = [0] * n, [-1] * n
        sigma[source], dist[source] = 1, 0
        queue = deque([source])
        while queue:
            v = queue.popleft()
            stack.append(v)
            for w in adjacency[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = [0.0] * n
        while stack:
            w = stack.pop()
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != source:
                result[w] += delta[w]
    return [value / 2 for value in result]


def test_betweenness_of_a_path():
    assert metrics.betweenness(3, [(0, 1), (1, 2)]) == [0.0, 1.0, 0.0]
    assert metrics.betweenness(4, [(0, 1), (1, 2), (2, 3)]) == [0.0, 2.0, 2.0, 0.0]


def test_betweenness_of_a_star_and_a_cycle():
    star = [(0, leaf) for leaf in range(1, 5)]
    assert metrics.betweenness(5, star) == [6.0, 0.0, 0.0, 0.0, 0.0]
    assert metrics.betweenness(5, star, normalized=True)[0] == pytest.approx(1.0)
    cycle = [(0, 1), (1, 2), (2, 3), (3, 0)]
    assert metrics.betweenness(4, cycle) == pytest.approx([0.5, 0.5, 0.5, 0.5])


def test_betweenness_of_a_bowtie_and_separate_parts():
    bowtie = [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)]
    # node 2 lies on the only shortest path of the 4 pairs across; a separate edge adds nothing
    values = metrics.betweenness(7, [*bowtie, (5, 6)])
    assert values == pytest.approx([0, 0, 4, 0, 0, 0, 0])


def test_betweenness_equals_the_textbook_algorithm_on_random_graphs():
    rng = random.Random(11)
    for _ in range(30):
        n = rng.randint(1, 45)
        edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, 3 * n))]
        assert metrics.betweenness(n, edges) == pytest.approx(reference_betweenness(n, edges))


def test_degree_centrality():
    star = [(0, leaf) for leaf in range(1, 5)]
    assert metrics.degree_centrality(5, star) == [1.0, 0.25, 0.25, 0.25, 0.25]
    assert metrics.degrees(3, [(0, 1), (0, 1), (1, 1)]) == [1, 1, 0]


def test_components_largest_first_then_by_first_node():
    edges = [(5, 6), (0, 1), (2, 3), (3, 4)]
    assert metrics.components(8, edges) == [[2, 3, 4], [0, 1], [5, 6], [7]]


def test_ranks_break_ties_deterministically():
    assert metrics.ranks([0.5, 1.0, 0.5, 0.0]) == [2, 1, 3, 4]
    assert metrics.ranks([0.5, 0.5], tie_breaker=[(-1, 0), (-3, 1)]) == [2, 1]


def _graph():
    builder = GraphBuilder()
    for pk in range(1, 5):
        builder.add(
            Node(key("organisation", pk), "organisation", pk, f"Org {pk}", sector="science")
        )
    builder.add(Node(key("person", 1), "person", 1, "Ada", fields=frozenset({"health"})))
    builder.add(Node(key("activity", 1), "activity", 1, "Telemedizin"))
    builder.add(Node(key("body", 1), "body", 1, "Lenkungsgruppe"))
    builder.add(Node(key("body", 2), "body", 2, "Beirat"))
    builder.add(Node(key("person", 2), "person", 2, "Bob"))
    builder.add(Node(key("person", 3), "person", 3, "Cem"))
    builder.connect(key("person", 1), key("organisation", 1), "works_at")
    builder.connect(key("activity", 1), key("organisation", 1), "responsible")
    builder.connect(key("activity", 1), key("organisation", 2), "takes_part")
    builder.connect(key("activity", 1), key("body", 1), "body")
    builder.connect(key("person", 1), key("body", 1), "member")
    builder.connect(key("person", 2), key("body", 2), "member")  # an isolated group of two
    builder.connect(key("person", 9), key("body", 2), "member")  # unknown node: ignored
    return builder.build()


def test_graph_is_sorted_by_type_and_id_and_ignores_unknown_nodes():
    graph = _graph()
    assert [n.key for n in graph.nodes][:6] == [
        "organisation:1",
        "organisation:2",
        "organisation:3",
        "organisation:4",
        "person:1",
        "person:2",
    ]
    assert len(graph.edges) == 6


def test_analysis_finds_the_central_node_and_the_isolated_parts():
    graph = _graph()
    result = analyse(graph)
    names = [n.label for n in graph.nodes]
    central = min(range(graph.size), key=lambda i: result.ranks[i])
    assert names[central] in {"Org 1", "Telemedizin"}
    assert sorted(names[i] for i in result.largest) == [
        "Ada",
        "Lenkungsgruppe",
        "Org 1",
        "Org 2",
        "Telemedizin",
    ]
    assert [sorted(names[i] for i in group) for group in result.isolated_groups] == [
        ["Beirat", "Bob"]
    ]
    assert sorted(names[i] for i in result.isolated_nodes) == ["Cem", "Org 3", "Org 4"]
    assert result.groups[names.index("Bob")] == 2
    assert result.groups[names.index("Cem")] == 0


def test_same_graph_same_svg_bytes():
    first = draw(_graph(), chart_id="n", title="Netz", description="Beschreibung").svg
    second = draw(_graph(), chart_id="n", title="Netz", description="Beschreibung").svg
    assert first == second
    assert 'role="img"' in first and '<title id="n-title">Netz</title>' in first
    assert '<desc id="n-desc">Beschreibung</desc>' in first
    assert first.count("</circle>") + first.count("</rect>") + first.count("</polygon>") >= 11
    assert "Ada · Person" in first  # a tooltip per node
    assert "Isolierte Gruppe 2" in first and "Ohne Verbindung (3)" in first
    for word in ("Organisation", "Person", "Aktivität", "Gremium"):  # legend in words
        assert f">{word}</text>" in first


def test_node_order_of_insertion_does_not_matter():
    forward = GraphBuilder()
    backward = GraphBuilder()
    nodes = [Node(key("organisation", pk), "organisation", pk, f"O{pk}") for pk in range(30)]
    edges = [(key("organisation", i), key("organisation", (i * 7) % 30)) for i in range(30)]
    for node in nodes:
        forward.add(node)
    for node in reversed(nodes):
        backward.add(node)
    for a, b in edges:
        forward.connect(a, b)
    for a, b in reversed(edges):
        backward.connect(b, a)
    first = draw(forward.build(), chart_id="x", title="t", description="d").svg
    second = draw(backward.build(), chart_id="x", title="t", description="d").svg
    assert first == second


def test_neighbourhood_keeps_selected_nodes_and_their_neighbours():
    graph = _graph()
    part = neighbourhood(graph, lambda node: "health" in node.fields)
    assert sorted(n.label for n in part.nodes) == ["Ada", "Lenkungsgruppe", "Org 1"]
    assert len(part.edges) == 2  # Ada–Org 1, Ada–Lenkungsgruppe (Org 1–body: no edge)


def test_seven_hundred_nodes_finish_fast():
    import time

    rng = random.Random(5)
    builder = GraphBuilder()
    for pk in range(250):
        builder.add(Node(key("organisation", pk), "organisation", pk, f"O{pk}"))
        builder.add(Node(key("person", pk), "person", pk, f"P{pk}"))
    for pk in range(200):
        builder.add(Node(key("activity", pk), "activity", pk, f"A{pk}"))
        for _ in range(rng.randint(1, 5)):
            builder.connect(key("activity", pk), key("organisation", rng.randrange(250)))
    for pk in range(250):
        builder.connect(key("person", pk), key("organisation", rng.randrange(250)))
    graph = builder.build()
    start = time.perf_counter()
    drawing = draw(graph, chart_id="big", title="t", description="d")
    assert time.perf_counter() - start < 5.0
    assert len(drawing.analysis.ranks) == 700
