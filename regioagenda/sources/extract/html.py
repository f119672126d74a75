"""HTML (html.parser) and Markdown: blocks that know whether they are headings; one page each.

Scripts, styles and the head are skipped (the title is kept); Markdown front matter gives the
title, fenced code is skipped and inline markup is stripped (:func:`strip_markdown`).
"""

import re
from html.parser import HTMLParser

from .base import Block, Extraction, PageText

_HTML_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head"}
_HTML_BLOCK = {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "li", "dd",
    "dt", "blockquote", "pre", "tr", "table", "ul", "ol", "dl", "figure", "figcaption",
    "address", "hr", "form", "fieldset", "details", "summary", "caption", "body", "html",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "source"}


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.parts = []
        self.heading = 0
        self.skip = []
        self.title_parts = None
        self.title = None
        self.pre = 0

    def flush(self):
        text = "".join(self.parts)
        self.parts = []
        if not self.pre:
            text = re.sub(r"[ \t\r\f\v]+", " ", text)
            text = re.sub(r" ?\n ?", "\n", text)
        text = text.strip()
        if text:
            self.blocks.append(Block(text, self.heading))

    def handle_starttag(self, tag, attrs):
        if self.skip[:1] == ["head"] and (tag == "body" or tag in _HTML_BLOCK or tag in _HEADINGS):
            self.skip = []  # the head ended without its end tag
        if tag == "title" and self.title is None and self.skip in ([], ["head"]):
            self.title_parts = []
            return
        if self.skip or tag in _HTML_SKIP:
            if tag not in _HTML_VOID:
                self.skip.append(tag)
            return
        if tag in _HEADINGS:
            self.flush()
            self.heading = int(tag[1])
        elif tag in _HTML_BLOCK:
            self.flush()
            if tag == "pre":
                self.pre += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | " if "".join(self.parts).strip() else " ")

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title" and self.title_parts is not None:
            self.title = " ".join("".join(self.title_parts).split()) or None
            self.title_parts = None
            return
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag in _HEADINGS:
            self.flush()
            self.heading = 0
        elif tag in _HTML_BLOCK:
            self.flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
        elif not self.skip:
            self.parts.append(data)


def extract_html(text) -> Extraction:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    parser.flush()
    blocks = parser.blocks
    page = PageText(1, "\n\n".join(block.text for block in blocks), blocks=blocks)
    return Extraction([page], "html", title=parser.title)


# Markdown --------------------------------------------------------------------------------------

_MD_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_MD_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_MD_ITEM = re.compile(r"^\s*([-*+]|\d{1,3}[.)])\s+")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")


def strip_markdown(text: str) -> str:
    """Inline Markdown → plain text: images, links, emphasis, code, inline HTML tags."""
    # Each repetition stops at the next opening bracket, so no input makes these slow.
    text = re.sub(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,1000}\)", r"\1", text)
    text = re.sub(r"\[([^\[\]\n]{1,500})\]\([^()\n]{0,1000}\)", r"\1", text)
    text = re.sub(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,200}\]", r"\1", text)
    # Emphasis: drop the markers rather than pair them up.
    text = re.sub(r"\*\*|__", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    text = re.sub(r"(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])", "", text)
    text = text.replace("`", "")
    text = re.sub(r"</?[A-Za-z][^<>\n]{0,500}>", "", text)
    return text


def extract_markdown(text) -> Extraction:
    blocks: list[Block] = []
    paragraph: list[str] = []
    fenced = False
    title = None

    def flush():
        if paragraph:
            content = strip_markdown("\n".join(paragraph)).strip()
            if content:
                blocks.append(Block(content))
            paragraph.clear()

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # YAML front matter
        for index in range(1, min(len(lines), 200)):
            if lines[index].strip() in ("---", "..."):
                for meta in lines[1:index]:
                    if meta.lower().startswith("title:"):
                        title = meta.split(":", 1)[1].strip().strip("\"'") or None
                lines = lines[index + 1 :]
                break
    for line in lines:
        if _MD_FENCE.match(line):
            fenced = not fenced
            flush()
            continue
        if fenced:
            continue
        heading = _MD_ATX.match(line)
        if heading:
            flush()
            content = (heading.group(2) or "").strip()
            if content.endswith("#"):  # closing hashes: "## Titel ##"
                content = content.rstrip("#").rstrip()
            blocks.append(Block(strip_markdown(content).strip(), len(heading.group(1))))
            continue
        setext = _MD_SETEXT.match(line)
        if setext and paragraph:
            level = 1 if setext.group(1).startswith("=") else 2
            blocks.append(Block(strip_markdown(" ".join(paragraph)).strip(), level))
            paragraph.clear()
            continue
        if not line.strip() or _MD_RULE.match(line):
            flush()
            continue
        if _MD_ITEM.match(line):
            flush()
            paragraph.append(_MD_ITEM.sub("", line, count=1))
            continue
        paragraph.append(re.sub(r"^\s{0,3}>\s?", "", line))
    flush()
    blocks = [block for block in blocks if block.text]
    page = PageText(1, "\n\n".join(block.text for block in blocks), blocks=blocks)
    return Extraction([page], "markdown", title=title)
