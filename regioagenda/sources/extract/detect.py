"""Reading the input and telling what it is: size limits, content sniffing, extension checks.

The file type comes from the content (never from the name alone) and is compared with the
extension; a mismatch, an unsupported format or a file over the size limit ends as an
:class:`~regioagenda.sources.extract.base.ExtractionError` with a specific message. The zip bomb
check for the zip based formats (DOCX, ODT) is here too: it reads only the archive's directory.
"""

import io
import itertools
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from .base import MB, ExtractionError, format_size

DEFAULT_MAX_UPLOAD_BYTES = 50 * MB
DEFAULT_MAX_UNPACKED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
# Members smaller than this may have any ratio (an empty or repetitive small part is harmless).
RATIO_MIN_BYTES = 1 * MB

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

# What extract() reads: bytes, a path or a file object (e.g. a Django File/UploadedFile).
Source = bytes | bytearray | memoryview | str | Path | BinaryIO


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


def describe(kind: str) -> str:
    return _kind_names()[kind][0]


def supported_list() -> str:
    return _("PDF, DOCX, ODT, TXT, Markdown und HTML")


def max_upload_bytes() -> int:
    return int(getattr(settings, "SOURCES_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def max_unpacked_bytes() -> int:
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


def read_input(source: Source, name: str) -> bytes:
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
        length = getattr(source, "size", None)
        if not isinstance(length, int):
            try:
                position = source.tell()
                length = source.seek(0, io.SEEK_END) - position
                source.seek(position)
            except (AttributeError, OSError, ValueError):
                length = None
        if isinstance(length, int) and length > limit:
            raise _too_large(name, length, limit)
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


def zip_kind(data: bytes) -> tuple[str, zipfile.ZipFile]:
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


def binary_kind(data: bytes):
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


def decode(data: bytes):
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


def text_kind(text: str) -> str:
    if _HTML_DOCUMENT.match(text[:4096]):
        return "html-document"
    if _at_least(_HTML_TAG, text[:20000], 3):
        return "html-fragment"
    if _at_least(_MARKDOWN_SIGN, text[:20000], 2):
        return "markdown"
    return "text"


def mismatch_error(name: str, expected: str, actual: str) -> ExtractionError:
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


def unsupported_error(name: str, suffix: str) -> ExtractionError:
    return ExtractionError(
        _(
            "Das Format „%(suffix)s“ der Datei „%(name)s“ wird nicht unterstützt; möglich sind %(list)s."
        )
        % {"suffix": suffix, "name": name, "list": supported_list()},
        "unsupported",
    )


# Zip archives (DOCX, ODT) -----------------------------------------------------------------------


def check_zip(archive, name: str) -> None:
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
