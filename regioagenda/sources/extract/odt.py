"""ODT (zip + XML): paragraphs, headings and table rows as blocks, pages at soft page breaks.

The XML is parsed only without a DOCTYPE declaration (no entities). Indexes, tables of contents,
notes and annotations are left out.
"""

import logging
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from regioagenda.core.numbers import parse_int

from .base import Block, Extraction, ExtractionError, PageText, corrupt_error

logger = logging.getLogger(__name__)


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_ODT_SKIP = {
    f"{_TEXT}table-of-content",
    f"{_TEXT}alphabetical-index",
    f"{_TEXT}illustration-index",
    f"{_TEXT}table-index",
    f"{_TEXT}bibliography",
    f"{_TEXT}tracked-changes",
    f"{_OFFICE}forms",
}


def _parse_xml(raw, name, member):
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise corrupt_error(
            name,
            _("„%(member)s“ enthält eine DOCTYPE-Deklaration, die hier nicht erlaubt ist.")
            % {"member": member},
        )
    return ElementTree.fromstring(raw)


def extract_odt(archive, name: str) -> Extraction:
    try:
        root = _parse_xml(archive.read("content.xml"), name, "content.xml")
        title = None
        if "meta.xml" in archive.namelist():
            meta = _parse_xml(archive.read("meta.xml"), name, "meta.xml")
            found = meta.find(f".//{_DC}title")
            if found is not None and (found.text or "").strip():
                title = found.text.strip()
    except ExtractionError:
        raise
    except KeyError:
        raise corrupt_error(
            name, _("Dem OpenDocument-Text fehlt sein Inhalt (content.xml).")
        ) from None
    except Exception:
        logger.info("ODT extraction failed for %s", name, exc_info=True)
        raise corrupt_error(
            name,
            _(
                "Der Inhalt des OpenDocument-Texts lässt sich nicht lesen; Teile davon fehlen "
                "oder sind fehlerhaft."
            ),
        ) from None

    text_root = root.find(f"{_OFFICE}body/{_OFFICE}text")
    pages: dict[int, list[Block]] = {1: []}
    state = {"page": 1}

    def inline(element, parts):
        """Collect the inline text of ``element`` (without its tail)."""
        if element.text:
            parts.append(element.text)
        for child in element:
            tag = child.tag
            if tag == f"{_TEXT}s":
                parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
            elif tag == f"{_TEXT}tab":
                parts.append(" ")
            elif tag == f"{_TEXT}line-break":
                parts.append("\n")
            elif tag == f"{_TEXT}soft-page-break":
                state["page"] += 1
            elif tag in (f"{_TEXT}note", f"{_OFFICE}annotation"):
                pass
            else:
                inline(child, parts)
            if child.tail:
                parts.append(child.tail)

    def block(element, level):
        page = state["page"]
        parts: list[str] = []
        inline(element, parts)
        text = "".join(parts).strip()
        if text:
            end = state["page"] if state["page"] > page else None
            pages.setdefault(page, []).append(Block(text, level, end))

    def walk(container):
        for child in container:
            tag = child.tag
            if tag in _ODT_SKIP:
                continue
            if tag == f"{_TEXT}h":
                level = child.get(f"{_TEXT}outline-level", "1")
                block(child, parse_int(level, minimum=1) or 1)
            elif tag == f"{_TEXT}p":
                block(child, 0)
            elif tag == f"{_TEXT}soft-page-break":
                state["page"] += 1
            elif tag == f"{_TABLE}table-row":
                cells = []
                for cell in child.iter(f"{_TABLE}table-cell"):
                    cell_parts: list[str] = []
                    for paragraph in cell.iter():
                        if paragraph.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                            inline(paragraph, cell_parts)
                            cell_parts.append(" ")
                    cell_text = " ".join("".join(cell_parts).split())
                    if cell_text:
                        cells.append(cell_text)
                if cells:
                    pages.setdefault(state["page"], []).append(Block(" | ".join(cells)))
            else:
                walk(child)

    if text_root is not None:
        walk(text_root)
    last = max(max(pages), state["page"])
    result = [
        PageText(
            number, "\n\n".join(b.text for b in pages.get(number, [])), blocks=pages.get(number, [])
        )
        for number in range(1, last + 1)
    ]
    return Extraction(result, "odt", title=title)
