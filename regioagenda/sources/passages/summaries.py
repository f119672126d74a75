"""Cited extractive summaries per field: the most central, specific sentences of the passages
that score highest for the field, each with its citation (document title, page).

Also the default rule for a passage's predicted fields (:func:`predicted_fields`) and the
word stems (:func:`tokens`) the summaries compare sentences by.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .paragraphing import numbered_heading
from .splitting import Passage, split_sentences

# One passage's field scores: a dict, or (key, score) pairs.
FieldScores = dict[str, float] | Iterable[tuple[str, float]]


@dataclass
class SummarySentence:
    sentence: str
    page: int
    title: str | None
    passage: int
    score: float


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]{2,}")
_language: dict[str, Any] = {}  # "stop": set of stop words, "stem": the stemmer


def _language_tools():
    if not _language:
        try:
            from stop_words import get_stop_words

            stop = set(get_stop_words("german"))
        except Exception:  # the package ships its lists; any failure just means no stop words
            stop = set()
        stop |= {"sowie", "bzw", "werden", "wurde", "wurden", "dabei", "bereits", "zudem"}
        try:
            import Stemmer

            stem = Stemmer.Stemmer("german").stemWords
        except Exception:  # without PyStemmer the words stay unstemmed

            def stem(words):
                return words

        _language["stop"] = stop
        _language["stem"] = stem
    return _language["stop"], _language["stem"]


def tokens(text: str):
    stop, stem = _language_tools()
    words = [word.lower() for word in _WORD.findall(text)]
    return stem([word for word in words if word not in stop])


def predicted_fields(field_scores: FieldScores) -> list[str]:
    """The top field, plus the second one when it scores at least half as much."""
    ranked = sorted(as_pairs(field_scores), key=lambda pair: pair[1], reverse=True)
    if not ranked or ranked[0][1] <= 0:
        return []
    result = [ranked[0][0]]
    if len(ranked) > 1 and ranked[1][1] > 0 and ranked[1][1] >= 0.5 * ranked[0][1]:
        result.append(ranked[1][0])
    return result


def as_pairs(field_scores):
    if isinstance(field_scores, dict):
        return list(field_scores.items())
    return [(key, score) for key, score in field_scores]


def summarise(
    passages: Sequence[Passage],
    scores: Sequence[FieldScores],
    field_key: str,
    max_sentences: int = 5,
    *,
    min_score: float | None = None,
    max_passages: int = 8,
    title: str | None = None,
    predicted: Sequence[Sequence[str]] | None = None,
) -> list[SummarySentence]:
    """An extractive summary of the passages most relevant to ``field_key``.

    ``scores[i]`` are passage ``i``'s field scores (a dict or (key, score) pairs). A passage is
    relevant when the field is among its predicted fields (``predicted[i]`` when given, else the
    top field plus a second that scores at least half as much) or, with ``min_score``, when it
    scores at least that much. Of the ``max_passages`` best of them, the sentences are ranked by

    * centrality: mean TF-IDF cosine similarity to the other candidate sentences,
    * specificity: how much more often its words occur in the relevant passages than in the
      whole document (boilerplate such as "Die Fortschritte werden jährlich berichtet." that
      stands in every chapter scores low), and
    * the passage's score,

    near-duplicates are dropped, and the chosen sentences come back in reading order, each with
    its citation (title, page).
    """
    relevant = []
    for index, passage in enumerate(passages):
        if passage.boilerplate:
            continue  # title page, imprint, table of contents: never summarised
        field_scores = dict(as_pairs(scores[index]))
        score = field_scores.get(field_key, 0.0)
        if score <= 0:
            continue
        if min_score is not None:
            chosen = score >= min_score
        else:
            keys = predicted[index] if predicted is not None else predicted_fields(field_scores)
            chosen = field_key in keys
        if chosen:
            relevant.append((score, passage))
    if not relevant:
        return []
    lift = _word_lift(passages, [passage for _score, passage in relevant])
    relevant.sort(key=lambda pair: pair[0], reverse=True)
    relevant = relevant[:max_passages]
    best = relevant[0][0]

    candidates = []  # (passage score, passage, position, offset, sentence, tokens)
    seen = set()  # a sentence repeated verbatim counts once, or it would be "central"
    for score, passage in relevant:
        for position, (offset, sentence) in enumerate(split_sentences(passage.text)):
            if len(sentence) < 40 or len(sentence.split()) < 6 or numbered_heading(sentence):
                continue
            key = " ".join(sentence.lower().split())
            words = tokens(sentence)
            if len(words) >= 3 and key not in seen:
                seen.add(key)
                candidates.append((score, passage, position, offset, sentence, words))
    if not candidates:
        return []

    count = len(candidates)
    document_frequency: Counter[str] = Counter()
    for candidate in candidates:
        document_frequency.update(set(candidate[5]))
    vectors = []
    for candidate in candidates:
        weights = {
            word: (1 + math.log(frequency))
            * (math.log((1 + count) / (1 + document_frequency[word])) + 1)
            for word, frequency in Counter(candidate[5]).items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        vectors.append({word: weight / norm for word, weight in weights.items()})

    specificity = []
    for candidate in candidates:
        words = set(candidate[5])
        specificity.append(sum(lift.get(word, 0.0) for word in words) / len(words))
    top_specificity = max(specificity) or 1.0

    ranked = []
    for i, candidate in enumerate(candidates):
        similarity = 0.0
        for j, other in enumerate(vectors):
            if i != j:
                small, large = (
                    (vectors[i], other) if len(vectors[i]) < len(other) else (other, vectors[i])
                )
                similarity += sum(weight * large.get(word, 0.0) for word, weight in small.items())
        centrality = similarity / (count - 1) if count > 1 else 1.0
        length = len(candidate[4])
        length_factor = 1.0 if 60 <= length <= 320 else 0.7
        if " | " in candidate[4]:
            length_factor *= 0.5
        weight = (
            (0.05 + centrality)
            * (0.2 + specificity[i] / top_specificity)
            * (0.5 + 0.5 * candidate[0] / best)
            * length_factor
        )
        ranked.append((weight, i))
    ranked.sort(key=lambda pair: (-pair[0], pair[1]))

    chosen = []
    for weight, i in ranked:
        if specificity[i] < 0.2 * top_specificity:
            continue  # boilerplate that could stand in any chapter
        words = set(candidates[i][5])
        if any(_similar(words, set(candidates[j][5])) for _w, j in chosen):
            continue
        chosen.append((weight, i))
        if len(chosen) >= max_sentences:
            break
    chosen.sort(key=lambda pair: (candidates[pair[1]][1].index, candidates[pair[1]][2]))
    result = []
    for weight, i in chosen:
        _score, passage, _position, offset, sentence, _words = candidates[i]
        result.append(
            SummarySentence(
                sentence,
                passage.page_at(offset),
                title if title is not None else passage.title,
                passage.index,
                round(weight, 4),
            )
        )
    return result


def _passage_words(passage):
    """The set of a passage's word stems, cached on the passage (for repeated summaries)."""
    cached = passage.__dict__.get("_words")
    if cached is None or cached[0] != passage.text:
        cached = (passage.text, frozenset(tokens(passage.text)))
        passage.__dict__["_words"] = cached
    return cached[1]


def _word_lift(passages, relevant):
    """log(share of relevant passages with the word / share of all passages with it), ≥ 0.

    When (nearly) every passage is relevant nothing stands out; every word then gets 1.
    """
    if len(relevant) >= 0.8 * len(passages):
        return {word: 1.0 for passage in relevant for word in _passage_words(passage)}
    everywhere: Counter[str] = Counter()
    for passage in passages:
        everywhere.update(_passage_words(passage))
    inside: Counter[str] = Counter()
    for passage in relevant:
        inside.update(_passage_words(passage))
    total, chosen = len(passages), len(relevant)
    return {
        word: max(0.0, math.log((count / chosen) / (everywhere[word] / total)))
        for word, count in inside.items()
    }


def _similar(first, second):
    if not first or not second:
        return False
    overlap = len(first & second)
    return overlap / len(first | second) >= 0.6 or overlap / min(len(first), len(second)) >= 0.9
