"""Turn an uploaded file into text with page numbers, independent of the database.

``extract(path_or_bytes, filename)`` detects the file type from its content (never from the name
alone), compares it with the extension and returns an :class:`Extraction`: one
:class:`PageText` per page. Every problem with the input ends as an :class:`ExtractionError`
carrying a specific German message for the user and a short ``code`` for programs; no other
exception type escapes for bad input.

What each format gives:

* PDF (pypdfium2): the raw text per page plus its lines with position, font size and boldness,
  so that :mod:`regioagenda.sources.passages` can find paragraphs and headings.
* DOCX (python-docx), ODT (zip + XML), HTML (html.parser) and Markdown: blocks that already know
  whether they are headings (and of which level). DOCX counts the page breaks Word recorded when
  it last laid the document out (or the explicit ones); ODT counts LibreOffice's soft page
  breaks; HTML and Markdown are one page.
* Plain text: the text; a form feed starts a new page.

Limits: the file size (setting ``SOURCES_MAX_UPLOAD_BYTES``, 50 MB by default) and, for the zip
based formats, the size the archive claims to unpack to, its compression ratio and its number of
members (zip bombs), all checked from the zip directory before anything is unpacked.
"""

import ctypes
import io
import itertools
import logging
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 50 * MB
DEFAULT_MAX_UNPACKED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
# Members smaller than this may have any ratio (an empty or repetitive small part is harmless).
RATIO_MIN_BYTES = 1 * MB
# A page with fewer characters than this counts as a page without text.
MIN_PAGE_CHARS = 16
SCANNED_SHARE = 0.9

SUPPORTED = ("pdf", "docx", "odt", "html", "markdown", "text")
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
TEXT_KINDS = {"html", "markdown", "text"}


@dataclass
class Line:
    """One line of a PDF page with its position (PDF points, y grows upwards) and font."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False
    # Baseline of the last character: lower than ``y`` when PDFium joined two printed lines at
    # a hyphen (it marks that hyphen as U+FFFE).
    y_end: float | None = None

    def __post_init__(self):
        if self.y_end is None:
            self.y_end = self.y


@dataclass
class Block:
    """A paragraph or heading of a structured format; ``level`` > 0 marks a heading.
    ``page_end`` is set when the paragraph continues on a later page."""

    text: str
    level: int = 0
    page_end: int | None = None


@dataclass
class PageText:
    """The text of one page. ``lines`` (PDF) or ``blocks`` (DOCX, ODT, HTML, Markdown) carry
    the layout or structure when the format has it; plain text has neither."""

    number: int
    text: str
    lines: list[Line] | None = None
    blocks: list[Block] | None = None


@dataclass
class Extraction:
    pages: list[PageText]
    kind: str
    title: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def page_count(self):
        return len(self.pages)

    @property
    def text(self):
        return "\n\n".join(page.text for page in self.pages)


class ExtractionError(Exception):
    """Bad input. ``message`` is for the user (German); ``code`` names the reason."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return self.message


# Names of the kinds for messages: (as the thing it is, as the thing it is not).
def _kind_names():
    return {
        "pdf": (_("eine PDF-Datei"), _("keine PDF-Datei")),
        "docx": (_("ein Word-Dokument (DOCX)"), _("kein Word-Dokument (DOCX)")),
        "odt": (_("ein OpenDocument-Text (ODT)"), _("kein OpenDocument-Text (ODT)")),
        "html": (_("eine HTML-Seite"), _("keine HTML-Datei")),
        "markdown": (_("ein Markdown-Text"), _("keine Markdown-Datei")),
        "text": (_("eine Textdatei"), _("keine Textdatei")),
        "xlsx": (_("eine Excel-Tabelle (XLSX)"), ""),
        "pptx": (_("eine PowerPoint-Präsentation (PPTX)"), ""),
        "opendocument": (_("ein anderes OpenDocument-Format (Tabelle oder Präsentation)"), ""),
        "zip": (_("ein ZIP-Archiv"), ""),
        "ole": (_("ein älteres Office-Dokument (z. B. DOC oder XLS)"), ""),
        "ole-encrypted": (_("ein kennwortgeschütztes (verschlüsseltes) Office-Dokument"), ""),
        "rtf": (_("ein RTF-Dokument"), ""),
        "image": (_("ein Bild"), ""),
        "binary": (_("eine Binärdatei unbekannten Formats"), ""),
    }


def _describe(kind):
    return _kind_names()[kind][0]


def _supported_list():
    return _("PDF, DOCX, ODT, TXT, Markdown und HTML")


def format_size(size):
    """``52428800`` → ``"50 MB"``; ``1536`` → ``"1,5 KB"`` (German decimal comma)."""
    for unit, factor in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if size >= factor:
            amount = size / factor
            text = f"{amount:.0f}" if amount >= 100 or amount == int(amount) else f"{amount:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} B"


def max_upload_bytes():
    return int(getattr(settings, "SOURCES_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def max_unpacked_bytes():
    return int(getattr(settings, "SOURCES_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES))


# Reading the input -----------------------------------------------------------------------------


def _too_large(name, size, limit):
    return ExtractionError(
        _(
            "Die Datei „%(name)s“ ist %(size)s groß; erlaubt sind höchstens %(limit)s. "
            "Bitte teilen Sie das Dokument auf oder verkleinern Sie es (z. B. Bilder komprimieren)."
        )
        % {"name": name, "size": format_size(size), "limit": format_size(limit)},
        "too_large",
    )


def _read_input(source, name):
    limit = max_upload_bytes()
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > limit:
            raise _too_large(name, len(data), limit)
        return data
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limit:
                raise _too_large(name, size, limit)
            return path.read_bytes()
        except OSError as error:
            raise ExtractionError(
                _("Die Datei „%(name)s“ lässt sich nicht lesen (%(error)s).")
                % {"name": name, "error": error.strerror or error},
                "unreadable",
            ) from error
    if hasattr(source, "read"):  # a file object, e.g. a Django File/UploadedFile
        size = getattr(source, "size", None)
        if not isinstance(size, int):
            try:
                position = source.tell()
                size = source.seek(0, io.SEEK_END) - position
                source.seek(position)
            except (AttributeError, OSError, ValueError):
                size = None
        if isinstance(size, int) and size > limit:
            raise _too_large(name, size, limit)
        data = source.read(limit + 1)
        if len(data) > limit:
            raise ExtractionError(
                _("Die Datei „%(name)s“ ist größer als erlaubt (höchstens %(limit)s).")
                % {"name": name, "limit": format_size(limit)},
                "too_large",
            )
        return data
    raise TypeError(f"extract() takes bytes, a path or a file object, not {type(source)!r}")


# Detecting the type ----------------------------------------------------------------------------

# The patterns below see untrusted text: every repetition is bounded or cannot overlap its
# neighbour, so that no input makes them backtrack for long.
_HTML_DOCUMENT = re.compile(
    r"^\s*+(<\?xml[^>]{0,500}>\s*+)?(<!--(?:[^-]|-(?!->))*+-->\s*+)*+"
    r"<(!doctype\s+html|html|head|body)\b",
    re.I,
)
_HTML_TAG = re.compile(
    r"</?(p|div|h[1-6]|br|ul|ol|li|table|tr|td|span|a|section|article|main|em|strong|b|i)\b"
    r"[^<>]{0,500}>",
    re.I,
)
_MARKDOWN_SIGN = re.compile(
    r"^(#{1,6}[ \t]+\S|[-*+][ \t]+\S|\d{1,3}\.[ \t]+\S|>[ \t]|```|={3,}[ \t]*$|-{3,}[ \t]*$)"
    r"|\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)|\*\*\S",
    re.M,
)


def _zip_kind(data):
    """Inspect a zip archive's directory only: (kind, ZipFile) or raise for a broken archive."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx", archive
    if "xl/workbook.xml" in names:
        return "xlsx", archive
    if "ppt/presentation.xml" in names:
        return "pptx", archive
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 256:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            if mimetype == "application/vnd.oasis.opendocument.text":
                return "odt", archive
            if mimetype.startswith("application/vnd.oasis.opendocument."):
                return "opendocument", archive
    return "zip", archive


def _binary_kind(data):
    """The kind of a file that is not text, or None when it may be text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        encrypted = "EncryptedPackage".encode("utf-16-le")
        return "ole-encrypted" if encrypted in data else "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM"):
        if data.startswith(magic):
            return "image"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image"
    return None


def _decode(data):
    """Text from bytes: (text, note) or None for binary content."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace"), None
    if b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8")
        note = None
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
        note = _(
            "Die Datei ist nicht UTF-8-kodiert und wurde als Windows-1252 (westeuropäisch) "
            "gelesen; prüfen Sie Umlaute und Sonderzeichen."
        )
    sample = text[:20000]
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    if sample and (control > len(sample) * 0.01 or sample.count("\ufffd") > len(sample) * 0.05):
        return None
    return text, note


def _at_least(pattern, text, count):
    return sum(1 for _match in itertools.islice(pattern.finditer(text), count)) >= count


def _text_kind(text):
    if _HTML_DOCUMENT.match(text[:4096]):
        return "html-document"
    if _at_least(_HTML_TAG, text[:20000], 3):
        return "html-fragment"
    if _at_least(_MARKDOWN_SIGN, text[:20000], 2):
        return "markdown"
    return "text"


def _mismatch(name, expected, actual):
    if actual == "binary" and expected in ("pdf", "docx", "odt"):
        detail = _(
            "Die Datei „%(name)s“ ist %(expected)s, sondern enthält Daten in unbekanntem Format; "
            "sie ist vermutlich beschädigt."
        )
    else:
        detail = _(
            "Die Datei „%(name)s“ ist %(expected)s, sondern %(actual)s. Bitte laden Sie die "
            "richtige Datei hoch oder geben Sie ihr die passende Endung."
        )
    names = _kind_names()
    return ExtractionError(
        detail % {"name": name, "expected": names[expected][1], "actual": names[actual][0]},
        "mismatch",
    )


def _unsupported(name, suffix):
    return ExtractionError(
        _(
            "Das Format „%(suffix)s“ der Datei „%(name)s“ wird nicht unterstützt; möglich sind %(list)s."
        )
        % {"suffix": suffix, "name": name, "list": _supported_list()},
        "unsupported",
    )


def _empty(name):
    return ExtractionError(_("Die Datei „%(name)s“ enthält keinen Text.") % {"name": name}, "empty")


def _corrupt(name, what):
    return ExtractionError(
        _("Die Datei „%(name)s“ ist beschädigt: %(what)s") % {"name": name, "what": what},
        "corrupt",
    )


# The entry point -------------------------------------------------------------------------------


def extract(source, filename=None):
    """Extract the text of ``source`` (bytes, a path or a file object) named ``filename``.

    Raises :class:`ExtractionError` with a specific German message for every kind of bad input.
    """
    if filename is None:
        filename = Path(source).name if isinstance(source, str | Path) else "Dokument"
    name = Path(str(filename)).name or str(filename)
    suffix = Path(name).suffix.lower()
    expected = EXTENSIONS.get(suffix)
    if suffix and expected is None:
        raise _unsupported(name, suffix)

    data = _read_input(source, name)
    if not data.strip():
        raise _empty(name)

    archive = None
    note = None
    text = None
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            kind, archive = _zip_kind(data)
        except Exception:  # BadZipFile, NotImplementedError, zlib.error, …: unreadable
            if expected in ("docx", "odt"):
                raise _corrupt(
                    name,
                    _(
                        "Das Dokument ist ein ZIP-Archiv, das sich nicht lesen lässt; es ist "
                        "vermutlich unvollständig hochgeladen worden oder abgeschnitten."
                    ),
                ) from None
            kind = "zip"
    else:
        kind = _binary_kind(data)
        if kind is None:
            decoded = _decode(data)
            if decoded is None:
                kind = "binary"
            else:
                text, note = decoded
                sniffed = _text_kind(text)
                kind = "html" if sniffed.startswith("html") else sniffed
                if expected in TEXT_KINDS:
                    # Markdown and plain text are interchangeable, and an HTML fragment may sit
                    # in a text or Markdown file; a whole HTML page may not, nor text in .html.
                    if expected == "html" and sniffed in ("text", "markdown"):
                        pass  # a mismatch, reported below
                    elif expected != "html" and sniffed == "html-document":
                        pass
                    else:
                        kind = expected

    if expected is not None and kind != expected:
        if kind == "ole-encrypted" and expected in ("docx", "odt"):
            raise ExtractionError(
                _(
                    "Die Datei „%(name)s“ ist mit einem Kennwort geschützt (verschlüsselt) und "
                    "kann nicht gelesen werden. Bitte speichern Sie sie ohne Kennwort und laden "
                    "Sie sie erneut hoch."
                )
                % {"name": name},
                "encrypted",
            )
        raise _mismatch(name, expected, kind)
    if kind not in SUPPORTED:
        raise ExtractionError(
            _("Die Datei „%(name)s“ ist %(actual)s; möglich sind %(list)s.")
            % {"name": name, "actual": _describe(kind), "list": _supported_list()},
            "unsupported",
        )

    if kind == "pdf":
        extraction = _extract_pdf(data, name)
    elif kind in ("docx", "odt"):
        _check_zip(archive, name)
        extraction = _extract_docx(data, name) if kind == "docx" else _extract_odt(archive, name)
    elif kind == "html":
        extraction = _extract_html(text)
    elif kind == "markdown":
        extraction = _extract_markdown(text)
    else:
        extraction = _extract_text(text)
    if note:
        extraction.notes.insert(0, note)
    if not any(page.text.strip() for page in extraction.pages):
        raise _empty(name)
    return extraction


# Zip archives (DOCX, ODT) -----------------------------------------------------------------------


def _check_zip(archive, name):
    """Refuse zip bombs from the archive's directory, before anything is unpacked.

    zipfile never unpacks more than a member's directory entry claims (it stops there and then
    fails the CRC check), so checking the claimed sizes bounds what reading can cost.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ExtractionError(
            _(
                "Die Datei „%(name)s“ wurde nicht geöffnet: sie besteht aus %(count)s "
                "Einzeldateien (erlaubt sind höchstens %(limit)s). Das deutet auf eine "
                "manipulierte Datei („ZIP-Bombe“) hin."
            )
            % {"name": name, "count": len(members), "limit": MAX_ZIP_MEMBERS},
            "zip_bomb",
        )
    unpacked = sum(info.file_size for info in members)
    limit = max_unpacked_bytes()
    if unpacked > limit:
        raise ExtractionError(
            _(
                "Die Datei „%(name)s“ wurde nicht geöffnet: entpackt wäre sie %(size)s groß "
                "(erlaubt sind höchstens %(limit)s). Das deutet auf eine manipulierte Datei "
                "(„ZIP-Bombe“) hin."
            )
            % {"name": name, "size": format_size(unpacked), "limit": format_size(limit)},
            "zip_bomb",
        )
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise ExtractionError(
                _(
                    "Die Datei „%(name)s“ wurde nicht geöffnet: ihr Bestandteil „%(member)s“ ist "
                    "ungewöhnlich stark komprimiert (%(size)s aus %(packed)s, mehr als "
                    "%(ratio)s-fach). Das deutet auf eine manipulierte Datei („ZIP-Bombe“) hin."
                )
                % {
                    "name": name,
                    "member": info.filename,
                    "size": format_size(info.file_size),
                    "packed": format_size(info.compress_size),
                    "ratio": MAX_COMPRESSION_RATIO,
                },
                "zip_bomb",
            )
        if info.flag_bits & 0x1:
            raise ExtractionError(
                _(
                    "Die Datei „%(name)s“ ist mit einem Kennwort geschützt (verschlüsselt) und "
                    "kann nicht gelesen werden."
                )
                % {"name": name},
                "encrypted",
            )


# PDF -------------------------------------------------------------------------------------------

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _extract_pdf(data, name):
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
        raise _corrupt(
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
        return _read_pdf(pdf, name)
    except ExtractionError:
        raise
    except Exception:  # a broken page or object inside an openable file
        logger.info("PDF text extraction failed for %s", name, exc_info=True)
        raise _corrupt(
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


def _read_pdf(pdf, name):
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

    extraction = Extraction(pages, "pdf", title=_pdf_title(pdf))
    if not pages:
        raise _empty(name)
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


# DOCX ------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(heading|überschrift|berschrift)\s*([1-9])$", re.I)
_DOCX_NODES = tuple(
    f"{_W}{tag}" for tag in ("t", "tab", "cr", "br", "noBreakHyphen", "lastRenderedPageBreak")
)


def _extract_docx(data, name):
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return _read_docx(document)
    except ExtractionError:
        raise
    except Exception:
        logger.info("DOCX extraction failed for %s", name, exc_info=True)
        raise _corrupt(
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
    pages = {1: []}
    state = {"page": 1}
    style_levels = {}
    title = (document.core_properties.title or "").strip() or None

    def level_of(element):
        outline = element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if outline and outline[0].isdigit() and int(outline[0]) < 9:
            return int(outline[0]) + 1
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
                if found and found[0].isdigit() and int(found[0]) < 9:
                    level = int(found[0]) + 1
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


# ODT -------------------------------------------------------------------------------------------

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
        raise _corrupt(
            name,
            _("„%(member)s“ enthält eine DOCTYPE-Deklaration, die hier nicht erlaubt ist.")
            % {"member": member},
        )
    return ElementTree.fromstring(raw)


def _extract_odt(archive, name):
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
        raise _corrupt(name, _("Dem OpenDocument-Text fehlt sein Inhalt (content.xml).")) from None
    except Exception:
        logger.info("ODT extraction failed for %s", name, exc_info=True)
        raise _corrupt(
            name,
            _(
                "Der Inhalt des OpenDocument-Texts lässt sich nicht lesen; Teile davon fehlen "
                "oder sind fehlerhaft."
            ),
        ) from None

    text_root = root.find(f"{_OFFICE}body/{_OFFICE}text")
    pages = {1: []}
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
        parts = []
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
                block(child, int(level) if level.isdigit() and int(level) > 0 else 1)
            elif tag == f"{_TEXT}p":
                block(child, 0)
            elif tag == f"{_TEXT}soft-page-break":
                state["page"] += 1
            elif tag == f"{_TABLE}table-row":
                cells = []
                for cell in child.iter(f"{_TABLE}table-cell"):
                    parts = []
                    for paragraph in cell.iter():
                        if paragraph.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                            inline(paragraph, parts)
                            parts.append(" ")
                    cell_text = " ".join("".join(parts).split())
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


# HTML ------------------------------------------------------------------------------------------

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


def _extract_html(text):
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


def strip_markdown(text):
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


def _extract_markdown(text):
    blocks = []
    paragraph = []
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


# Plain text ------------------------------------------------------------------------------------


def _extract_text(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    pages = [PageText(number, chunk.strip("\n")) for number, chunk in enumerate(chunks, 1)]
    while len(pages) > 1 and not pages[-1].text.strip():
        pages.pop()
    return Extraction(pages, "text")
