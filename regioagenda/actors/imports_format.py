"""The file format of the actors' import and export: columns, reading CSV/XLSX, writing them.

Nothing here touches the database. The columns are a fixed German interface (templates and
workbooks are German whatever the page's language), so a file exported by one agenda can be
imported by another; a CSV exported from /en/ has English column names (``ENGLISH_HEADERS``),
and those are understood as well. Cells a spreadsheet would run as a formula are
defused on the way out and restored on the way in.
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regioagenda.core import csvexport, tabular
from regioagenda.core.tabular import defuse, restore

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 40
# An .xlsx is a zip: refuse archives that unpack to far more than 2,000 rows of actors need.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024

ORGANISATIONS = "organisations"
PEOPLE = "people"
KINDS = (ORGANISATIONS, PEOPLE)

# Sheet names of the workbooks; a people import also reads an "Organisationen" sheet, so one
# workbook can bring people together with the organisations they belong to.
SHEETS = {ORGANISATIONS: "Organisationen", PEOPLE: "Personen"}
NOTES_SHEET = "Erläuterung"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # fixed German column name, see the module docstring
    required: bool = False
    aliases: tuple = ()


# English names of the columns, for CSV exports from /en/ (core.csvexport's convention).
ENGLISH_HEADERS = {
    "name": "Name",
    "sector": "Sector",
    "region": "Region (AGS)",
    "website": "Website",
    "description": "Description",
    "fields": "Fields of action",
    "organisation": "Organisation",
    "function": "Function",
    "email": "Email",
    "phone": "Phone",
    "visibility": "Visibility",
    "consent_contact_on": "Consent to contact on",
    "consent_contact_source": "Consent to contact source",
    "consent_publish_on": "Consent to publication on",
    "consent_publish_source": "Consent to publication source",
    "consent_pool_on": "Consent to pool on",
    "consent_pool_source": "Consent to pool source",
}


ORGANISATION_COLUMNS = (
    Column("name", "Name", True, ("name", "organisationsname")),
    Column("sector", "Bereich", True, ("sector", "sektor")),
    Column("region", "Region (AGS)", False, ("region", "ags", "region_ags")),
    Column("website", "Website", False, ("website", "webseite", "url", "internetseite")),
    Column("description", "Beschreibung", False, ("description",)),
    Column("fields", "Handlungsfelder", False, ("fields", "handlungsfeld")),
)

# Consent columns per purpose: (purpose, date column key, source column key).
CONSENT_COLUMNS = (
    ("contact", "consent_contact_on", "consent_contact_source"),
    ("publish", "consent_publish_on", "consent_publish_source"),
    ("pool", "consent_pool_on", "consent_pool_source"),
)

PEOPLE_COLUMNS = (
    Column("name", "Name", True, ("name", "person")),
    Column("organisation", "Organisation", False, ("organisation", "organization")),
    Column("sector", "Bereich", False, ("sector", "sektor")),
    Column("function", "Funktion", False, ("function", "position", "rolle")),
    Column("email", "E-Mail", False, ("email", "e-mail-adresse", "mail", "emailadresse")),
    Column("phone", "Telefon", False, ("phone", "telefonnummer", "tel")),
    Column("region", "Region (AGS)", False, ("region", "ags", "region_ags")),
    Column("visibility", "Sichtbarkeit", False, ("visibility",)),
    Column("fields", "Handlungsfelder", False, ("fields", "handlungsfeld", "expertise")),
    Column("consent_contact_on", "Einwilligung Kontakt am", False, ("consent_contact_on",)),
    Column(
        "consent_contact_source", "Einwilligung Kontakt Quelle", False, ("consent_contact_source",)
    ),
    Column(
        "consent_publish_on", "Einwilligung Veröffentlichung am", False, ("consent_publish_on",)
    ),
    Column(
        "consent_publish_source",
        "Einwilligung Veröffentlichung Quelle",
        False,
        ("consent_publish_source",),
    ),
    Column("consent_pool_on", "Einwilligung Pool am", False, ("consent_pool_on",)),
    Column("consent_pool_source", "Einwilligung Pool Quelle", False, ("consent_pool_source",)),
)

COLUMNS = {ORGANISATIONS: ORGANISATION_COLUMNS, PEOPLE: PEOPLE_COLUMNS}


def headers(kind, language="de"):
    """The column names of ``kind`` in file order, as the template and the export write them:
    German, or English for a CSV exported from /en/."""
    if csvexport.convention(language) is csvexport.ENGLISH:
        return [ENGLISH_HEADERS[column.key] for column in COLUMNS[kind]]
    return [column.header for column in COLUMNS[kind]]


def column_header(kind, key):
    return next(column.header for column in COLUMNS[kind] if column.key == key)


@dataclass
class Table:
    """One sheet (or the CSV file) of an upload: ``rows`` are ``(line, {column key: text})``."""

    kind: str
    sheet: str | None
    rows: list


# Reading -----------------------------------------------------------------------------------------


def read_upload(file: UploadedFile | bytes) -> bytes:
    """The bytes of an uploaded file (or of ``bytes``), refusing empty and oversized ones."""
    return tabular.read_upload(file, max_bytes=MAX_UPLOAD_BYTES)


def read_tables(kind: str, data: bytes, filename: str) -> list[Table]:
    """The tables of an upload for an import of ``kind``, header checked, blank rows dropped.

    A CSV file is one table of ``kind``. A workbook gives the sheet named like ``kind`` (else
    its first sheet); a people import also takes a filled-in sheet "Organisationen". The main
    table comes last, so organisations are checked before the people who refer to them.
    """
    if kind not in KINDS:
        raise ValidationError(_("Bitte wählen Sie, ob Organisationen oder Personen kommen."))
    limits = {"max_columns": MAX_COLUMNS, "max_rows": MAX_ROWS}
    if tabular.file_kind(filename) == tabular.CSV:
        rows, _delimiter = tabular.csv_rows(data, filename, convert=restore, **limits)
        return [_table(kind, None, rows, main=True)]
    sheets = tabular.xlsx_sheets(
        data,
        filename,
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
        convert=lambda cell: cell_text(cell.value),
        skip=(NOTES_SHEET,),
        **limits,
    )
    tables = []
    if kind == PEOPLE and SHEETS[ORGANISATIONS] in sheets:
        organisations = _table(ORGANISATIONS, SHEETS[ORGANISATIONS], sheets[SHEETS[ORGANISATIONS]])
        if organisations.rows:
            tables.append(organisations)
    name = SHEETS[kind]
    if name not in sheets:
        others = [s for s in sheets if s not in (NOTES_SHEET, *SHEETS.values())]
        if not others:
            raise ValidationError(
                _("Die Arbeitsmappe hat kein Blatt „%(sheet)s“.") % {"sheet": SHEETS[kind]}
            )
        name = others[0]
    tables.append(_table(kind, name, sheets[name], main=True))
    return tables


def _table(kind, sheet, rows, main=False):
    """Map the header to columns and every later row to ``{key: text}``.

    Only the main table must have rows: an empty "Organisationen" sheet next to the people
    is the untouched template.
    """
    rows = [(line, cells) for line, cells in rows if any(cell != "" for cell in cells)]
    if not rows:
        if not main:
            return Table(kind, sheet, [])
        raise ValidationError(_("Die Datei ist leer."))
    (_line, header), body = rows[0], rows[1:]
    positions = _header_map(kind, sheet, header)
    if main and not body:
        raise ValidationError(
            _("Die Datei enthält nur die Kopfzeile; es gibt keine Zeile zum Importieren.")
        )
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("Die Datei hat mehr als %(max)s Zeilen; bitte teilen Sie sie auf.")
            % {"max": MAX_ROWS}
        )
    table = []
    width = len(header)
    for line, cells in body:
        record = {
            key: (cells[index] if index < len(cells) else "") for key, index in positions.items()
        }
        # Text beyond the named columns usually means an unquoted separator inside a cell.
        stray = [cells[i] for i in range(len(cells)) if i >= width or (i not in positions.values())]
        if any(cell != "" for cell in stray):
            record["__extra__"] = "1"
        table.append((line, record))
    return Table(kind, sheet, table)


def _normal_header(text):
    return " ".join(str(text).replace("*", " ").split()).casefold()


def _header_map(kind, sheet, cells):
    """``{column key: position}``; missing, unknown or doubled columns give one message."""
    columns = COLUMNS[kind]
    aliases: dict[str, str] = {}
    for column in columns:
        for alias in (column.header, column.key, ENGLISH_HEADERS[column.key], *column.aliases):
            aliases.setdefault(_normal_header(alias), column.key)
    positions, unknown, doubled = {}, [], []
    for index, cell in enumerate(cells):
        text = str(cell).strip()
        if not text:
            continue
        key = aliases.get(_normal_header(text))
        if key is None:
            unknown.append(text)
        elif key in positions:
            doubled.append(text)
        else:
            positions[key] = index
    missing = [
        column.header for column in columns if column.required and column.key not in positions
    ]
    if missing or unknown or doubled:
        parts = []
        if missing:
            parts.append(_("Es fehlen: %(names)s.") % {"names": ", ".join(missing)})
        if unknown:
            parts.append(_("Unbekannt: %(names)s.") % {"names": ", ".join(unknown)})
        if doubled:
            parts.append(_("Doppelt: %(names)s.") % {"names": ", ".join(doubled)})
        where = (
            _("Die Spalten im Blatt „%(sheet)s“ passen nicht zur Vorlage für %(what)s.")
            if sheet
            else _("Die Spalten passen nicht zur Vorlage für %(what)s.")
        ) % {
            "sheet": sheet,
            "what": _("Organisationen") if kind == ORGANISATIONS else _("Personen"),
        }
        expected = _(
            "Erwartet werden (in der ersten Zeile): %(all)s; Pflicht sind: %(required)s."
        ) % {
            "all": ", ".join(headers(kind)),
            "required": ", ".join(c.header for c in columns if c.required),
        }
        raise ValidationError(" ".join([where, *parts, expected]))
    return positions


def cell_text(value):
    """A workbook cell as the text a person would have typed: dates as ISO, whole numbers
    without ".0", formula escapes undone."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value).strip())


# Writing -----------------------------------------------------------------------------------------


def to_csv(kind: str, rows: Iterable[Sequence[object]], language: str = "de") -> bytes:
    """CSV in the platform's convention (``core.csvexport``): for German Excel semicolons and
    German headers; from /en/ commas, ISO dates and English headers. Both import again."""
    return csvexport.csv_bytes(headers(kind, language), rows, language=language)


def to_xlsx(
    tables: Iterable[tuple[str, Iterable[Sequence[object]]]],
    notes: Iterable[Sequence[object]] | None = None,
) -> bytes:
    """A workbook with a sheet per ``(kind, rows)`` (header bold, frozen), plus a sheet
    "Erläuterung" when ``notes`` (a list of rows; rows starting with a heading) is given.

    Every value is written as a value, never as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, rows in tables:
        sheet = workbook.create_sheet(SHEETS[kind])
        sheet.append(headers(kind))
        for row in rows:
            sheet.append(
                [
                    ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                    for value in (defuse(value) for value in row)
                ]
            )
        for cell in sheet[1]:
            cell.font = bold
        for index, column in enumerate(COLUMNS[kind], start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
            if column.key.endswith("_on"):
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "DD.MM.YYYY"
        sheet.freeze_panes = "A2"
    if notes is not None:
        sheet = workbook.create_sheet(NOTES_SHEET)
        for row in notes:
            sheet.append([defuse(value) for value in row])
            if row and row[0] and len(row) == 1:
                sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.column_dimensions["A"].width = 38
        sheet.column_dimensions["B"].width = 60
        sheet.column_dimensions["C"].width = 14
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# The template ------------------------------------------------------------------------------------

COLUMN_HELP = {
    "name": gettext_lazy("Name der Organisation bzw. Vor- und Nachname der Person."),
    "sector": gettext_lazy(
        "Bereich der Gesellschaft: Schlüssel oder Bezeichnung (siehe unten). Bei Personen nur, "
        "wenn sie für keine Organisation sprechen; sonst zählt der Bereich der Organisation."
    ),
    "region": gettext_lazy(
        "Amtlicher Gemeindeschlüssel (AGS) der Gemeinde oder des Kreises, z. B. 09162000."
    ),
    "website": gettext_lazy("Webadresse, z. B. https://www.example.de."),
    "description": gettext_lazy("Kurze Beschreibung."),
    "fields": gettext_lazy(
        "Handlungsfelder: Schlüssel oder Namen, mehrere durch „;“ getrennt (siehe unten)."
    ),
    "organisation": gettext_lazy(
        "Name der Organisation, wie sie in der Agenda oder im Blatt „Organisationen“ steht."
    ),
    "function": gettext_lazy("Funktion oder Rolle in der Organisation."),
    "email": gettext_lazy(
        "E-Mail-Adresse; eine gleiche Adresse in der Agenda gilt als sicheres Duplikat."
    ),
    "phone": gettext_lazy("Telefonnummer."),
    "visibility": gettext_lazy("„intern“ (Standard) oder „öffentlich“."),
}


def _column_help(column):
    if column.key.endswith("_on"):
        return _("Datum der Einwilligung (TT.MM.JJJJ); dazu gehört die Quelle.")
    if column.key.endswith("_source"):
        return _("Wie die Einwilligung erteilt wurde, z. B. „Anmeldeformular Auftakt“.")
    return str(COLUMN_HELP[column.key])


def template_notes(kind, fields):
    """The rows of the explanation sheet: the columns, the allowed sectors and field keys."""
    from regioagenda.actors.models import Sector

    sectors = [(key, str(label)) for key, label in Sector.choices]
    rows = [[_("Spalten")], [_("Spalte"), _("Erläuterung"), _("Pflicht")]]
    for column in COLUMNS[kind]:
        rows.append([column.header, _column_help(column), _("ja") if column.required else ""])
    if kind == PEOPLE:
        rows.append([])
        rows.append(
            [
                _("Hinweis"),
                _(
                    "Neue Organisationen können im Blatt „Organisationen“ derselben Datei "
                    "mitkommen; Personen verweisen mit dem Namen auf sie."
                ),
            ]
        )
    rows += [[], [_("Bereiche")], [_("Schlüssel"), _("Bezeichnung")]]
    rows += [[key, label] for key, label in sectors]
    rows += [[], [_("Handlungsfelder")], [_("Schlüssel"), _("Name")]]
    rows += [[key, name] for key, name in fields]
    if kind == PEOPLE:
        rows += [[], [_("Sichtbarkeit")], ["intern", ""], ["öffentlich", ""]]
    return rows


def template_file(kind: str, fmt: str, fields: Iterable[tuple[str, str]]) -> bytes:
    """The empty import template (header only); the workbook explains the columns.

    ``fields`` are the ``(key, name)`` pairs of the active framework (German names)."""
    with translation.override("de"):
        if fmt == "csv":
            return to_csv(kind, [])
        tables: list[tuple[str, Iterable[Sequence[object]]]] = [(kind, [])]
        if kind == PEOPLE:
            tables.append((ORGANISATIONS, []))
        return to_xlsx(tables, notes=template_notes(kind, fields))
