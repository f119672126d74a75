"""PDF via pypdfium2: the text of each page plus its lines with position, font size and boldness.

The lines let :mod:`regioagenda.sources.passages` find paragraphs and headings. Encrypted,
truncated, corrupt and scanned (image-only) files are refused with a reason.
"""

import ctypes
import logging
import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .base import Extraction, ExtractionError, Line, PageText, corrupt_error, empty_error

logger = logging.getLogger(__name__)

# A page with fewer characters than this counts as a page without text.
MIN_PAGE_CHARS = 16
SCANNED_SHARE = 0.9

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def extract_pdf(
    data: bytes, name: str, on_page: Callable[[int, int], None] | None = None
) -> Extraction:
    """The text of a PDF with line layout; ``on_page(done, total)`` after each page read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    truncated = b"%%EOF" not in data[-2048:]
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(
                _(
                    "Die PDF-Datei „%(name)s“ ist mit einem Kennwort geschützt (verschlüsselt) "
                    "und kann nicht gelesen werden. Bitte laden Sie eine Fassung ohne Kennwort "
                    "hoch."
                )
                % {"name": name},
                "encrypted",
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionError(
                _(
                    "Die PDF-Datei „%(name)s“ ist mit einem nicht unterstützten Verfahren "
                    "verschlüsselt und kann nicht gelesen werden."
                )
                % {"name": name},
                "encrypted",
            ) from None
        if truncated:
            raise _truncated_pdf(name) from None
        logger.info("PDFium cannot open %s: %s", name, error)
        raise corrupt_error(
            name,
            _(
                "Die PDF-Datei lässt sich nicht öffnen, ihr innerer Aufbau ist fehlerhaft. "
                "Vielleicht hilft es, sie im Ursprungsprogramm neu als PDF zu speichern."
            ),
        ) from None
    if truncated:
        # PDFium repairs some cut files silently; their text would then be incomplete.
        pdf.close()
        raise _truncated_pdf(name)
    try:
        return _read_pdf(pdf, name, on_page)
    except ExtractionError:
        raise
    except Exception:  # a broken page or object inside an openable file
        logger.info("PDF text extraction failed for %s", name, exc_info=True)
        raise corrupt_error(
            name, _("Die PDF-Datei lässt sich öffnen, ihr Text aber nicht auslesen.")
        ) from None
    finally:
        pdf.close()


def _truncated_pdf(name):
    return ExtractionError(
        _(
            "Die PDF-Datei „%(name)s“ ist unvollständig: ihr Ende fehlt, sie wurde offenbar beim "
            "Hoch- oder Herunterladen abgeschnitten. Bitte laden Sie die vollständige Datei hoch."
        )
        % {"name": name},
        "truncated",
    )


def _read_pdf(pdf, name, on_page=None):
    import pypdfium2.raw as pdfium_c

    pages = []
    textless = []
    images_on_textless = 0
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    left, right = ctypes.c_double(), ctypes.c_double()
    bottom, top = ctypes.c_double(), ctypes.c_double()
    fonts = _FontProbe()
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            raw = textpage.raw
            same_indices = len(text) == textpage.count_chars()
            lines = []
            position = 0
            for match in [*_LINE_BREAK.finditer(text), None]:
                end = match.start() if match else len(text)
                content = text[position:end]
                start = position
                position = match.end() if match else len(text)
                stripped = content.strip()
                if not stripped:
                    continue
                first = start + len(content) - len(content.lstrip())
                last = start + len(content.rstrip()) - 1
                if not same_indices:
                    first = pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw, first)
                    last = pdfium_c.FPDFText_GetCharIndexFromTextIndex(raw, last)
                pdfium_c.FPDFText_GetCharOrigin(raw, first, origin_x, origin_y)
                pdfium_c.FPDFText_GetCharBox(raw, last, left, right, bottom, top)
                x0, y = origin_x.value, origin_y.value
                y_end = y
                if "\ufffe" in stripped:
                    pdfium_c.FPDFText_GetCharOrigin(raw, last, origin_x, origin_y)
                    y_end = origin_y.value
                size = pdfium_c.FPDFText_GetFontSize(raw, first)
                # Bold from start to end: a heading, not a paragraph with a bold lead-in.
                bold = fonts.bold(raw, first) and (last == first or fonts.bold(raw, last))
                lines.append(
                    Line(
                        stripped,
                        round(x0, 1),
                        round(max(right.value, x0), 1),
                        round(y, 1),
                        round(size, 2),
                        bold,
                        round(y_end, 1),
                    )
                )
        finally:
            textpage.close()
        text = "\n".join(line.text for line in lines)
        if len(re.sub(r"\s", "", text)) < MIN_PAGE_CHARS:
            textless.append(index + 1)
            if _has_image(page):
                images_on_textless += 1
        page.close()
        pages.append(PageText(index + 1, text, lines=lines))
        if on_page is not None:
            on_page(index + 1, len(pdf))

    extraction = Extraction(pages, "pdf", title=_pdf_title(pdf))
    if not pages:
        raise empty_error(name)
    if len(textless) >= SCANNED_SHARE * len(pages) and images_on_textless:
        raise ExtractionError(
            ngettext(
                "Die PDF-Datei „%(name)s“ ist offenbar gescannt: ihre Seite ist nur ein Bild ohne "
                "Textebene; eine Texterkennung (OCR) ist nötig, bevor sie ausgewertet werden kann.",
                "Die PDF-Datei „%(name)s“ ist offenbar gescannt: %(textless)s von %(pages)s "
                "Seiten sind nur Bilder ohne Textebene; eine Texterkennung (OCR) ist nötig, bevor "
                "sie ausgewertet werden kann.",
                len(pages),
            )
            % {"name": name, "textless": len(textless), "pages": len(pages)},
            "scanned",
        )
    if textless and len(textless) < len(pages):
        extraction.notes.append(
            _("Ohne Text (vielleicht gescannt oder nur Abbildungen): Seite %(pages)s.")
            % {"pages": ", ".join(str(number) for number in textless)}
        )
    return extraction


class _FontProbe:
    """Whether a character's font is bold (by name or weight), cached per font name."""

    def __init__(self):
        self.buffer = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.names = {}

    def bold(self, textpage, index):
        import pypdfium2.raw as pdfium_c

        self.buffer.value = b""
        pdfium_c.FPDFText_GetFontInfo(textpage, index, self.buffer, 128, self.flags)
        font = self.buffer.value
        bold = self.names.get(font)
        if bold is None:
            bold = self.names[font] = bool(_BOLD_FONT.search(font.decode("latin-1")))
        return bold or pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600


def _has_image(page):
    import pypdfium2.raw as pdfium_c

    for _object in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        return True
    return False


def _pdf_title(pdf):
    try:
        title = (pdf.get_metadata_value("Title") or "").strip()
    except Exception:  # metadata is a nicety; a broken info dictionary must not fail the file
        return None
    return title or None
