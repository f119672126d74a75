"""Ideas grouped into themes by text similarity and matrix field, to prepare a workshop.

Similarity of two ideas = cosine of their TF-IDF vectors (``similarity``) + ``FIELD_BONUS`` ×
cosine of their field sets (an idea in "Mobilität" and one in "Mobilität, Energie" share half).
Groups come from agglomerative clustering with average linkage, cut at ``THRESHOLD``: two groups
join while the mean similarity between their ideas stays at or above it.

Average linkage never joins ideas that are not connected by at least one pair at or above the
threshold (the mean of values below it is below it), so the clustering runs separately inside
each connected component of that sparse pair graph: 1,000 ideas cost a sparse product and a few
small dense blocks, not a 1,000 × 1,000 dense linkage. Deterministic: the input order (by id) and
tie-breaks by position decide, never a random seed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from regioagenda.participation import similarity

THRESHOLD = 0.2
FIELD_BONUS = 0.18  # below THRESHOLD: a shared field alone makes no theme
LABEL_WORDS = 3


@dataclass(frozen=True)
class Item:
    """What grouping needs of an idea."""

    key: int
    title: str
    body: str = ""
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A theme: its ideas' keys (most central first), a label and its dominant fields."""

    keys: tuple[int, ...]
    label: str
    central: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Grouping:
    groups: tuple[Group, ...]
    singles: tuple[int, ...]


def _field_matrix(items: Sequence[Item]) -> sparse.csr_matrix:
    keys = sorted({key for item in items for key in item.fields})
    column = {key: i for i, key in enumerate(keys)}
    rows, columns, values = [], [], []
    for row, item in enumerate(items):
        own = sorted(set(item.fields))
        for key in own:
            rows.append(row)
            columns.append(column[key])
            values.append(1.0 / np.sqrt(len(own)))
    return sparse.csr_matrix(
        (np.array(values, dtype=np.float64), (rows, columns)), shape=(len(items), len(keys))
    )


def similarity_matrix(
    items: Sequence[Item], vectors: similarity.Vectors, *, field_bonus: float = FIELD_BONUS
) -> sparse.csr_matrix:
    """Sparse pairwise similarity (text cosine + field bonus), diagonal included."""
    text = sparse.csr_matrix(vectors.matrix @ vectors.matrix.T)
    if field_bonus:
        fields = _field_matrix(items)
        text = sparse.csr_matrix(text + field_bonus * (fields @ fields.T))
    return text


def _cluster(block: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels (1…k) of one connected component by average linkage."""
    distance = np.clip(1.0 - block, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2  # exact symmetry for squareform
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def group(
    items: Sequence[Item],
    *,
    threshold: float = THRESHOLD,
    field_bonus: float = FIELD_BONUS,
) -> Grouping:
    """Group ``items`` (in a stable order, e.g. by id) into themes and single ideas."""
    if not items:
        return Grouping(groups=(), singles=())
    documents = [similarity.tokens(item.title, item.body) for item in items]
    vectors = similarity.vectorise(
        documents, words=[similarity.idea_text(item.title, item.body) for item in items]
    )
    sim = similarity_matrix(items, vectors, field_bonus=field_bonus)
    strong = sim.multiply(sim >= threshold)
    _count, component = connected_components(sparse.csr_matrix(strong), directed=False)

    members: dict[int, list[int]] = {}
    for row, label in enumerate(component.tolist()):
        members.setdefault(label, []).append(row)
    clusters: list[list[int]] = []
    singles: list[int] = []
    for rows in members.values():
        if len(rows) == 1:
            singles.append(rows[0])
            continue
        block = sim[rows][:, rows].toarray()
        by_label: dict[int, list[int]] = {}
        for row, label in zip(rows, _cluster(block, threshold), strict=True):
            by_label.setdefault(label, []).append(row)
        for cluster in by_label.values():
            if len(cluster) > 1:
                clusters.append(cluster)
            else:
                singles.extend(cluster)

    groups = [_describe(items, vectors, sim, rows) for rows in clusters]
    groups.sort(key=lambda g: (-len(g.keys), min(g.keys)))
    return Grouping(groups=tuple(groups), singles=tuple(items[row].key for row in sorted(singles)))


def _describe(
    items: Sequence[Item],
    vectors: similarity.Vectors,
    sim: sparse.csr_matrix,
    rows: list[int],
) -> Group:
    block = sim[rows][:, rows].toarray()
    centrality = block.sum(axis=1)
    order = sorted(range(len(rows)), key=lambda i: (-round(float(centrality[i]), 9), rows[i]))
    ordered = [rows[i] for i in order]
    central = ordered[0]
    # Distinctive words: the stems with the largest summed weight in the group.
    weights = np.asarray(vectors.matrix[rows].sum(axis=0)).ravel()
    terms = {column: term for term, column in vectors.vocabulary.items()}
    stems = sorted(
        (terms[column] for column in np.flatnonzero(weights > 0).tolist()),
        key=lambda s: (-round(float(weights[vectors.vocabulary[s]]), 9), s),
    )
    words: list[str] = []
    for s in stems:
        if weights[vectors.vocabulary[s]] <= 0 or len(words) == LABEL_WORDS:
            break
        word = vectors.surface.get(s, s)
        # "Glasfaser" and "Glasfaserausbau" name the theme once.
        if not any(w.lower() in word.lower() or word.lower() in w.lower() for w in words):
            words.append(word[:1].upper() + word[1:])
    field_counts = Counter(key for row in rows for key in set(items[row].fields))
    dominant = [
        key
        for key, count in sorted(field_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if count * 2 >= len(rows)
    ][:2]
    if not dominant and field_counts:
        dominant = [min(field_counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]]
    label = " · ".join(words) if words else items[central].title
    return Group(
        keys=tuple(items[row].key for row in ordered),
        label=label,
        central=items[central].key,
        fields=tuple(dominant),
    )
