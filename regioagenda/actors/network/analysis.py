"""Who is central and who stands apart: the measures of one graph, ready for page and SVG."""

from dataclasses import dataclass

from regioagenda.actors.network import metrics

LABEL_COUNT = 12  # the most central nodes get a visible label in the drawing


@dataclass(frozen=True)
class Analysis:
    degrees: tuple
    betweenness: tuple  # normalised to 0…1
    ranks: tuple  # 1 = most central (betweenness, then degree)
    groups: tuple  # per node: 1 = the largest group, 2… = isolated groups, 0 = no connection
    components: tuple  # tuples of node numbers, largest first
    isolated_groups: tuple  # components apart from the largest one, with two or more nodes
    isolated_nodes: tuple  # nodes without any connection
    labelled: frozenset  # nodes labelled in the drawing

    @property
    def largest(self):
        return self.components[0] if self.components and len(self.components[0]) > 1 else ()


def analyse(graph, *, label_count=LABEL_COUNT):
    n = graph.size
    edges = list(graph.edges)
    degrees = metrics.degrees(n, edges)
    betweenness = metrics.betweenness(n, edges, normalized=True)
    ranks = metrics.ranks(betweenness, tie_breaker=[(-degrees[i], i) for i in range(n)])
    components = [tuple(c) for c in metrics.components(n, edges)]
    groups = [0] * n
    isolated_groups = []
    number = 0
    for members in components:
        if len(members) < 2:
            continue
        number += 1
        for node in members:
            groups[node] = number
        if number > 1:
            isolated_groups.append(members)
    isolated_nodes = tuple(c[0] for c in components if len(c) == 1)
    by_rank = sorted((i for i in range(n) if degrees[i] > 0), key=lambda i: ranks[i])
    return Analysis(
        degrees=tuple(degrees),
        betweenness=tuple(betweenness),
        ranks=tuple(ranks),
        groups=tuple(groups),
        components=tuple(components),
        isolated_groups=tuple(isolated_groups),
        isolated_nodes=isolated_nodes,
        labelled=frozenset(by_rank[:label_count]),
    )
