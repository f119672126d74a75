"""From extracted pages to cited passages, statements and per-field summaries.

The steps, each usable on its own and none touching the database:

* :func:`paragraphs` repairs line-end hyphenation, joins wrapped lines into paragraphs, drops
  running headers/footers and tables of contents and tells headings from body text — from the
  layout of PDF lines (font size, boldness, gaps), from the structure DOCX, ODT, HTML and
  Markdown carry, or from the text alone (numbered or short Title-Case lines).
* :func:`mark_boilerplate` marks the title page, imprint/colophon, contact blocks and tables of
  contents, which are kept but never used as evidence, coverage or summary material.
* :func:`split_passages` groups paragraphs into passages of a useful size (tiny ones merged, long
  ones split at sentence boundaries near ``MAX_CHARS``), each with its pages and heading path.
* :func:`extract_statements` finds goals and planned measures with a few rules.
* :func:`summarise` picks, for one field, the most central sentences of the passages that score
  highest for it, each with its citation (document title, page).
* :func:`analyze` runs all of it on a file, with the classifier of
  :mod:`regioagenda.sources.classifier` (or one passed in).

One module per step: ``paragraphing``, ``splitting`` (sentences and passages), ``boilerplate``,
``statements``, ``summaries`` and ``analysis``; this package re-exports the names callers use.
"""

from . import boilerplate
from .analysis import Analysis, analyze, default_classifier, predicted_for
from .boilerplate import mark_boilerplate
from .paragraphing import (
    HEADING_MAX_CHARS,
    Paragraph,
    dehyphenate,
    join_lines,
    looks_like_heading,
    numbered_heading,
    paragraphs,
    toc_entry,
)
from .splitting import (
    MAX_CHARS,
    MIN_CHARS,
    Passage,
    document_passages,
    split_passages,
    split_sentences,
)
from .statements import Statement, extract_statements, statement_kind
from .summaries import SummarySentence, predicted_fields, summarise, tokens

__all__ = [
    "HEADING_MAX_CHARS",
    "MAX_CHARS",
    "MIN_CHARS",
    "Analysis",
    "Paragraph",
    "Passage",
    "Statement",
    "SummarySentence",
    "analyze",
    "default_classifier",
    "dehyphenate",
    "document_passages",
    "extract_statements",
    "join_lines",
    "boilerplate",
    "looks_like_heading",
    "mark_boilerplate",
    "numbered_heading",
    "paragraphs",
    "predicted_fields",
    "predicted_for",
    "split_passages",
    "split_sentences",
    "statement_kind",
    "summarise",
    "toc_entry",
    "tokens",
]
