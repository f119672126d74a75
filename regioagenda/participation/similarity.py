"""Text similarity of ideas, shared by the duplicate suggestions and the themes.

An idea becomes a TF-IDF vector over the Snowball stems of its German content words (the same
tokens, stop words and stems as the classifier of existing concepts, ``sources.text``); the
title counts twice, because workshop ideas often are a title only and a long text should not
drown it. Vectors are L2-normalised, so a dot product is the cosine similarity.

Pure functions over plain strings: no database, deterministic (the vocabulary is sorted).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field

import numpy as np
from django.utils.html import strip_tags
from scipy import sparse

from regioagenda.sources.text import content_words, stem

TITLE_WEIGHT = 2
# Stems in more than this share of the ideas say nothing about which ideas belong together
# ("digital", "region"); dropping them keeps the pair products sparse for 10,000 ideas.
MAX_DOCUMENT_SHARE = 0.25
MIN_DOCUMENTS_FOR_SHARE = 40
# German compounds: "Glasfaserausbau" shares "glasfas" with "Glasfaser". A stem of at least
# this length also counts its known parts (prefixes and suffixes that are stems of other words).
COMPOUND_MIN = 6
PART_MIN = 4
# Words every idea text uses that the general stop list lacks.
IDEA_STOP_WORDS = frozenset(
    {
        "idee", "ideen", "vorschlag", "per", "furs", "fürs", "bzw", "usw", "ca", "mal", "gibt",
        "sollte", "sollten", "soll", "sollen", "wäre", "ware", "waren", "wären", "mehr",
        "neue", "neuen", "neues", "bessere", "besser", "einfach", "einfacher", "gut", "gute",
        "brauchen", "braucht", "wünsche", "wunsche", "bitte", "dringend", "endlich", "schon",
        "unbedingt", "eigentlich", "damit", "gerne", "machen", "z", "b", "zb",
    }
)  # fmt: skip


def idea_text(title: str, body: str) -> str:
    return f"{title}\n{strip_tags(body or '')}"


def _stems(text: str) -> list[str]:
    return [stem(word) for word in content_words(text) if word not in IDEA_STOP_WORDS]


def tokens(title: str, body: str = "") -> list[str]:
    """The stems of an idea, the title's repeated ``TITLE_WEIGHT`` times."""
    return _stems(title or "") * TITLE_WEIGHT + _stems(strip_tags(body or ""))


def expand(stems: Sequence[str], known: Set[str]) -> list[str]:
    """``stems`` plus the known parts of the long ones (compounds)."""
    out = list(stems)
    for s in stems:
        if len(s) < COMPOUND_MIN:
            continue
        out.extend(s[:k] for k in range(PART_MIN, len(s) - 2) if s[:k] in known)
        out.extend(s[k:] for k in range(3, len(s) - PART_MIN + 1) if s[k:] in known)
    return out


@dataclass
class Vectors:
    """The TF-IDF rows of some ideas, in the order given, and how to make a row for a new text."""

    matrix: sparse.csr_matrix
    vocabulary: dict[str, int]
    idf: np.ndarray
    # For labels: the most frequent surface word behind each stem.
    surface: dict[str, str] = field(default_factory=dict)

    def transform(self, stems: Iterable[str]) -> sparse.csr_matrix:
        """One normalised row for ``stems`` over this vocabulary (unknown stems are ignored)."""
        counts = Counter(
            s for s in expand(list(stems), self.vocabulary.keys()) if s in self.vocabulary
        )
        columns = sorted(self.vocabulary[s] for s in counts)
        by_column = {self.vocabulary[s]: c for s, c in counts.items()}
        values = np.array(
            [(1.0 + math.log(by_column[c])) * self.idf[c] for c in columns], dtype=np.float64
        )
        norm = float(np.sqrt((values**2).sum())) if len(values) else 0.0
        if norm:
            values /= norm
        return sparse.csr_matrix(
            (values, (np.zeros(len(columns), dtype=np.int64), np.array(columns, dtype=np.int64))),
            shape=(1, len(self.vocabulary)),
        )


def vectorise(documents: Sequence[Sequence[str]], *, words: Sequence[str] = ()) -> Vectors:
    """TF-IDF (sublinear tf, smoothed idf) over ``documents`` (lists of stems), rows normalised.

    ``words`` (optional, same order) are the raw texts whose surface words name the stems in
    labels."""
    n = len(documents)
    known = {s for document in documents for s in document}
    documents = [expand(document, known) for document in documents]
    document_frequency: Counter[str] = Counter()
    for document in documents:
        document_frequency.update(set(document))
    limit = n * MAX_DOCUMENT_SHARE if n >= MIN_DOCUMENTS_FOR_SHARE else n + 1
    kept = sorted(s for s, df in document_frequency.items() if df <= limit)
    vocabulary = {s: i for i, s in enumerate(kept)}
    idf = np.array(
        [math.log((1 + n) / (1 + document_frequency[s])) + 1.0 for s in kept], dtype=np.float64
    )
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, document in enumerate(documents):
        counts = Counter(s for s in document if s in vocabulary)
        for s in sorted(counts):
            rows.append(row)
            columns.append(vocabulary[s])
            values.append((1.0 + math.log(counts[s])) * idf[vocabulary[s]])
    matrix = sparse.csr_matrix(
        (np.array(values, dtype=np.float64), (np.array(rows, dtype=np.int64), columns)),
        shape=(n, len(kept)),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
    surface: dict[str, str] = {}
    if words:
        seen: dict[str, Counter[str]] = {}
        for text in words:
            for word in content_words(text):
                if word in IDEA_STOP_WORDS:
                    continue
                s = stem(word)
                if s in vocabulary:
                    seen.setdefault(s, Counter())[word] += 1
        # Most frequent spelling; ties by the word itself, so labels are deterministic.
        surface = {
            s: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
            for s, counter in seen.items()
        }
    return Vectors(matrix=matrix, vocabulary=vocabulary, idf=idf, surface=surface)


def similar_pairs(
    matrix: sparse.csr_matrix, threshold: float, *, chunk: int = 2000
) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` with ``i < j`` for every pair of rows at or above ``threshold``,
    best first (ties by position). Row blocks bound the memory of the sparse product."""
    found: list[tuple[int, int, float]] = []
    transposed = matrix.T.tocsc()
    for start in range(0, matrix.shape[0], chunk):
        block = sparse.coo_matrix(matrix[start : start + chunk] @ transposed)
        rows = block.row + start
        keep = (block.col > rows) & (block.data >= threshold)
        found.extend(
            zip(
                rows[keep].tolist(),
                block.col[keep].tolist(),
                block.data[keep].tolist(),
                strict=True,
            )
        )
    found.sort(key=lambda pair: (-round(pair[2], 9), pair[0], pair[1]))
    return found


def top_matches(
    vectors: Vectors, stems: Sequence[str], *, limit: int, threshold: float
) -> list[tuple[int, float]]:
    """Rows of ``vectors`` most similar to a new text: ``[(row, cosine), …]`` best first."""
    query = vectors.transform(stems)
    if query.nnz == 0:
        return []
    scores = sparse.csr_matrix(vectors.matrix @ query.T).toarray().ravel()
    candidates = np.flatnonzero(scores >= threshold)
    if len(candidates) == 0:
        return []
    order = sorted(candidates.tolist(), key=lambda row: (-round(float(scores[row]), 9), row))
    return [(row, float(scores[row])) for row in order[:limit]]
