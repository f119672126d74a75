"""The whole analysis of one file: extract, split, classify and summarise (no database).

:func:`analyze` is what the ``analyze_document`` command and ``bench/analyze_pdf.py`` run; the
analysis job (:mod:`regioagenda.sources.jobs`) uses the same steps and stores their results.
"""

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from regioagenda.sources.extract import Source, extract

from .splitting import Passage, document_passages
from .statements import Statement, extract_statements
from .summaries import FieldScores, SummarySentence, as_pairs, predicted_fields, summarise


@dataclass
class Analysis:
    title: str
    kind: str
    page_count: int
    passages: list[Passage]
    fields: list[list[tuple[str, float]]]  # per passage, sorted by score
    predicted: list[list[str]]  # per passage
    statements: list[Statement]
    summaries: dict[str, list[SummarySentence]]
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def as_dict(self, top_fields: int = 3) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind,
            "pages": self.page_count,
            "notes": list(self.notes),
            "passages": [
                {
                    "text": passage.text,
                    "page_start": passage.page_start,
                    "page_end": passage.page_end,
                    "headings": passage.headings,
                    "fields": [
                        {"key": key, "score": round(float(score), 4)}
                        for key, score in self.fields[passage.index][:top_fields]
                        if score > 0
                    ],
                    "predicted": self.predicted[passage.index],
                }
                for passage in self.passages
            ],
            "statements": [
                {"kind": statement.kind, "text": statement.text, "page": statement.page}
                for statement in self.statements
            ],
            "summaries": {
                key: [{"sentence": item.sentence, "page": item.page} for item in items]
                for key, items in self.summaries.items()
            },
        }


def default_classifier() -> Any:
    """The active framework's classifier, or None when the classifier module is not there.

    Uses ``get_classifier()`` of :mod:`regioagenda.sources.classifier`, or its
    ``classifier_for_active_framework()``.
    """
    try:
        from regioagenda.sources import classifier as module
    except ImportError:
        return None
    factory = getattr(module, "get_classifier", None) or getattr(
        module, "classifier_for_active_framework", None
    )
    return factory() if factory else None


def predicted_for(classifier: Any, field_scores: FieldScores) -> list[str]:
    """A passage's predicted fields by the classifier's rule: its ``predicted_set`` method, the
    ``predicted_set`` function of the module that defines its class, or :func:`predicted_fields`."""
    function = getattr(classifier, "predicted_set", None)
    if not callable(function):
        module = sys.modules.get(type(classifier).__module__)
        function = getattr(module, "predicted_set", None)
    if callable(function):
        return list(function(field_scores))
    return predicted_fields(field_scores)


def analyze(
    source: Source,
    filename: str | Path | None = None,
    *,
    title: str | None = None,
    classifier: Any = None,
    max_sentences: int = 5,
) -> Analysis:
    """Extract, split, classify and summarise one document (no database involved).

    ``classifier`` defaults to :func:`default_classifier`; pass any object with
    ``classify(texts) -> [[(key, score), …], …]`` (and optionally ``predicted_set(scores)``),
    a function returning one (called only once the file has been read), or ``False`` to leave
    the passages unclassified.
    Bad input raises :class:`~regioagenda.sources.extract.ExtractionError`.
    """
    timings = {}
    start = time.perf_counter()
    extraction = extract(source, filename)
    timings["extract"] = time.perf_counter() - start

    start = time.perf_counter()
    shown_title = title or extraction.title or _title_from(filename, source)
    passages = document_passages(extraction, title=shown_title)
    statements = extract_statements(passages)
    timings["passages"] = time.perf_counter() - start

    notes = list(extraction.notes)
    if classifier is None:
        classifier = default_classifier
    if callable(classifier) and not hasattr(classifier, "classify"):
        classifier = classifier()
    start = time.perf_counter()
    if not classifier:
        notes.append(
            _("Kein Klassifikator verfügbar; die Passagen sind keinem Handlungsfeld zugeordnet.")
        )
        fields: list[list[tuple[str, float]]] = [[] for _passage in passages]
        predicted: list[list[str]] = [[] for _passage in passages]
    else:
        raw = classifier.classify([passage.text for passage in passages]) if passages else []
        fields = [
            sorted(
                ((key, float(score)) for key, score in as_pairs(item)),
                key=lambda p: p[1],
                reverse=True,
            )
            for item in raw
        ]
        # Boilerplate gets no field, like the classifier's own "no field" (an imprint found by
        # the text rule never gets one; a title page or a section under "Impressum" is known
        # only here), so it never counts in coverage or summaries.
        for passage in passages:
            if passage.boilerplate:
                fields[passage.index] = []
        predicted = [predicted_for(classifier, item) for item in fields]
    timings["classify"] = time.perf_counter() - start

    start = time.perf_counter()
    counts = Counter(key for keys in predicted for key in keys)
    summaries = {}
    for key, _count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        summary = summarise(passages, fields, key, max_sentences, predicted=predicted)
        if summary:
            summaries[key] = summary
    timings["summarise"] = time.perf_counter() - start

    return Analysis(
        title=shown_title,
        kind=extraction.kind,
        page_count=extraction.page_count,
        passages=passages,
        fields=fields,
        predicted=predicted,
        statements=statements,
        summaries=summaries,
        notes=notes,
        timings=timings,
    )


def _title_from(filename, source):
    if filename:
        return Path(str(filename)).stem
    if isinstance(source, str | Path):
        return Path(source).stem
    return "Dokument"
