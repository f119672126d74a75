"""Boilerplate: the parts of a concept that say nothing about its content.

Two kinds, handled in two places:

* **Running headers and footers and page numbers** — the same short line on many pages — are
  dropped from the paragraphs (``paragraphing``: for PDFs by their position on the page, for
  all other text by repetition across pages). Left in, they would be glued to the body text of
  their passage.
* **Title page, imprint/colophon and tables of contents** become passages of their own and are
  marked (:func:`mark_boilerplate`): they stay visible on the document page, but they are neither
  offered as evidence nor counted in coverage nor used in summaries.

Rules on the text alone, no database; cheap enough for a 100-page document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .paragraphing import toc_entry

if TYPE_CHECKING:
    from .splitting import Passage

# A heading that opens a section which is boilerplate as a whole (numbering stripped first).
_BOILERPLATE_HEADING = re.compile(
    r"^(impressum|herausgeber(in)?|herausgegeben von|kontakt(e|daten)?|ansprechpartner(in|innen)?"
    r"|bildnachweis(e)?|fotonachweis(e)?|bildquellen|abbildungsnachweis(e)?"
    r"|inhalt|inhaltsverzeichnis|inhaltsübersicht|gliederung"
    r"|abbildungsverzeichnis|tabellenverzeichnis|abkürzungsverzeichnis)$",
    re.IGNORECASE,
)
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-H]\.)\s+")
# Marks of an imprint: each found once counts one; the words only an imprint uses count two.
_STRONG_MARKS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bimpressum\b",
        r"\bv\.\s?i\.\s?s\.\s?d\.\s?p\.",
        r"\bbild(nachweis|quellen?)\b|\bfotos?:|\bfotonachweis|\btitelbild\b|©",
    )
]
_IMPRINT_MARKS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bherausgeber(in)?\b|\bherausgegeben\b|\bhrsg\.",
        r"\btel(efon)?\.?:?\s*[+(]?\d",
        r"\bfax\.?:?\s*[+(]?\d",
        r"\be-?mail:?\s|\S+@\S+\.[a-z]{2,}",
        r"\bwww\.\S+|https?://",
        r"\b\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+",  # postcode and town
        r"\b(redaktion|gestaltung|layout|satz|druck|konzeption|bearbeitung|auftraggeber)\s*:",
        r"\bstand:?\s+(januar|februar|märz|april|mai|juni|juli|august|september|oktober"
        r"|november|dezember|\d{1,2}[./]\d{2,4})",
        r"\b(straße|str\.|platz|weg|allee)\s+\d{1,4}\b",
    )
]
# A short passage that opens like an imprint is one, even with a single detail: "Herausgeber:
# Landratsamt …, Sachgebiet Klimaschutz. Beschlossen am …" (a colophon under the title).
_IMPRINT_START = re.compile(
    r"^\W*(impressum|herausgeber(in)?|herausgegeben von|hrsg\.|v\.\s?i\.\s?s\.\s?d\.\s?p\.)",
    re.IGNORECASE,
)
_IMPRINT_START_CHARS = 400
# A short note about the document itself rather than its subject: a disclaimer ("Beispieldaten:
# Dieses Dokument wurde … erfunden"), a note on gender-fair wording or on the status of a draft.
_DOCUMENT_NOTE = re.compile(
    r"^\W*(beispieldaten|hinweis(e)? zu[rm]? [\w-]+\s*:|haftungsausschluss|disclaimer"
    r"|dieses dokument (wurde|ist|dient|enthält)|diese (fassung|broschüre|veröffentlichung) "
    r"(wurde|ist|dient))",
    re.IGNORECASE,
)
_DOCUMENT_NOTE_CHARS = 400
_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|[·_]{4,}")
_TITLE_PAGE_CHARS = 500  # a first page with less body text than this is a title page


def _strip_numbering(text: str) -> str:
    return _NUMBERING.sub("", text.strip()).strip().rstrip(":")


def imprint_marks(text: str) -> int:
    """How many different kinds of imprint detail (publisher, phone, email, address …) ``text``
    holds."""
    return 2 * sum(1 for mark in _STRONG_MARKS if mark.search(text)) + sum(
        1 for mark in _IMPRINT_MARKS if mark.search(text)
    )


def looks_like_imprint(text: str) -> bool:
    """An imprint/colophon or contact block: several imprint details densely packed, or a short
    passage that opens with "Impressum" or "Herausgeber"."""
    if len(text) <= _IMPRINT_START_CHARS and _IMPRINT_START.match(text):
        return True
    marks = imprint_marks(text)
    if marks >= 4:
        return True
    return marks >= 3 and len(text) <= 900


def looks_like_document_note(text: str) -> bool:
    """A short note about the document (disclaimer, wording, draft status), not about its topic."""
    return len(text) <= _DOCUMENT_NOTE_CHARS and bool(_DOCUMENT_NOTE.match(text))


def looks_like_toc(text: str) -> bool:
    """A table of contents: most lines are entries with leaders or page numbers."""
    lines = [line for line in text.split("\n") if line.strip()]
    leaders = len(_LEADERS.findall(text))
    if leaders >= 3 and leaders >= 0.3 * max(len(lines), 1):
        return True
    if len(lines) >= 3:
        return sum(1 for line in lines if toc_entry(line)) >= 0.6 * len(lines)
    return False


def looks_like_boilerplate(text: str) -> bool:
    """Whether ``text`` alone is boilerplate (an imprint, contact block, table of contents or a
    short note about the document itself).

    The one text rule: :func:`mark_boilerplate` uses it for passages, and the classifier gives
    such a text no field."""
    return looks_like_imprint(text) or looks_like_toc(text) or looks_like_document_note(text)


def mark_boilerplate(passages: Sequence[Passage], page_count: int) -> None:
    """Set ``boilerplate`` on the title page, imprint, contact blocks and tables of contents."""
    first_page_chars = sum(len(p.text) for p in passages if p.page_end <= 1)
    title_page = page_count >= 3 and 0 < first_page_chars < _TITLE_PAGE_CHARS
    for passage in passages:
        heading = _strip_numbering(passage.headings[-1]) if passage.headings else ""
        passage.boilerplate = bool(
            (title_page and passage.page_end <= 1)
            or _BOILERPLATE_HEADING.match(heading)
            or looks_like_boilerplate(passage.text)
        )
