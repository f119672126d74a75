"""Measures of a graph given as ``n`` nodes (0 … n-1) and undirected edges ``(i, j)``.

Pure functions on plain lists and numpy arrays, without Django, so they can be tested on tiny
hand-made graphs and timed on large ones.

Betweenness follows Brandes (2001) — shortest-path counting forward, dependency accumulation
backward — but runs the breadth-first searches of *all* sources of a component at once, one
level per step, as products of the sparse adjacency matrix with dense ``sources × nodes``
arrays. Each level costs one sparse product (edges × sources), so 700 nodes take milliseconds
instead of the seconds a Python loop per source would need. The arithmetic is exact for the
path counts (integers in float64) and the sparse product adds in a fixed order, so the same
graph always yields the same numbers.
"""

from collections import deque

import numpy as np
from scipy import sparse


def adjacency_lists(n, edges):
    """Neighbours of each node, sorted (deterministic traversal order)."""
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for i, j in edges:
        if i != j:
            neighbours[i].add(j)
            neighbours[j].add(i)
    return [sorted(s) for s in neighbours]


def degrees(n, edges):
    return [len(s) for s in adjacency_lists(n, edges)]


def degree_centrality(n, edges):
    """Degree divided by the n − 1 possible neighbours (0 for a graph of one node)."""
    if n < 2:
        return [0.0] * n
    return [d / (n - 1) for d in degrees(n, edges)]


def components(n, edges):
    """Connected components as sorted lists of nodes, largest first (ties: smallest node)."""
    neighbours = adjacency_lists(n, edges)
    seen = [False] * n
    found = []
    for start in range(n):
        if seen[start]:
            continue
        seen[start] = True
        queue = deque([start])
        members = []
        while queue:
            node = queue.popleft()
            members.append(node)
            for other in neighbours[node]:
                if not seen[other]:
                    seen[other] = True
                    queue.append(other)
        found.append(sorted(members))
    found.sort(key=lambda c: (-len(c), c[0]))
    return found


def betweenness(n, edges, *, normalized=False):
    """Betweenness centrality of every node of an undirected, unweighted graph.

    Unnormalised values count, for each pair of other nodes, the share of their shortest paths
    through the node (a path a–b–c gives b the value 1). ``normalized`` divides by the number
    of pairs, (n − 1)(n − 2) / 2.
    """
    result = np.zeros(n)
    for members in components(n, edges):
        if len(members) < 3:
            continue
        index = {node: position for position, node in enumerate(members)}
        rows, cols = [], []
        for i, j in edges:
            if i != j and i in index:
                rows += [index[i], index[j]]
                cols += [index[j], index[i]]
        size = len(members)
        matrix = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(size, size), dtype=np.float64
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1.0  # an edge listed twice is still one edge
        result[members] = _component_betweenness(matrix)
    if normalized and n > 2:
        result /= (n - 1) * (n - 2) / 2
    return [float(v) for v in result]


def _component_betweenness(matrix):
    """Brandes on one connected component, all sources in parallel.

    Arrays are ``nodes × sources`` (column s belongs to source s), so that each step is one
    product ``adjacency @ array`` on C-ordered data.
    """
    size = matrix.shape[0]
    distance = np.full((size, size), -1, dtype=np.int32)
    np.fill_diagonal(distance, 0)
    sigma = np.eye(size)
    frontier = np.eye(size)
    unreached = distance < 0
    level = 0
    while True:
        # reached[v, s] = shortest paths from s into v through the current frontier
        reached = matrix @ frontier
        new = unreached & (reached > 0)
        if not new.any():
            break
        level += 1
        distance[new] = level
        np.copyto(sigma, reached, where=new)
        unreached &= ~new
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((size, size))
    share = np.empty((size, size))
    for depth in range(level, 0, -1):
        share.fill(0.0)
        np.divide(1.0 + delta, sigma, out=share, where=distance == depth)
        pulled = matrix @ share
        pulled *= sigma
        delta += np.where(distance == depth - 1, pulled, 0.0)
    np.fill_diagonal(delta, 0.0)  # a source is not "between" itself and others
    return delta.sum(axis=1) / 2.0  # each unordered pair was counted from both ends


def ranks(values, *, tie_breaker=None):
    """1-based ranks, highest value first; ties keep the order of ``tie_breaker`` (or index).

    Values are rounded to 9 significant digits first so that floating-point noise never
    reorders equal scores.
    """
    keys = tie_breaker if tie_breaker is not None else list(range(len(values)))
    order = sorted(range(len(values)), key=lambda i: (-float(f"{values[i]:.9g}"), keys[i]))
    result = [0] * len(values)
    for position, node in enumerate(order, start=1):
        result[node] = position
    return result
