"""Reading uploaded tables (CSV or XLSX) and keeping cells from being run as formulas.

Shared by the imports of indicator values and of actors: each passes its own limits. A file is
read whatever way Excel saved it (semicolon, comma or tab; UTF-8 with or without byte order
mark), and every way it can be unreadable gets one message saying what to do instead, never a
server error. Rows come as ``(line, cells)`` with the line a person sees in the spreadsheet.
"""

import csv
import datetime
import io
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CSV = ".csv"
XLSX = ".xlsx"

# Reading stops this many records after the row limit: blank rows are dropped only later, and the
# caller still sees that there are more rows than allowed (and says so).
ROW_SLACK = 1000

# Text a spreadsheet would treat as a formula when it starts a cell (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_BOM = b"\xef\xbb\xbf"
_ZIP = b"PK\x03\x04"


def read_upload(file, *, max_bytes):
    """The bytes of an uploaded file (or of ``bytes``), refusing empty and oversized ones."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    elif (getattr(file, "size", None) or 0) > max_bytes:
        data = None
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(max_bytes + 1)
    if data is None or len(data) > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß: erlaubt sind höchstens %(max)d MB.")
            % {"max": max_bytes // (1024 * 1024)}
        )
    if not data.removeprefix(_BOM).strip():
        raise ValidationError(_("Die Datei ist leer."))
    return data


def file_kind(filename):
    """``CSV`` or ``XLSX`` by the file's ending, or a ValidationError naming the allowed types."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in (CSV, XLSX):
        return suffix
    if suffix == ".xls":
        raise ValidationError(
            _(
                "Das alte Excel-Format .xls wird nicht unterstützt. Bitte speichern Sie die Datei "
                "in Excel als „Excel-Arbeitsmappe (.xlsx)“ oder als „CSV UTF-8“."
            )
        )
    raise ValidationError(
        _(
            "Dateien vom Typ „%(suffix)s“ können nicht eingelesen werden; erlaubt sind .csv und .xlsx."
        )
        % {"suffix": suffix or _("ohne Endung")}
    )


def csv_rows(data, filename, *, max_columns, max_rows, convert=None):
    """``([(line, cells), …], delimiter)`` of a CSV file; the delimiter (; , or tab) is the one
    the first non-blank line has most of.

    Cells are stripped and then passed through ``convert`` if given; only the first
    ``max_columns`` are kept, and reading stops ``ROW_SLACK`` records after ``max_rows``.
    """
    if b"\x00" in data or data.startswith(_ZIP):
        raise ValidationError(
            _(
                "„%(name)s“ ist keine CSV-Textdatei, sondern binär (vielleicht eine umbenannte "
                "Excel-Datei). Laden Sie eine CSV- oder .xlsx-Datei mit der passenden Endung hoch."
            )
            % {"name": filename}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "„%(name)s“ ist nicht UTF-8-kodiert. Speichern Sie die Datei in Excel als "
                "„CSV UTF-8 (durch Trennzeichen getrennt)“ oder laden Sie die .xlsx-Datei hoch."
            )
            % {"name": filename}
        ) from exc
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for cells in reader:
            cells = [cell.strip() for cell in cells[:max_columns]]
            rows.append((line, [convert(cell) for cell in cells] if convert else cells))
            line = reader.line_num + 1
            if len(rows) > max_rows + ROW_SLACK:
                break
    except csv.Error as exc:
        raise ValidationError(
            _("Zeile %(line)d lässt sich nicht als CSV lesen (%(reason)s).")
            % {"line": line, "reason": exc}
        ) from exc
    return rows, delimiter


def cell_value(cell):
    """A workbook cell's value: text stripped, empty cells as "", anything else as it is."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def xlsx_sheets(
    data, filename, *, max_columns, max_rows, max_unpacked_bytes, convert=cell_value, skip=()
):
    """``{sheet name: [(line, cells), …]}`` of a workbook's sheets (but those named in ``skip``),
    or one message why the file cannot be read.

    ``convert`` turns each openpyxl cell into the cell value the caller wants; the column and
    row limits are those of ``csv_rows``; a workbook unpacking to more than
    ``max_unpacked_bytes`` is refused before it is opened.
    """
    return _read_workbook(
        data,
        filename,
        lambda workbook: [sheet for sheet in workbook.worksheets if sheet.title not in skip],
        max_columns=max_columns,
        max_rows=max_rows,
        max_unpacked_bytes=max_unpacked_bytes,
        convert=convert,
    )


def xlsx_sheet(
    data, filename, name, *, max_columns, max_rows, max_unpacked_bytes, convert=cell_value
):
    """``[(line, cells), …]`` of the sheet ``name`` of a workbook, or of its first sheet when it
    has none of that name; see ``xlsx_sheets``."""

    def choose(workbook):
        return [workbook[name] if name in workbook.sheetnames else workbook.worksheets[0]]

    sheets = _read_workbook(
        data,
        filename,
        choose,
        max_columns=max_columns,
        max_rows=max_rows,
        max_unpacked_bytes=max_unpacked_bytes,
        convert=convert,
    )
    return next(iter(sheets.values()))


def _read_workbook(data, filename, choose, *, max_columns, max_rows, max_unpacked_bytes, convert):
    not_a_workbook = ValidationError(
        _(
            "„%(name)s“ ist keine gültige Excel-Arbeitsmappe (.xlsx). Speichern Sie die Datei in "
            "Excel als „Excel-Arbeitsmappe (.xlsx)“ oder laden Sie eine CSV-Datei hoch."
        )
        % {"name": filename}
    )
    if not data.startswith(_ZIP):
        raise not_a_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise not_a_workbook from exc
    if "xl/workbook.xml" not in names:
        raise not_a_workbook
    if unpacked > max_unpacked_bytes:
        raise ValidationError(_("Die Arbeitsmappe ist entpackt zu groß für einen Import."))
    import openpyxl

    sheets = {}
    # A broken workbook can fail anywhere inside openpyxl with many exception types; each one
    # means "this file cannot be read", which the user must hear instead of a server error.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in choose(workbook):
                sheet.reset_dimensions()
                rows = []
                for line, cells in enumerate(sheet.iter_rows(max_col=max_columns), start=1):
                    rows.append((line, [convert(cell) for cell in cells]))
                    if len(rows) > max_rows + ROW_SLACK:
                        break
                sheets[sheet.title] = rows
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 (see above)
        raise not_a_workbook from exc
    return sheets


# Formula injection -------------------------------------------------------------------------------


def defuse(value):
    """A cell for CSV or XLSX: text that a spreadsheet would run as a formula (starting with
    = + - @, tab or carriage return) gets a leading apostrophe; anything else stays as it is,
    ``None`` becomes ""."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def restore(text):
    """Undo ``defuse``: drop the apostrophe put before a formula-like cell."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and text[1:2]:
        return text[1:]
    return text


def parse_date(raw):
    """A date from a date cell, or from text as YYYY-MM-DD, DD.MM.YYYY or DD.MM.YY;
    ValueError otherwise. One reading of dates for every import of the platform."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)
