"""Figures of the passage classifier on a labelled set: top-1 accuracy and macro-F1.

The evaluation is kept beside the benchmarks, not in ``regioagenda/sources/classifier.py``:
the app module holds only what runs in production (the model, the predicted-set rule, reading
the labelled training corpus). ``bench/eval_classifier.py`` prints these figures, and
``tests/sources/test_classifier.py`` guards them (``from bench.classifier_eval import …``; the
repository root is on the test path).

It needs no Django setup: the classifier module reads a framework given to it.
"""

import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from regioagenda.sources.classifier import predicted_set, ranked

# One labelled passage: {"text": …, "labels": [key, …], …} (see ``classifier.read_labelled``).
Labelled = Mapping[str, Any]


def naive_keyword_scores(fields: Sequence[Any], text: str) -> np.ndarray:
    """The baseline: per field, how many of its keywords occur in ``text`` (case-insensitive)."""
    lowered = text.lower()
    return np.array(
        [sum(lowered.count(keyword.lower()) for keyword in field.keywords) for field in fields],
        dtype=float,
    )


def _f1(true_positive, false_positive, false_negative):
    precision = true_positive / (true_positive + false_positive) if true_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_predictions(
    keys: Sequence[str],
    labels: Sequence[Iterable[str]],
    predictions: Sequence[Sequence[tuple[str, float]]],
) -> dict[str, Any]:
    """Top-1 accuracy and macro-F1 of ``predictions`` (per passage: the ranked ``[(key, score)]``).

    Top-1: the highest-scoring field is one of the passage's labels. Macro-F1: per field, the
    precision and recall of "field in the predicted set" against "field in the labels",
    averaged over all fields of the framework.
    """
    counts = {key: [0, 0, 0] for key in keys}  # true positive, false positive, false negative
    top_hits = 0
    for gold, scores in zip(labels, predictions, strict=True):
        gold = set(gold)
        chosen = set(predicted_set(scores))
        if scores and scores[0][1] > 0 and scores[0][0] in gold:
            top_hits += 1
        for key in keys:
            if key in chosen and key in gold:
                counts[key][0] += 1
            elif key in chosen:
                counts[key][1] += 1
            elif key in gold:
                counts[key][2] += 1
    per_field = {key: _f1(*counts[key]) + (counts[key][0] + counts[key][2],) for key in keys}
    return {
        "passages": len(labels),
        "top1": top_hits / len(labels) if labels else 0.0,
        "macro_f1": sum(row[2] for row in per_field.values()) / len(keys) if keys else 0.0,
        "per_field": per_field,  # key -> (precision, recall, f1, support)
    }


def evaluate(classifier: Any, passages: Sequence[Labelled]) -> dict[str, Any]:
    """The classifier's figures on labelled ``passages`` (see ``evaluate_predictions``)."""
    texts = [passage["text"] for passage in passages]
    labels = [passage["labels"] for passage in passages]
    return evaluate_predictions(classifier.keys, labels, classifier.classify(texts))


def evaluate_naive_keywords(classifier: Any, passages: Sequence[Labelled]) -> dict[str, Any]:
    """The baseline's figures: keyword counts only (case-insensitive substrings, no stemming)."""
    matrix = [naive_keyword_scores(classifier.fields, passage["text"]) for passage in passages]
    labels = [passage["labels"] for passage in passages]
    return evaluate_predictions(classifier.keys, labels, ranked(classifier.keys, matrix))


def evaluate_sets(
    keys: Sequence[str],
    labels: Sequence[Iterable[str]],
    predictions: Sequence[Sequence[tuple[str, float]]],
) -> dict[str, Any]:
    """The figures of a set that may hold passages without a topic (labels ``[]``).

    ``all`` and ``two``: ``evaluate_predictions`` over the labelled passages, and over those
    with at most two labels (the issue's "≤2-label" figure); ``no_field``: of the passages
    labelled ``[]``, the share that got no field at all; ``empty``: how many labelled passages
    got no field (wrongly)."""
    labels = [list(item) for item in labels]
    topical = [number for number, item in enumerate(labels) if item]
    two = [number for number in topical if len(labels[number]) <= 2]
    blank = [number for number, item in enumerate(labels) if not item]

    def subset(numbers):
        return evaluate_predictions(
            keys, [labels[n] for n in numbers], [predictions[n] for n in numbers]
        )

    return {
        "all": subset(topical),
        "two": subset(two),
        "no_field": (
            sum(not predicted_set(predictions[n]) for n in blank) / len(blank) if blank else None
        ),
        "blank": len(blank),
        "empty": sum(not predicted_set(predictions[n]) for n in topical),
    }


def synthetic_long(passages: Sequence[Labelled], count: int, seed: int) -> list[dict[str, Any]]:
    """Long multi-topic passages for validation, made of the given (held-out) ``passages``.

    Each joins 3–6 of them, covering 2–4 different fields and labelled with those fields: one
    passage per field first, then more of the same fields (a passage with two labels only when
    both are among the chosen). The order is shuffled. ``seed`` makes it reproducible."""
    rng = random.Random(seed)
    fields = sorted({key for passage in passages for key in passage["labels"]})
    result: list[dict[str, Any]] = []
    while len(result) < count:
        chosen = set(rng.sample(fields, rng.randint(2, min(4, len(fields)))))
        pool = [passage for passage in passages if set(passage["labels"]) <= chosen]
        picks = [rng.choice([p for p in pool if key in p["labels"]]) for key in sorted(chosen)]
        picks += [rng.choice(pool) for _ in range(rng.randint(len(chosen), 6) - len(chosen))]
        unique = [p for number, p in enumerate(picks) if all(p is not q for q in picks[:number])]
        if len(unique) < 3:
            continue
        rng.shuffle(unique)
        text = " ".join(passage["text"] for passage in unique)
        result.append({"text": text, "labels": sorted(chosen)})
    return result
