"""Paragraphs and headings from extracted pages: the first step towards passages.

Repairs line-end hyphenation (:func:`dehyphenate`), joins wrapped lines into paragraphs, drops
running headers/footers, page numbers and tables of contents, and tells headings from body text:
from the layout of PDF lines (font size, boldness, gaps), from the structure DOCX, ODT, HTML and
Markdown carry, or from the text alone (numbered or short Title-Case lines). A paragraph that a
page break cut in two is joined again, remembering where the new page starts.
"""

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from regioagenda.sources.extract import Extraction, Line

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


# Line joining and hyphenation ------------------------------------------------------------------


def dehyphenate(text: str) -> str:
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


def join_lines(lines: list[str]) -> str:
    return dehyphenate("\n".join(lines))


def _ends_with_hyphen(text):
    return len(text) > 1 and text[-1] in _HYPHENS and text[-2].isalpha()


# Heading detection ----------------------------------------------------------------------------


def numbered_heading(text: str) -> int:
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


def looks_like_heading(text: str) -> bool:
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


def toc_entry(line: str, *, leaders_only: bool = False) -> bool:
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
    counts: Counter[str] = Counter()
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
    sizes: Counter[float] = Counter()
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

    blocks: list[list[Line]] = []
    current: list[Line] = []
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
            groups: list[list[str]] = [[]]
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


def paragraphs(extraction: Extraction) -> list[Paragraph]:
    """The document's paragraphs and headings in reading order, across page breaks."""
    if extraction.pages and any(page.blocks is not None for page in extraction.pages):
        result = _block_paragraphs(extraction)
    elif extraction.pages and any(page.lines for page in extraction.pages):
        result = _drop_running_paragraphs(_pdf_paragraphs(extraction), len(extraction.pages))
    else:
        result = _drop_running_paragraphs(_text_paragraphs(extraction), len(extraction.pages))
    return _join_across_pages(_drop_toc_sections(result))


def _running_key(text):
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running_paragraphs(items, page_count):
    """Leave out running headers and footers that the layout did not give away — the same short
    paragraph (up to its numbers) on many pages — and paragraphs that are only a page number."""
    items = [p for p in items if not _PAGE_NUMBER.match(p.text)]
    if page_count < 3:
        return items
    pages: dict[str, set[int]] = {}
    for paragraph in items:
        if len(paragraph.text) <= 100:
            pages.setdefault(_running_key(paragraph.text), set()).add(paragraph.page_start)
    body_threshold = max(3, 0.3 * page_count)
    heading_threshold = max(4, 0.5 * page_count)
    return [
        paragraph
        for paragraph in items
        if len(paragraph.text) > 100
        or len(pages[_running_key(paragraph.text)])
        < (heading_threshold if paragraph.level else body_threshold)
    ]


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
    result: list[Paragraph] = []
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
