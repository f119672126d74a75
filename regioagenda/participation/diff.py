"""Draft texts without the database: splitting a text into sections and paragraphs, keeping
paragraph keys across versions, and the visible difference between two versions.

Paragraph keys (decision): a paragraph of a new version keeps the key of a paragraph of the
previous version when its text is the same (wherever it moved), or — within a changed stretch of
the document — when its words are at least ``SIMILAR`` alike (``SequenceMatcher.ratio`` over words). A rewritten paragraph gets a new
key; so do split or merged paragraphs except the part most like the old one. Comments are read by
key, so they follow their paragraph through small edits and are shown "zu einer früheren
Fassung" when the paragraph changed.
"""

from __future__ import annotations

import difflib
import html
import re
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import escape, strip_tags
from django.utils.text import slugify

SIMILAR = 0.6
# Pairs of changed paragraphs compared by similarity at most (all changed ones of a normal
# revision; for a large rewrite only those within the stretches difflib aligns).
MAX_FUZZY_PAIRS = 40_000
DEFAULT_HEADING = "Vorbemerkung"

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•–]|\d{1,3}[.)])[ \t]+(.*)$")
_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HTML_BLOCK = re.compile(r"<(p|h[1-6]|ul|ol|li|div|br)[\s>/]", re.IGNORECASE)


@dataclass
class ParsedParagraph:
    html: str  # sanitised-safe HTML built here from escaped text
    text: str  # plain text, for matching and diffs


@dataclass
class ParsedSection:
    heading: str
    paragraphs: list[ParsedParagraph] = field(default_factory=list)


def new_key() -> str:
    return secrets.token_hex(6)


def _paragraph(text: str) -> ParsedParagraph:
    text = " ".join(text.split())
    return ParsedParagraph(f"<p>{escape(text)}</p>", text)


def _list(items: list[str], ordered: bool = False) -> ParsedParagraph:
    items = [" ".join(item.split()) for item in items if item.strip()]
    tag = "ol" if ordered else "ul"
    body = "".join(f"<li>{escape(item)}</li>" for item in items)
    return ParsedParagraph(f"<{tag}>{body}</{tag}>", "\n".join(f"• {item}" for item in items))


def _sections(blocks: list[tuple[int, ParsedParagraph | str]]) -> list[ParsedSection]:
    """``(level, heading text)`` or ``(0, paragraph)`` in order → sections; a section without
    paragraphs is kept only when nothing else has any."""
    sections: list[ParsedSection] = []
    for level, item in blocks:
        if level > 0 and isinstance(item, str):
            sections.append(ParsedSection(" ".join(item.split())[:300]))
        elif isinstance(item, ParsedParagraph) and item.text:
            if not sections:
                sections.append(ParsedSection(DEFAULT_HEADING))
            sections[-1].paragraphs.append(item)
    filled = [section for section in sections if section.paragraphs]
    return filled or sections


def split_markdown(text: str) -> list[ParsedSection]:
    """Plain text or Markdown: ``#``/``##`` lines are headings, blank lines end paragraphs,
    consecutive ``-``/``*``/``1.`` lines are one list."""
    blocks: list[tuple[int, ParsedParagraph | str]] = []
    lines: list[str] = []
    items: list[str] = []
    ordered = False

    def flush() -> None:
        nonlocal ordered
        if lines:
            blocks.append((0, _paragraph(" ".join(lines))))
            lines.clear()
        if items:
            blocks.append((0, _list(items, ordered)))
            items.clear()
        ordered = False

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        bullet = _BULLET.match(raw)
        if not line:
            flush()
        elif heading:
            flush()
            blocks.append((len(heading.group(1)), heading.group(2)))
        elif bullet:
            numbered = line[0] in "0123456789"
            if lines or (items and ordered != numbered):
                flush()
            if not items:
                ordered = numbered
            items.append(bullet.group(1))
        elif items and raw[:1] in (" ", "\t"):
            items[-1] += " " + line  # a wrapped list item
        else:
            if items:
                flush()
            lines.append(line)
    flush()
    return _sections(blocks)


class _BlockParser(HTMLParser):
    """Rich text (the editor's HTML): headings, paragraphs and lists as blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, ParsedParagraph | str]] = []
        self.text: list[str] = []
        self.heading = 0
        self.items: list[str] | None = None
        self.ordered = False

    def _flush_text(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text:
            return
        if self.items is not None:
            self.items.append(text)
        elif self.heading:
            self.blocks.append((self.heading, text))
        elif heading := _HEADING.match(text):  # "# Ziele" typed into the editor
            self.blocks.append((len(heading.group(1)), heading.group(2)))
        else:
            self.blocks.append((0, _paragraph(text)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br"):
            self._flush_text()
        if tag in ("ul", "ol") and self.items is None:
            self.items, self.ordered = [], tag == "ol"
        if tag in _HEADING_TAGS:
            self.heading = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush_text()
        if tag in _HEADING_TAGS:
            self.heading = 0
        if tag in ("ul", "ol") and self.items is not None:
            self._flush_text()
            if self.items:
                self.blocks.append((0, _list(self.items, self.ordered)))
            self.items = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def close(self) -> None:
        super().close()
        self._flush_text()
        if self.items:
            self.blocks.append((0, _list(self.items, self.ordered)))
            self.items = None


def split_text(text: str) -> list[ParsedSection]:
    """Pasted text: HTML from the rich-text editor, else Markdown or plain text."""
    if _HTML_BLOCK.search(text):
        parser = _BlockParser()
        parser.feed(text)
        parser.close()
        return _sections(parser.blocks)
    return split_markdown(text)


def split_blocks(blocks: list[tuple[int, str]]) -> list[ParsedSection]:
    """Paragraphs of an uploaded document (``sources.passages.paragraphs``): ``(level, text)``,
    level > 0 for headings. Lines that start with a bullet become lists."""
    out: list[tuple[int, ParsedParagraph | str]] = []
    items: list[str] = []
    for level, text in blocks:
        bullet = _BULLET.match(text) if level == 0 else None
        if bullet:
            items.append(bullet.group(1))
            continue
        if items:
            out.append((0, _list(items)))
            items = []
        out.append((level, text) if level > 0 else (0, _paragraph(text)))
    if items:
        out.append((0, _list(items)))
    return _sections(out)


def anchors(headings: list[str]) -> list[str]:
    """A unique anchor per heading (``abschnitt-…``)."""
    seen: dict[str, int] = {}
    out = []
    for number, heading in enumerate(headings, start=1):
        base = f"abschnitt-{slugify(heading)[:60] or number}".rstrip("-")
        count = seen.get(base, 0) + 1
        seen[base] = count
        out.append(base if count == 1 else f"{base}-{count}")
    return out


# Keys across versions ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def match_keys(old: list[tuple[str, str]], new: list[str]) -> list[str]:
    """Keys for the paragraphs ``new`` (plain texts) given the previous version's ``old``
    ``(key, text)`` pairs, by the rule in the module's docstring."""
    keys: list[str | None] = [None] * len(new)
    used: set[int] = set()
    by_text: dict[str, list[int]] = {}
    for index, (_key, text) in enumerate(old):
        by_text.setdefault(text, []).append(index)
    for j, text in enumerate(new):
        candidates = by_text.get(text)
        if candidates:
            i = candidates.pop(0)
            used.add(i)
            keys[j] = old[i][0]
    free_old = [i for i in range(len(old)) if i not in used]
    free_new = [j for j in range(len(new)) if keys[j] is None]
    if len(free_old) * len(free_new) <= MAX_FUZZY_PAIRS:
        stretches = [(free_old, free_new)]
    else:  # a large rewrite: compare only within the changed stretches difflib aligns
        matcher = difflib.SequenceMatcher(None, [t for _k, t in old], new, autojunk=False)
        stretches = [
            (
                [i for i in range(i1, i2) if i not in used],
                [j for j in range(j1, j2) if keys[j] is None],
            )
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag == "replace" and (i2 - i1) * (j2 - j1) <= MAX_FUZZY_PAIRS
        ]
    for olds, news in stretches:
        pairs = []
        for j in news:
            new_words = _words(new[j])
            for i in olds:
                similarity = difflib.SequenceMatcher(None, _words(old[i][1]), new_words)
                if similarity.real_quick_ratio() < SIMILAR or similarity.quick_ratio() < SIMILAR:
                    continue
                ratio = similarity.ratio()
                if ratio >= SIMILAR:
                    pairs.append((ratio, -abs(i - j), i, j))
        for _ratio, _distance, i, j in sorted(pairs, reverse=True):
            if i in used or keys[j] is not None:
                continue
            used.add(i)
            keys[j] = old[i][0]
    return [key or new_key() for key in keys]


# The visible difference ---------------------------------------------------------------------------


def plain(html_text: str) -> str:
    """The readable text of a paragraph's HTML; list items on lines of their own with "• "."""
    text = re.sub(r"<li[^>]*>", "\n• ", html_text or "")
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).split("\n"))
    return "\n".join(line for line in lines if line)


def word_diff(old: str, new: str) -> str:
    """HTML of ``new`` with removed words in ``<del>`` and added words in ``<ins>``; both carry a
    hidden word for screen readers ("gestrichen:"/"eingefügt:")."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            removed = "".join(a[i1:i2]).strip()
            if removed:
                out.append(
                    f'<del><span class="kern-sr-only">[gestrichen: </span>{escape(removed)}'
                    '<span class="kern-sr-only">]</span></del> '
                )
        if tag in ("insert", "replace"):
            added = "".join(b[j1:j2]).strip()
            if added:
                out.append(
                    f'<ins><span class="kern-sr-only">[eingefügt: </span>{escape(added)}'
                    '<span class="kern-sr-only">]</span></ins> '
                )
    return "".join(out).strip()


@dataclass
class DiffParagraph:
    kind: str  # "same", "changed", "added", "removed"
    key: str
    html: str  # to show: the text, or the word diff for changed paragraphs


@dataclass
class DiffSection:
    heading: str
    anchor: str
    old_heading: str | None  # None: a new (or renamed) section
    paragraphs: list[DiffParagraph]

    @property
    def unchanged(self) -> int:
        return sum(1 for p in self.paragraphs if p.kind == "same")

    @property
    def changed(self) -> bool:
        return self.old_heading != self.heading or any(p.kind != "same" for p in self.paragraphs)


@dataclass
class VersionDiff:
    sections: list[DiffSection]
    changed: int
    added: int
    removed: int


Paragraphs = list[tuple[str, str, str]]  # (key, section heading, html)


def version_diff(
    old: list[tuple[str, str, Paragraphs]], new: list[tuple[str, str, Paragraphs]]
) -> VersionDiff:
    """Compare two versions given as ``[(heading, anchor, [(key, heading, html), …]), …]``.

    Paragraphs are paired by key; removed paragraphs are shown where they stood (after the
    last paragraph before them that is still there)."""
    new_keys = {key for _h, _a, paras in new for key, _s, _t in paras}
    old_by_key = {key: text for _h, _a, paras in old for key, _s, text in paras}
    old_headings = [heading for heading, _a, _p in old]
    # Removed paragraphs, filed under the key of the surviving paragraph before them.
    removed_after: dict[str | None, list[tuple[str, str]]] = {}
    last: str | None = None
    for _h, _a, paras in old:
        for key, _s, text in paras:
            if key in new_keys:
                last = key
            else:
                removed_after.setdefault(last, []).append((key, text))
    counts = {"changed": 0, "added": 0, "removed": 0}

    def removed(after: str | None) -> list[DiffParagraph]:
        out = []
        for key, text in removed_after.pop(after, []):
            counts["removed"] += 1
            out.append(DiffParagraph("removed", key, f"<del>{escape(plain(text))}</del>"))
        return out

    sections = []
    for index, (heading, anchor, paras) in enumerate(new):
        items = removed(None) if index == 0 else []
        for key, _s, text in paras:
            if key not in old_by_key:
                counts["added"] += 1
                items.append(DiffParagraph("added", key, f"<ins>{escape(plain(text))}</ins>"))
            elif plain(old_by_key[key]) != plain(text):
                counts["changed"] += 1
                items.append(
                    DiffParagraph("changed", key, word_diff(plain(old_by_key[key]), plain(text)))
                )
            else:
                items.append(DiffParagraph("same", key, text))
            items.extend(removed(key))
        old_heading = heading if heading in old_headings else None
        sections.append(DiffSection(heading, anchor, old_heading, items))
    leftovers = [p for after in list(removed_after) for p in removed(after)]
    if leftovers and sections:
        sections[-1].paragraphs.extend(leftovers)
    return VersionDiff(sections, counts["changed"], counts["added"], counts["removed"])
