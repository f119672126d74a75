"""DOCX via python-docx: paragraphs and table rows as blocks that know their heading level.

Pages follow the page breaks Word recorded when it last laid the document out (or the explicit
ones when it recorded none); tables of contents are left out.
"""

import io
import logging
import re

from django.utils.translation import gettext as _

from regioagenda.core.numbers import parse_int

from .base import Block, Extraction, ExtractionError, PageText, corrupt_error

logger = logging.getLogger(__name__)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(heading|überschrift|berschrift)\s*([1-9])$", re.I)
_DOCX_NODES = tuple(
    f"{_W}{tag}" for tag in ("t", "tab", "cr", "br", "noBreakHyphen", "lastRenderedPageBreak")
)


def extract_docx(data: bytes, name: str) -> Extraction:
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return _read_docx(document)
    except ExtractionError:
        raise
    except Exception:
        logger.info("DOCX extraction failed for %s", name, exc_info=True)
        raise corrupt_error(
            name,
            _(
                "Der Inhalt des Word-Dokuments lässt sich nicht lesen; Teile davon fehlen oder "
                "sind fehlerhaft."
            ),
        ) from None


def _read_docx(document):
    from docx.text.paragraph import Paragraph

    body = document.element.body
    rendered = bool(body.xpath(".//w:lastRenderedPageBreak"))
    pages: dict[int, list[Block]] = {1: []}
    state = {"page": 1}
    style_levels: dict[str | None, int] = {}
    title = (document.core_properties.title or "").strip() or None

    def level_of(element):
        outline = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        outline_level = parse_int(outline[0], maximum=8) if outline else None
        if outline_level is not None:
            return outline_level + 1
        style_id = element.style
        if style_id in style_levels:
            return style_levels[style_id]
        level = 0
        style = Paragraph(element, document).style
        depth = 0
        while style is not None and depth < 5 and not level:
            match = _HEADING_STYLE.match((style.name or "").strip())
            if match:
                level = int(match.group(2))
            elif (style.name or "").strip().lower() in ("title", "titel"):
                level = -1
            else:
                found = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
                found_level = parse_int(found[0], maximum=8) if found else None
                if found_level is not None:
                    level = found_level + 1
            style = style.base_style
            depth += 1
        style_levels[style_id] = level
        return level

    def read_paragraph(element):
        """(text, breaks before any text, breaks after some text) of a w:p element."""
        before = after = 0
        parts = []
        seen_text = False
        if not rendered and element.xpath("./w:pPr/w:pageBreakBefore[not(@w:val='0')]"):
            before += 1
        for node in element.iter(*_DOCX_NODES):
            tag = node.tag
            if tag == f"{_W}t":
                if node.text:
                    parts.append(node.text)
                    seen_text = seen_text or bool(node.text.strip())
                continue
            if tag == f"{_W}tab":
                parts.append("\t")
            elif tag == f"{_W}cr":
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{_W}br" and node.get(f"{_W}type") not in ("page", "column"):
                parts.append("\n")
            elif (tag == f"{_W}lastRenderedPageBreak") == rendered and (
                rendered or node.get(f"{_W}type") == "page"
            ):
                if seen_text:
                    after += 1
                else:
                    before += 1
        return "".join(parts), before, after

    def add(text, level=0, page_end=None):
        text = text.strip()
        if text:
            end = page_end if page_end and page_end > state["page"] else None
            pages.setdefault(state["page"], []).append(Block(text, level, end))

    def walk(container):
        nonlocal title
        for element in container.iterchildren():
            tag = element.tag
            if tag == f"{_W}p":
                text, before, after = read_paragraph(element)
                state["page"] += before
                level = level_of(element)
                if level == -1:
                    title = title or text.strip() or None
                else:
                    add(text, level, state["page"] + after)
                state["page"] += after
            elif tag == f"{_W}tbl":
                for row in element.iterchildren(f"{_W}tr"):
                    cells = []
                    breaks = 0
                    for cell in row.iterchildren(f"{_W}tc"):
                        texts = []
                        for paragraph in cell.iter(f"{_W}p"):
                            text, before, after = read_paragraph(paragraph)
                            breaks += before + after
                            texts.append(text.strip())
                        cell_text = " ".join(" ".join(texts).split())
                        if cell_text:
                            cells.append(cell_text)
                    state["page"] += breaks
                    add(" | ".join(cells))
            elif tag == f"{_W}sdt":
                gallery = element.xpath("./w:sdtPr/w:docPartObj/w:docPartGallery/@w:val")
                if gallery and "table of contents" in gallery[0].lower():
                    continue
                for content in element.iterchildren(f"{_W}sdtContent"):
                    walk(content)

    walk(body)
    last = max(max(pages), state["page"])
    result = [
        PageText(
            number,
            "\n\n".join(block.text for block in pages.get(number, [])),
            blocks=pages.get(number, []),
        )
        for number in range(1, last + 1)
    ]
    return Extraction(result, "docx", title=title)
