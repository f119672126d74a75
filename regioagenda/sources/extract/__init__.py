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

The package holds one module per step or format: ``base`` (the result types and
``ExtractionError``), ``detect`` (reading the input, size limits, content sniffing, extension
checks, zip bomb checks), ``pdf``, ``docx``, ``odt``, ``html`` (HTML and Markdown) and ``text``.
This module is the entry point, :func:`extract`, and re-exports the names callers use.
"""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from .base import (
    MB,
    Block,
    Extraction,
    ExtractionError,
    Line,
    PageText,
    corrupt_error,
    empty_error,
    format_size,
)
from .detect import (
    DEFAULT_MAX_UNPACKED_BYTES,
    DEFAULT_MAX_UPLOAD_BYTES,
    EXTENSIONS,
    MAX_COMPRESSION_RATIO,
    MAX_ZIP_MEMBERS,
    RATIO_MIN_BYTES,
    SUPPORTED,
    TEXT_KINDS,
    Source,
    binary_kind,
    check_zip,
    decode,
    describe,
    max_unpacked_bytes,
    max_upload_bytes,
    mismatch_error,
    read_input,
    supported_list,
    text_kind,
    unsupported_error,
    zip_kind,
)
from .docx import extract_docx
from .html import extract_html, extract_markdown, strip_markdown
from .odt import extract_odt
from .pdf import MIN_PAGE_CHARS, SCANNED_SHARE, extract_pdf
from .text import extract_text

__all__ = [
    "DEFAULT_MAX_UNPACKED_BYTES",
    "DEFAULT_MAX_UPLOAD_BYTES",
    "EXTENSIONS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ZIP_MEMBERS",
    "MB",
    "MIN_PAGE_CHARS",
    "RATIO_MIN_BYTES",
    "SCANNED_SHARE",
    "SUPPORTED",
    "TEXT_KINDS",
    "Block",
    "Source",
    "Extraction",
    "ExtractionError",
    "Line",
    "PageText",
    "extract",
    "format_size",
    "max_unpacked_bytes",
    "max_upload_bytes",
    "strip_markdown",
]

# The entry point -------------------------------------------------------------------------------


def extract(
    source: Source,
    filename: str | Path | None = None,
    *,
    on_page: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Extract the text of ``source`` (bytes, a path or a file object) named ``filename``.

    ``on_page(done, total)`` is called as pages are read: after each page of a PDF, once at the
    end for the other formats (they are read in one go).

    Raises :class:`ExtractionError` with a specific German message for every kind of bad input.
    """
    if filename is None:
        filename = Path(source).name if isinstance(source, str | Path) else "Dokument"
    name = Path(str(filename)).name or str(filename)
    suffix = Path(name).suffix.lower()
    expected = EXTENSIONS.get(suffix)
    if suffix and expected is None:
        raise unsupported_error(name, suffix)

    data = read_input(source, name)
    if not data.strip():
        raise empty_error(name)

    archive = None
    note = None
    text = None
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            kind, archive = zip_kind(data)
        except Exception:  # BadZipFile, NotImplementedError, zlib.error, …: unreadable
            if expected in ("docx", "odt"):
                raise corrupt_error(
                    name,
                    _(
                        "Das Dokument ist ein ZIP-Archiv, das sich nicht lesen lässt; es ist "
                        "vermutlich unvollständig hochgeladen worden oder abgeschnitten."
                    ),
                ) from None
            kind = "zip"
    else:
        kind = binary_kind(data)
        if kind is None:
            decoded = decode(data)
            if decoded is None:
                kind = "binary"
            else:
                text, note = decoded
                sniffed = text_kind(text)
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
        raise mismatch_error(name, expected, kind)
    if kind not in SUPPORTED:
        raise ExtractionError(
            _("Die Datei „%(name)s“ ist %(actual)s; möglich sind %(list)s.")
            % {"name": name, "actual": describe(kind), "list": supported_list()},
            "unsupported",
        )

    if kind == "pdf":
        extraction = extract_pdf(data, name, on_page)
    elif kind in ("docx", "odt"):
        check_zip(archive, name)
        extraction = extract_docx(data, name) if kind == "docx" else extract_odt(archive, name)
    elif kind == "html":
        extraction = extract_html(text)
    elif kind == "markdown":
        extraction = extract_markdown(text)
    else:
        extraction = extract_text(text)
    if note:
        extraction.notes.insert(0, note)
    if not any(page.text.strip() for page in extraction.pages):
        raise empty_error(name)
    if on_page is not None and kind != "pdf":
        on_page(len(extraction.pages), len(extraction.pages))
    return extraction
