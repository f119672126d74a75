"""A deterministic layout: the same graph always gets the same coordinates.

Each connected component is laid out on its own with Fruchterman–Reingold forces in numpy
(start on a circle in breadth-first order, a fixed seed for the small jitter that breaks
symmetry, a fixed number of iterations and a linear cooling schedule). Components are then
packed in rows, largest first; nodes without any connection are set in a grid at the end.
Nothing depends on dict or set order: nodes are numbered by the caller in a sorted order and
every loop here runs over those numbers.
"""

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

SEED = 20_25
ITERATIONS = 60
CELL = 64.0  # pixels of space each node of a component gets, roughly (side = CELL·√size)
GAP = 28.0  # between component boxes
ISOLATED_CELL = 26.0
MIN_SIDE = 130.0  # wide enough for the caption of a small group
MIN_HEIGHT = 60.0


@dataclass(frozen=True)
class Box:
    """Where one component sits in the drawing (pixels)."""

    x: float
    y: float
    width: float
    height: float
    members: tuple
    isolated: bool = False  # the grid of nodes without connection


@dataclass(frozen=True)
class Layout:
    positions: np.ndarray  # (n, 2) pixels
    boxes: tuple
    width: float
    height: float


def force_layout(size, edges, *, seed=SEED, iterations=ITERATIONS):
    """Positions in the unit square for one connected component with local node numbers."""
    if size == 1:
        return np.array([[0.5, 0.5]])
    if size == 2:
        return np.array([[0.2, 0.5], [0.8, 0.5]])
    neighbours: list[list[int]] = [[] for _ in range(size)]
    for i, j in edges:
        neighbours[i].append(j)
        neighbours[j].append(i)
    order = _bfs_order(size, neighbours)
    angles = np.empty(size)
    angles[order] = 2 * math.pi * np.arange(size) / size
    rng = np.random.default_rng(seed + size)
    positions = np.column_stack([np.cos(angles), np.sin(angles)]) * 0.5 + 0.5
    positions += rng.uniform(-0.01, 0.01, size=(size, 2))
    edge_array = np.array(sorted(edges), dtype=np.int64).reshape(-1, 2)
    sources, targets = edge_array[:, 0], edge_array[:, 1]
    k = math.sqrt(1.0 / size)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    x = np.ascontiguousarray(positions[:, 0], dtype=np.float32)
    y = np.ascontiguousarray(positions[:, 1], dtype=np.float32)
    k2 = np.float32(k * k)
    diagonal = np.arange(size)
    for _ in range(iterations):
        # repulsion between all pairs: k² / d along the unit vector, i.e. delta · k² / d²
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist2 = dx * dx
        dist2 += dy * dy
        dist2[diagonal, diagonal] = 1.0
        np.maximum(dist2, np.float32(1e-6), out=dist2)
        repulsion = np.divide(k2, dist2, out=dist2)
        repulsion[diagonal, diagonal] = 0.0
        move_x = (repulsion * dx).sum(axis=1, dtype=np.float64)
        move_y = (repulsion * dy).sum(axis=1, dtype=np.float64)
        # attraction along edges: d² / k along the unit vector, i.e. delta · d / k
        ex = (x[sources] - x[targets]).astype(np.float64)
        ey = (y[sources] - y[targets]).astype(np.float64)
        factor = np.sqrt(ex * ex + ey * ey) / k
        np.subtract.at(move_x, sources, ex * factor)
        np.subtract.at(move_y, sources, ey * factor)
        np.add.at(move_x, targets, ex * factor)
        np.add.at(move_y, targets, ey * factor)
        # a gentle pull to the centre keeps loosely attached parts from drifting away
        move_x -= (x - 0.5) * (0.05 / k)
        move_y -= (y - 0.5) * (0.05 / k)
        step = np.sqrt(move_x * move_x + move_y * move_y)
        scale = np.minimum(step, temperature) / np.maximum(step, 1e-9)
        x += (move_x * scale).astype(np.float32)
        y += (move_y * scale).astype(np.float32)
        temperature -= cooling
    positions = np.column_stack([x, y]).astype(np.float64)
    low = positions.min(axis=0)
    span = np.maximum(positions.max(axis=0) - low, 1e-9)
    unit = (positions - low) / span.max()
    unit += (1.0 - span / span.max()) / 2  # centred along the shorter side
    # lie wide rather than tall: the boxes of small groups are wider than high
    return unit[:, ::-1].copy() if span[1] > span[0] else unit


def _bfs_order(size, neighbours):
    """Nodes in breadth-first order from the best-connected node (lowest number on ties)."""
    start = max(range(size), key=lambda i: (len(neighbours[i]), -i))
    seen = [False] * size
    seen[start] = True
    order = []
    queue = deque([start])
    while queue:
        node = queue.popleft()
        order.append(node)
        for other in sorted(neighbours[node]):
            if not seen[other]:
                seen[other] = True
                queue.append(other)
    order += [i for i in range(size) if not seen[i]]
    return order


def layout(n, edges, components, *, width=960.0, margin=24.0):
    """Pixel positions for all ``n`` nodes; ``components`` as from ``metrics.components``."""
    positions = np.zeros((n, 2))
    boxes = []
    usable = width - 2 * margin
    x = y = margin
    row_height = 0.0
    groups = [c for c in components if len(c) > 1]
    isolated = [c[0] for c in components if len(c) == 1]
    for members in groups:
        size = len(members)
        side = min(usable, max(MIN_SIDE, CELL * math.sqrt(size)))
        tall = min(usable, max(MIN_HEIGHT, CELL * math.sqrt(size)))
        if x > margin and x + side > width - margin:
            x = margin
            y += row_height + GAP
            row_height = 0.0
        local = {node: i for i, node in enumerate(members)}
        local_edges = [
            (local[i], local[j]) for i, j in edges if i in local and j in local and i != j
        ]
        unit = force_layout(size, sorted(set(local_edges)))
        for node, (ux, uy) in zip(members, unit, strict=True):
            positions[node] = (x + 8.0 + ux * (side - 16.0), y + 8.0 + uy * (tall - 16.0))
        boxes.append(Box(x, y, side, tall, tuple(members)))
        x += side + GAP
        row_height = max(row_height, tall)
    if groups:
        y += row_height + GAP
    if isolated:
        per_row = max(1, int(usable // ISOLATED_CELL))
        rows = math.ceil(len(isolated) / per_row)
        top = y + 22.0  # room for the box's caption
        for position, node in enumerate(isolated):
            row, column = divmod(position, per_row)
            positions[node] = (
                margin + ISOLATED_CELL / 2 + column * ISOLATED_CELL,
                top + ISOLATED_CELL / 2 + row * ISOLATED_CELL,
            )
        height = rows * ISOLATED_CELL + 22.0
        boxes.append(Box(margin, y, usable, height, tuple(isolated), isolated=True))
        y += height + GAP
    return Layout(positions=positions, boxes=tuple(boxes), width=width, height=max(y, 120.0))
