"""From extracted pages to cited passages, statements and per-field summaries.

The steps, each usable on its own and none touching the database:

* :func:`paragraphs` repairs line-end hyphenation, joins wrapped lines into paragraphs, drops
  running headers/footers and tables of contents and tells headings from body text — from the
  layout of PDF lines (font size, boldness, gaps), from the structure DOCX, ODT, HTML and
  Markdown carry, or from the text alone (numbered or short Title-Case lines).
* :func:`split_passages` groups paragraphs into passages of a useful size (tiny ones merged, long
  ones split at sentence boundaries near ``MAX_CHARS``), each with its pages and heading path.
* :func:`extract_statements` finds goals and planned measures with a few rules.
* :func:`summarise` picks, for one field, the most central sentences of the passages that score
  highest for it, each with its citation (document title, page).
* :func:`analyze` runs all of it on a file, with the classifier of
  :mod:`regioagenda.sources.classifier` (or one passed in).
"""

import math
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from .extract import extract

MAX_CHARS = 1200  # passages are split near this length, at sentence boundaries
MIN_CHARS = 250  # shorter paragraphs are merged with their neighbours in the same section
HEADING_MAX_CHARS = 160

# Hyphens that can end a line in the middle of a word: ASCII, U+2010 (WeasyPrint's
# hyphenation), the soft hyphen and U+FFFE (PDFium's marker for a hyphen it joined a line at).
_HYPHENS = "-\u2010\u00ad\ufffe"
_LOWER = "a-zäöüß"
_UPPER = "A-ZÄÖÜ"
# After "Bürger-" at a line end these words mean a suspended compound ("Bürger- und …").
_CONJUNCTIONS = r"(?:und|oder|bzw\.?|sowie|als|wie|bis|noch|statt|sondern|aber|respektive|resp\.)"
# These run on text whose whitespace runs are already single (see dehyphenate).
_SOFT_LINE_HYPHEN = re.compile(rf"(?<=\w)[{_HYPHENS}] ?\n(?=[{_LOWER}])")
_SUSPENDED = re.compile(rf"(?<=\w)[-\u2010\ufffe] ?\n(?={_CONJUNCTIONS}\b)")
_HARD_LINE_HYPHEN = re.compile(rf"(?<=\w)[-\u2010\ufffe] ?\n(?=[{_UPPER}0-9])")
_SPACES = re.compile(r"[^\S\n]+")
_LINE_BREAKS = re.compile(r" ?\n\s*")
_MERGED_SUSPENDED = re.compile(rf"\ufffe(?={_CONJUNCTIONS}\b)")
_MERGED_SOFT = re.compile(rf"\ufffe(?=[{_LOWER}])")

_BULLET = re.compile(r"^\s*([•◦▪▫■□●○‣⁃∙·➢➤►▶✓✔→*]|[-–—](?=\s))\s*")
_LIST_START = re.compile(r"^\s*([•◦▪▫■□●○‣⁃∙·➢➤►▶✓✔→*–—-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
_NUMBERED = re.compile(
    r"^(?:(?:Kapitel|Abschnitt|Teil|Handlungsfeld)\s+)?"
    r"((?:\d{1,2}|[IVX]{1,4}|[A-H])(?:\.\d{1,2}){0,4})\.?\s+"
    rf"(?=[\"„»(]?[{_UPPER}])(\S.*)$"
)
_MARKER_ONLY = re.compile(
    r"^([•◦▪▫■□●○‣⁃∙·➢➤►▶✓✔→*–—-]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[ivxIVX]{1,4}[.)])$"
)
_FINAL_PUNCTUATION = re.compile(r"[.,;:]$")
# Untrusted text: repetitions are bounded or possessive so that nothing backtracks for long.
_PAGE_AT_END = re.compile(r"(?<!\d)(\d{1,4})$")
_TOC_ENTRY = re.compile(
    r"((\d{1,2}(\.\d{1,2}){0,4}\.?|[IVX]{1,4}\.|[A-H]\.)[ \t]+)?[^\d\s].{0,90}[^\d\s.,;:]"
)
_TOC_HEADING = re.compile(r"^(inhalt|inhaltsverzeichnis|inhaltsübersicht|gliederung)$", re.I)
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*+(seite|s\.|page)?\s*+\d{1,4}(\s*+(von|/|of|aus)\s*+\d{1,4})?[-–—\s]*+$", re.I
)


# Results ---------------------------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    page_start: int
    page_end: int
    level: int = 0  # > 0: a heading of this level
    # (offset in text, page) where a new page starts; the first entry is (0, page_start).
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self):
        if not self.offsets:
            self.offsets = [(0, self.page_start)]


@dataclass
class Passage:
    index: int
    text: str
    page_start: int
    page_end: int
    headings: list[str]
    offsets: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None

    def __post_init__(self):
        if not self.offsets:
            self.offsets = [(0, self.page_start)]

    def page_at(self, offset):
        """The page on which the character at ``offset`` stands."""
        page = self.page_start
        for start, number in self.offsets:
            if start > offset:
                break
            page = number
        return page

    @property
    def pages(self):
        if self.page_start == self.page_end:
            return str(self.page_start)
        return f"{self.page_start}–{self.page_end}"


@dataclass
class Statement:
    kind: str  # "goal" or "measure"
    text: str
    page: int
    passage: int  # index of the passage


@dataclass
class SummarySentence:
    sentence: str
    page: int
    title: str | None
    passage: int
    score: float


# Line joining and hyphenation ------------------------------------------------------------------


def dehyphenate(text):
    """Join the lines of ``text`` into one, repairing hyphenation at the line ends.

    "Digitali-\\nsierung" → "Digitalisierung"; "E-\\nGovernment" → "E-Government";
    "Bürger-\\nund Unternehmen" → "Bürger- und Unternehmen".
    """
    if "\n" in text or "\ufffe" in text:
        text = _LINE_BREAKS.sub("\n", _SPACES.sub(" ", text))
        text = _SUSPENDED.sub("- ", text)
        text = _SOFT_LINE_HYPHEN.sub("", text)
        text = _HARD_LINE_HYPHEN.sub("-", text)
        text = _MERGED_SUSPENDED.sub("- ", text)
        text = _MERGED_SOFT.sub("", text)
        text = text.replace("\ufffe", "-")
    text = text.replace("\u00ad", "")
    return " ".join(text.split())


def join_lines(lines):
    return dehyphenate("\n".join(lines))


def _ends_with_hyphen(text):
    return len(text) > 1 and text[-1] in _HYPHENS and text[-2].isalpha()


# Heading detection ----------------------------------------------------------------------------


def numbered_heading(text):
    """The numbering depth of a heading such as "2.3 Mobilität" (2), or 0 for other text."""
    match = _NUMBERED.match(text)
    if not match or len(text) > 100 or _FINAL_PUNCTUATION.search(text):
        return 0
    number, rest = match.groups()
    if len(rest.split()) > 14 or not re.search(rf"[{_UPPER}{_LOWER}]", rest):
        return 0
    if re.fullmatch(r"[A-H]", number) and not text[len(number) :].startswith("."):
        return 0  # "A Bürgerportal" is no heading, "A. Ausgangslage" is
    return number.count(".") + 1


def looks_like_heading(text):
    """A short line without final punctuation whose longer words are mostly capitalised."""
    text = text.strip()
    if not text or len(text) > 80 or _FINAL_PUNCTUATION.search(text) or text.endswith(("!", "?")):
        return False
    if _BULLET.match(text) or not (text[0].isupper() or text[0].isdigit()):
        return False
    if re.search(r"https?://|www\.|@|\|", text):
        return False
    words = text.split()
    if len(words) > 8 or len(text) > 70:
        return False
    long_words = [word for word in words if len(word) >= 4 and word[0].isalpha()]
    if not long_words:
        return len(words) <= 3 and text[0].isupper() and text.isalpha()
    capitalised = sum(1 for word in long_words if word[0].isupper())
    return capitalised / len(long_words) >= 0.6


def toc_entry(line, *, leaders_only=False):
    """Whether ``line`` is a table of contents entry: leaders ("…", ". . .", a tab or a wide
    gap) before a page number, or a short title followed by a page number ("2.3 Mobilität 14";
    not with ``leaders_only``)."""
    line = line.strip()
    number = _PAGE_AT_END.search(line)
    if not number:
        return False
    before = line[: number.start()]
    title = before.rstrip(" \t.…")
    gap = before[len(title) :]
    if "..." in gap or "…" in gap or ". ." in gap or "\t" in gap or len(gap) >= 3:
        return bool(title)
    if leaders_only or len(number.group(1)) > 3 or not gap:
        return False
    return bool(_TOC_ENTRY.fullmatch(title))


def _is_toc(lines):
    if len(lines) < 2:
        return bool(lines) and toc_entry(lines[0], leaders_only=True)
    hits = sum(1 for line in lines if toc_entry(line))
    return hits >= 0.6 * len(lines)


# Paragraphs from PDF lines --------------------------------------------------------------------


def _normalise_running(text):
    return re.sub(r"\d+", "#", text.strip().lower())


def _running_lines(pages):
    """Normalised texts of lines repeated at the top or bottom of most pages (headers/footers)."""
    if len(pages) < 3:
        return set()
    counts = Counter()
    for page in pages:
        lines = page.lines or []
        if not lines:
            continue
        by_height = sorted(lines, key=lambda line: line.y)
        candidates = [*lines[:2], *lines[-2:], *by_height[:2], *by_height[-2:]]
        counts.update({_normalise_running(line.text) for line in candidates})
    threshold = max(3, 0.5 * len(pages))
    return {text for text, count in counts.items() if count >= threshold}


def _layout_stats(pages):
    sizes = Counter()
    for page in pages:
        for line in page.lines or []:
            if len(line.text) >= 3:
                sizes[round(line.size * 2) / 2] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    pitches = []
    for page in pages:
        lines = page.lines or []
        for previous, line in zip(lines, lines[1:], strict=False):
            if abs(previous.size - body) <= 0.1 * body and abs(line.size - body) <= 0.1 * body:
                distance = previous.y - line.y
                if 0 < distance < 2.5 * body:
                    pitches.append(distance)
    pitch = statistics.median(pitches) if pitches else 1.2 * body
    return body, pitch


def _pdf_blocks(page, body, pitch, running):
    """Group a PDF page's lines into blocks of lines: [(lines, size, bold)]."""
    lines = [
        line
        for index, line in enumerate(page.lines)
        if _normalise_running(line.text) not in running
        and not _MARKER_ONLY.match(line.text)
        and not ((index < 2 or index >= len(page.lines) - 2) and _PAGE_NUMBER.match(line.text))
    ]
    if not lines:
        return []
    body_lines = [line for line in lines if abs(line.size - body) <= 0.1 * body] or lines
    left = min(line.x0 for line in body_lines)
    rights = sorted(line.x1 for line in body_lines)
    right = rights[int(0.9 * (len(rights) - 1))]
    width = max(right - left, 1.0)

    blocks = []
    current = []
    for line in lines:
        if current:
            previous = current[-1]
            distance = previous.y_end - line.y
            scale = max(previous.size, line.size) / body
            previous_ends = bool(re.search(r"[.!?:]$", previous.text))
            indent = line.x0 - previous.x0
            new = (
                abs(line.size - previous.size) > 0.08 * body
                or distance < -0.5 * pitch
                or distance > 1.35 * pitch * max(scale, 1.0)
                or (previous.bold and not line.bold and not previous_ends)
                or (line.bold and not previous.bold and previous_ends)
                or (previous_ends and previous.x1 < right - 0.2 * width)
                or bool(_LIST_START.match(line.text))
                or (indent > 0.4 * body and not _LIST_START.match(previous.text))
                or (indent < -0.4 * body and previous_ends)
            )
            if new:
                blocks.append(current)
                current = []
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _pdf_paragraphs(extraction):
    pages = extraction.pages
    body, pitch = _layout_stats(pages)
    running = _running_lines(pages)
    items = []  # (page, lines, size, bold)
    for page in pages:
        for lines in _pdf_blocks(page, body, pitch, running):
            items.append((page.number, lines))

    heading_sizes = set()
    candidates = []
    for number, lines in items:
        texts = [line.text for line in lines]
        if _is_toc(texts):
            continue
        text = join_lines(texts)
        size = lines[0].size
        larger = size >= 1.12 * body
        bold = all(line.bold for line in lines)
        short = len(text) <= HEADING_MAX_CHARS and len(lines) <= 3
        heading = short and not re.search(r"[.;,]$", text) and re.search(r"[^\W\d_]", text)
        depth = numbered_heading(text) if len(lines) == 1 or larger or bold else 0
        if heading and (larger or bold):
            kind = "numbered" if depth else "styled"
            if kind == "styled":
                heading_sizes.add(round(size * 2) / 2 if larger else 0)
        elif depth and len(lines) == 1 and not re.match(r"\d{1,2}\.\s", text):
            kind = "numbered"  # body-size "2.3 Mobilität"; "1. Glasfaser" is a list item
        else:
            kind = "body"
        candidates.append((number, text, kind, depth, size, larger))

    # Unnumbered headings get their level from their font size: the largest is level 1.
    ranks = sorted((size for size in heading_sizes if size), reverse=True)
    level_of_size = {size: rank + 1 for rank, size in enumerate(ranks)}
    bold_level = len(ranks) + 1
    styled = any(kind != "body" for _n, _t, kind, *_rest in candidates)

    paragraphs = []
    for number, text, kind, depth, size, larger in candidates:
        if kind == "numbered":
            level = depth
        elif kind == "styled":
            level = level_of_size.get(round(size * 2) / 2, bold_level) if larger else bold_level
        elif not styled and looks_like_heading(text):
            level = 1  # a document without any visible heading style
        else:
            level = 0
        paragraphs.append(Paragraph(_BULLET.sub("", text, count=1), number, number, level))
    return paragraphs


# Paragraphs from plain text and from structured blocks ---------------------------------------


def _text_paragraphs(extraction):
    """Paragraphs of plain text: blank lines separate them, and so does a short line that ends
    a sentence; a single-line paragraph that is numbered or in Title Case is a heading."""
    result = []
    numbered_seen = False
    for page in extraction.pages:
        for chunk in re.split(r"\n[ \t]*\n+", page.text):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if not lines or _is_toc(lines):
                continue
            if (
                len(lines) > 1
                and numbered_heading(lines[0])
                and lines[1][:1].isupper()
                and len(lines[0]) < 0.6 * max(len(line) for line in lines[1:])
            ):  # "2.3 Mobilität" directly above its text, not a wrapped "3 Gemeinden haben …"
                heading = lines.pop(0)
                numbered_seen = True
                result.append(
                    Paragraph(heading, page.number, page.number, numbered_heading(heading))
                )
            widest = max(len(line) for line in lines)
            groups = [[]]
            for line in lines:
                if groups[-1] and _LIST_START.match(line):
                    groups.append([])
                groups[-1].append(line)
                if re.search(r"[.!?:]$", line) and len(line) < 0.75 * widest:
                    groups.append([])
            for group in groups:
                if not group:
                    continue
                if len(group) == 1 and (depth := numbered_heading(group[0])):
                    numbered_seen = True
                    result.append(Paragraph(group[0], page.number, page.number, depth))
                elif len(group) == 1 and looks_like_heading(group[0]):
                    level = _last_level(result) + 1 if numbered_seen else 1
                    result.append(Paragraph(group[0], page.number, page.number, min(level, 6)))
                else:
                    text = _BULLET.sub("", join_lines(group), count=1)
                    result.append(Paragraph(text, page.number, page.number, 0))
    return result


def _last_level(paragraphs):
    for paragraph in reversed(paragraphs):
        if paragraph.level and numbered_heading(paragraph.text):
            return paragraph.level
    return 0


def _block_paragraphs(extraction):
    paragraphs = []
    in_toc = 0
    for page in extraction.pages:
        for block in page.blocks or []:
            text = dehyphenate(block.text)
            if not text:
                continue
            if block.level:
                in_toc = block.level if _TOC_HEADING.match(text) else 0
                if in_toc:
                    continue
            elif in_toc or _is_toc(block.text.split("\n")):
                continue
            end = max(block.page_end or page.number, page.number)
            paragraphs.append(Paragraph(text, page.number, end, block.level))
    return paragraphs


def paragraphs(extraction):
    """The document's paragraphs and headings in reading order, across page breaks."""
    if extraction.pages and any(page.blocks is not None for page in extraction.pages):
        result = _block_paragraphs(extraction)
    elif extraction.pages and any(page.lines for page in extraction.pages):
        result = _pdf_paragraphs(extraction)
    else:
        result = _text_paragraphs(extraction)
    return _join_across_pages(_drop_toc_sections(result))


def _drop_toc_sections(items):
    """Leave out the section under a heading "Inhalt"/"Inhaltsverzeichnis": its entries, even
    those that look like headings ("2.3 Mobilität 14"), until the first real heading."""
    result = []
    in_toc = False
    for paragraph in items:
        if paragraph.level and _TOC_HEADING.match(paragraph.text):
            in_toc = True
            continue
        if in_toc and (not paragraph.level or re.search(r"\s\d{1,4}$", paragraph.text)):
            continue
        in_toc = False
        result.append(paragraph)
    return result


def _join_across_pages(items):
    """Join a paragraph that a page break (or a misread gap) cut in two: the next part starts
    in lower case after a hyphenated word or an unfinished sentence."""
    result = []
    for paragraph in items:
        previous = result[-1] if result else None
        if (
            previous is not None
            and not previous.level
            and not paragraph.level
            and paragraph.text[:1].islower()
            and (_ends_with_hyphen(previous.text) or not re.search(r"[.!?:;]$", previous.text))
        ):
            if _ends_with_hyphen(previous.text):
                joined = dehyphenate(previous.text + "\n" + paragraph.text)
            else:
                joined = previous.text + " " + paragraph.text
            # The second part stands unchanged at the end of the joined text.
            start = len(joined) - len(paragraph.text)
            for offset, page in paragraph.offsets:
                if page != previous.offsets[-1][1]:
                    previous.offsets.append((start + offset, page))
            previous.text = joined
            previous.page_end = max(previous.page_end, paragraph.page_end)
            continue
        result.append(paragraph)
    return result


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


def split_sentences(text):
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


def split_passages(items, *, title=None, max_chars=MAX_CHARS, min_chars=MIN_CHARS):
    """Passages with page range and heading path from paragraphs (see :func:`paragraphs`)."""
    passages = []
    path = []  # (level, heading) from the outermost section inwards
    buffer = []  # paragraphs of the passage being built

    def flush():
        if not buffer:
            return
        text = ""
        offsets = []
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


def document_passages(extraction, *, title=None, max_chars=MAX_CHARS, min_chars=MIN_CHARS):
    """All passages of an :class:`~regioagenda.sources.extract.Extraction`."""
    return split_passages(
        paragraphs(extraction),
        title=title if title is not None else extraction.title,
        max_chars=max_chars,
        min_chars=min_chars,
    )


# Goals and measures ----------------------------------------------------------------------------

# "Ziel"/"Maßnahme" only count where the sentence states one ("Ziel ist …", "Maßnahme M 3:"),
# not where it merely names them ("Die Strategie beschreibt Ziele und Maßnahmen.").
_GOAL_STRONG = re.compile(
    r"\bZiele?\s+(ist|sind|war|bleibt|bleiben|des|der|dieser|unserer|aller|für)\b"
    r"|\b(das|unser|ein|übergeordnete[sn]?|zentrale[sn]?|wichtigste[sn]?)\s+Ziel\b"
    r"|\b(Leit|Ober|Teil|Handlungs|Entwicklungs|Haupt|Qualitäts)ziele?\b"
    r"|\bZielsetzung|\bZielbild|\bZielvorstellung|\bzum Ziel\b|\bmit dem Ziel\b"
    r"|\bwir wollen\b|\bwollen wir\b|\bangestrebt\b|\bstreb(en|t)\b[^.]*\ban\b",
    re.I,
)
_GOAL_WEAK = re.compile(
    r"\bbis (zum Jahr |Ende |spätestens )?20\d\d\b|\bsoll(en)?\b[^.]*\bwerden\b|\bsoll(en)? bis\b",
    re.I,
)
_MEASURE_STRONG = re.compile(
    r"^Ma(ß|ss)nahmen?\b|\bMa(ß|ss)nahme\s*(M\s?)?[-\d]|\bMa(ß|ss)nahmen?\s*:|"
    r"\bals Ma(ß|ss)nahme\b|\bMa(ß|ss)nahmenpaket|\bgeplant(e[nmrs]?)?\b|\bplan(t|en)\b|"
    r"\b(wird|werden)\b[^.]*\b(eingeführt|eingerichtet|aufgebaut|beschafft|errichtet|"
    r"umgesetzt|gestartet|ausgeschrieben)\b",
    re.I,
)
_MEASURE_CODE = re.compile(r"\b(M|HF\d{1,2}-M)\s?-?\d{1,3}(\.\d{1,2})?\b")
_MEASURE_WEAK = re.compile(r"\bUmsetzung\b|\bumgesetzt\b|\bPilotprojekt|\bAusschreibung\b", re.I)


def statement_kind(sentence):
    """ "goal", "measure" or None for one sentence (a few rules, German)."""
    if len(sentence) < 30 or len(sentence.split()) < 5 or len(sentence) > 700:
        return None
    if _GOAL_STRONG.search(sentence):
        return "goal"
    if _MEASURE_CODE.search(sentence) or _MEASURE_STRONG.search(sentence):
        return "measure"
    if _MEASURE_WEAK.search(sentence):
        return "measure"
    if _GOAL_WEAK.search(sentence):
        return "goal"
    return None


def extract_statements(passages):
    """Goals and planned measures: every sentence the rules recognise, with page and passage."""
    statements = []
    seen = set()
    for passage in passages:
        for offset, sentence in split_sentences(passage.text):
            kind = statement_kind(sentence)
            key = " ".join(sentence.lower().split())
            if kind and key not in seen:
                seen.add(key)
                statements.append(Statement(kind, sentence, passage.page_at(offset), passage.index))
    return statements


# Extractive summaries --------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]{2,}")
_language = {}


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


def tokens(text):
    stop, stem = _language_tools()
    words = [word.lower() for word in _WORD.findall(text)]
    return stem([word for word in words if word not in stop])


def predicted_fields(field_scores):
    """The top field, plus the second one when it scores at least half as much."""
    ranked = sorted(_as_pairs(field_scores), key=lambda pair: pair[1], reverse=True)
    if not ranked or ranked[0][1] <= 0:
        return []
    result = [ranked[0][0]]
    if len(ranked) > 1 and ranked[1][1] > 0 and ranked[1][1] >= 0.5 * ranked[0][1]:
        result.append(ranked[1][0])
    return result


def _as_pairs(field_scores):
    if isinstance(field_scores, dict):
        return list(field_scores.items())
    return [(key, score) for key, score in field_scores]


def summarise(
    passages,
    scores,
    field_key,
    max_sentences=5,
    *,
    min_score=None,
    max_passages=8,
    title=None,
    predicted=None,
):
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
        field_scores = dict(_as_pairs(scores[index]))
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
    document_frequency = Counter()
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
    everywhere = Counter()
    for passage in passages:
        everywhere.update(_passage_words(passage))
    inside = Counter()
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


# The whole analysis -----------------------------------------------------------------------------


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

    def as_dict(self, top_fields=3):
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


def default_classifier():
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


def predicted_for(classifier, field_scores):
    """A passage's predicted fields by the classifier's rule: its ``predicted_set`` method, the
    ``predicted_set`` function of the module that defines its class, or :func:`predicted_fields`."""
    function = getattr(classifier, "predicted_set", None)
    if not callable(function):
        module = sys.modules.get(type(classifier).__module__)
        function = getattr(module, "predicted_set", None)
    if callable(function):
        return list(function(field_scores))
    return predicted_fields(field_scores)


def analyze(source, filename=None, *, title=None, classifier=None, max_sentences=5):
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
        fields = [[] for _passage in passages]
        predicted = [[] for _passage in passages]
    else:
        raw = classifier.classify([passage.text for passage in passages]) if passages else []
        fields = [
            sorted(
                ((key, float(score)) for key, score in _as_pairs(item)),
                key=lambda p: p[1],
                reverse=True,
            )
            for item in raw
        ]
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
