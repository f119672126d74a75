"""Sentences and passages: paragraphs grouped into passages of a useful size, with their pages.

:func:`split_passages` merges tiny paragraphs with their neighbours in the same section and
splits long ones at sentence boundaries near ``MAX_CHARS``; each passage keeps its page range,
the offsets at which a new page starts (for citations of single sentences) and its heading path.
:func:`split_sentences` (German, abbreviation-aware) is used by the later steps too.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from regioagenda.sources.extract import Extraction

from .paragraphing import Paragraph, paragraphs

MAX_CHARS = 1200  # passages are split near this length, at sentence boundaries
MIN_CHARS = 250  # shorter paragraphs are merged with their neighbours in the same section


@dataclass
class Passage:
    index: int
    text: str
    page_start: int
    page_end: int
    headings: list[str]
    offsets: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    # Title page, imprint, contact block or table of contents (see ``boilerplate``).
    boilerplate: bool = False

    def __post_init__(self):
        if not self.offsets:
            self.offsets = [(0, self.page_start)]

    def page_at(self, offset: int) -> int:
        """The page on which the character at ``offset`` stands."""
        page = self.page_start
        for start, number in self.offsets:
            if start > offset:
                break
            page = number
        return page

    @property
    def pages(self) -> str:
        if self.page_start == self.page_end:
            return str(self.page_start)
        return f"{self.page_start}–{self.page_end}"


# Sentences --------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "abb", "abs", "allg", "anm", "art", "bd", "bspw", "bzgl", "bzw", "ca", "co", "dr", "e.v",
    "etc", "evtl", "f", "ff", "gem", "ggf", "ggü", "hrsg", "i.d.r", "inkl", "insb", "jh", "kap",
    "lt", "max", "min", "mio", "mrd", "nr", "o.ä", "prof", "s", "sog", "st", "std", "str", "tab",
    "tsd", "u.a", "u.ä", "usw", "v.a", "vgl", "z.b", "z.t", "zzgl", "d.h", "jan", "feb",
    "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "mind", "zt",
}  # fmt: skip
_BOUNDARY = re.compile(
    r"(?<![.!?…])([.!?…]++)([\"'»«“”)\]]*+)(\s++)(?=[\"„»«(\[]?[A-ZÄÖÜ0-9])|\n++"
)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of German ``text`` as (start offset, sentence) pairs."""
    result = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(1) and match.group(1).endswith("."):
            before = text[max(start, match.start() - 40) : match.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            word = word.lstrip("(„\"'»")
            if (
                word in _ABBREVIATIONS
                or (len(word) == 1 and word.isalpha())
                or re.fullmatch(r"\d{1,2}", word)
                or re.fullmatch(r"([a-zäöü]\.)+[a-zäöü]", word)
            ):
                continue
        end = match.end(2) if match.group(1) else match.start()
        sentence = text[start:end].strip()
        if sentence:
            result.append(
                (start + (len(text[start:end]) - len(text[start:end].lstrip())), sentence)
            )
        start = match.end()
    tail = text[start:].strip()
    if tail:
        result.append((start + (len(text[start:]) - len(text[start:].lstrip())), tail))
    return result


# Passages ---------------------------------------------------------------------------------------


def _split_long(paragraph, max_chars):
    """Cut a long paragraph at sentence boundaries into nearly equal parts below ``max_chars``."""
    text = paragraph.text
    if len(text) <= max_chars:
        return [paragraph]
    parts_wanted = math.ceil(len(text) / max_chars)
    target = len(text) / parts_wanted
    sentences = split_sentences(text)
    pieces = []
    chunk_start = None
    chunk_end = 0
    for start, sentence in sentences:
        end = start + len(sentence)
        if chunk_start is None:
            chunk_start = start
        elif end - chunk_start > max_chars or (chunk_end - chunk_start) >= target:
            pieces.append((chunk_start, chunk_end))
            chunk_start = start
        chunk_end = end
    if chunk_start is not None:
        pieces.append((chunk_start, chunk_end))
    result = []
    for start, end in pieces:
        for piece_start, piece_end in _hard_cut(text, start, end, max_chars):
            piece = text[piece_start:piece_end]
            offsets = [(0, _page_in(paragraph.offsets, piece_start))]
            for offset, page in paragraph.offsets:
                if piece_start < offset < piece_end:
                    offsets.append((offset - piece_start, page))
            result.append(Paragraph(piece, offsets[0][1], offsets[-1][1], 0, offsets))
    return result


def _hard_cut(text, start, end, max_chars):
    """A single sentence longer than ``max_chars``, cut at spaces."""
    while end - start > max_chars * 1.5:
        cut = text.rfind(" ", start, start + max_chars)
        if cut <= start:
            cut = start + max_chars
        yield start, cut
        start = cut + 1
    yield start, end


def _page_in(offsets, position):
    page = offsets[0][1]
    for offset, number in offsets:
        if offset > position:
            break
        page = number
    return page


def split_passages(
    items: Iterable[Paragraph],
    *,
    title: str | None = None,
    max_chars: int = MAX_CHARS,
    min_chars: int = MIN_CHARS,
) -> list[Passage]:
    """Passages with page range and heading path from paragraphs (see :func:`paragraphs`)."""
    passages: list[Passage] = []
    path: list[tuple[int, str]] = []  # (level, heading) from the outermost section inwards
    buffer: list[Paragraph] = []  # paragraphs of the passage being built

    def flush():
        if not buffer:
            return
        text = ""
        offsets: list[tuple[int, int]] = []
        for paragraph in buffer:
            if text:
                text += "\n"
            base = len(text)
            for offset, page in paragraph.offsets:
                if not offsets or offsets[-1][1] != page:
                    offsets.append((base + offset, page))
            text += paragraph.text
        passages.append(
            Passage(
                len(passages),
                text,
                buffer[0].page_start,
                max(paragraph.page_end for paragraph in buffer),
                [heading for _level, heading in path],
                offsets,
                title,
            )
        )
        buffer.clear()

    section_start = 0
    for paragraph in items:
        if paragraph.level:
            flush()
            _merge_tiny_tail(passages, section_start, max_chars, min_chars)
            while path and path[-1][0] >= paragraph.level:
                path.pop()
            path.append((paragraph.level, paragraph.text))
            section_start = len(passages)
            continue
        for piece in _split_long(paragraph, max_chars):
            size = sum(len(item.text) + 1 for item in buffer)
            if buffer and (size >= min_chars or size + len(piece.text) > max_chars):
                flush()
            buffer.append(piece)
    flush()
    _merge_tiny_tail(passages, section_start, max_chars, min_chars)
    for index, passage in enumerate(passages):
        passage.index = index
    return passages


def _merge_tiny_tail(passages, section_start, max_chars, min_chars):
    """Join the last passage of a section to the one before when it is tiny and both fit."""
    if len(passages) - section_start < 2:
        return
    last, previous = passages[-1], passages[-2]
    if len(last.text) < min_chars and len(previous.text) + len(last.text) + 1 <= max_chars:
        base = len(previous.text) + 1
        previous.text += "\n" + last.text
        for offset, page in last.offsets:
            if page != previous.offsets[-1][1]:
                previous.offsets.append((base + offset, page))
        previous.page_end = max(previous.page_end, last.page_end)
        passages.pop()


def document_passages(
    extraction: Extraction,
    *,
    title: str | None = None,
    max_chars: int = MAX_CHARS,
    min_chars: int = MIN_CHARS,
) -> list[Passage]:
    """All passages of an :class:`~regioagenda.sources.extract.Extraction`, the boilerplate
    among them marked (:func:`~.boilerplate.mark_boilerplate`)."""
    from .boilerplate import mark_boilerplate

    passages = split_passages(
        paragraphs(extraction),
        title=title if title is not None else extraction.title,
        max_chars=max_chars,
        min_chars=min_chars,
    )
    mark_boilerplate(passages, len(extraction.pages))
    return passages
