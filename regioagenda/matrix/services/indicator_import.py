"""Reading an indicator import (CSV or XLSX) and checking it row by row, writing nothing.

The file is read whatever way Excel saved it (semicolon, comma or tab; UTF-8 with or without
byte order mark; a workbook's sheet "Werte"), the header mapped to the template's columns, and
every row checked like a value entered by hand. The result lists each row with what would
happen to it (create, update, unchanged) or why it cannot be imported.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from regioagenda.core import tabular
from regioagenda.core.tabular import parse_date
from regioagenda.matrix.models import FrameworkVersion, Indicator, IndicatorValue
from regioagenda.matrix.queries.indicators import (
    is_yes_no,
    show_number,
    show_value,
    version_indicators,
)
from regioagenda.matrix.services.indicator_input import (
    parse_number,
    round_value,
    show_date,
    value_problems,
)
from regioagenda.regions.models import Agenda

# One cell of a row as read from the file: text, a number or a date (empty cells are "").
CellReader = Callable[[str], object]

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# A real template has six columns; more are read but ignored, and no sheet needs more than this.
MAX_COLUMNS = 30
# An .xlsx is a zip: refuse archives that unpack to far more than any sheet of 5,000 rows needs.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024

# The columns of the import file, German as in the template; English names are understood too.
COLUMNS = {
    "indicator": ("Indikator", "indicator"),
    "value": ("Wert", "value"),
    "unit": ("Einheit", "unit"),
    "date": ("Stichtag", "date"),
    "source": ("Quelle", "source"),
    "note": ("Anmerkung", "note"),
}
REQUIRED_COLUMNS = ("indicator", "value", "unit", "date", "source")


@dataclass
class ImportRow:
    line: int
    key: str
    raw_value: str
    raw_date: str
    indicator: Indicator | None = None
    value: Decimal | None = None
    date: datetime.date | None = None
    source: str = ""
    note: str = ""
    action: str = ""  # "create", "update" or "unchanged" once the row is valid
    previous: Decimal | None = None
    existing: IndicatorValue | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def display(self) -> str:
        if self.indicator is not None and self.value is not None:
            return show_value(self.indicator, self.value)
        return self.raw_value

    @property
    def previous_display(self) -> str:
        return show_value(self.indicator, self.previous) if self.indicator else ""


@dataclass
class ImportResult:
    filename: str
    rows: list[ImportRow]
    errors: list[str]
    skipped: int = 0
    written: bool = False

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def is_valid(self) -> bool:
        return not self.errors


# Reading the file -------------------------------------------------------------------------------


def read_upload(*, file: object) -> bytes:
    """The bytes of an uploaded file (or of ``bytes``), refusing empty and oversized ones."""
    return tabular.read_upload(file, max_bytes=MAX_UPLOAD_BYTES)


def _read_table(data: bytes, filename: str) -> tuple[list[tuple[int, list[object]]], str | None]:
    """``([(line, cells), …], delimiter)`` of a CSV file, or of the sheet "Werte" (else the
    first sheet) of a workbook, whose delimiter is ``None``."""
    limits = {"max_columns": MAX_COLUMNS, "max_rows": MAX_ROWS}
    if tabular.file_kind(filename) == tabular.CSV:
        return tabular.csv_rows(data, filename, **limits)
    rows = tabular.xlsx_sheet(
        data,
        filename,
        "Werte",
        max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES,
        convert=_cell_value,
        **limits,
    )
    return rows, None


def _cell_value(cell: Any) -> object:
    """Numbers and dates as they are, text stripped, empty cells as "".

    A number formatted as percentage is stored as a fraction (87 % as 0.87); take what the
    person saw and typed, since the unit column already says "%".
    """
    value = tabular.cell_value(cell)
    percent = "%" in (cell.number_format or "")
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        return parse_number(raw=value) * 100
    return value


def _header_map(cells: Sequence[object]) -> dict[str, int]:
    """Column positions by column name, or a ValidationError naming the expected columns."""
    aliases = {alias.casefold(): name for name, names in COLUMNS.items() for alias in names}
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = aliases.get(str(cell).strip().rstrip("*").strip().casefold())
        if name is not None and name not in positions:
            positions[name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        found = ", ".join(str(cell) for cell in cells if str(cell).strip()) or _("nichts")
        raise ValidationError(
            _(
                "Die erste Zeile muss die Spaltennamen enthalten: Indikator, Wert, Einheit, "
                "Stichtag, Quelle und (freiwillig) Anmerkung – wie in der Vorlage. Es fehlen: "
                "%(missing)s. Gefunden: %(found)s."
            )
            % {"missing": ", ".join(missing), "found": found}
        )
    return positions


def _is_blank(cells: Sequence[object]) -> bool:
    return all(cell == "" for cell in cells)


# Checking the rows ------------------------------------------------------------------------------


def plan_import(
    *, agenda: Agenda, version: FrameworkVersion, data: bytes, filename: str
) -> ImportResult:
    """Read and check every row without writing anything."""
    table, delimiter = _read_table(data, filename)
    table = [(line, cells) for line, cells in table if not _is_blank(cells)]
    if not table:
        raise ValidationError(_("Die Datei ist leer."))
    (_header_line, header), body = table[0], table[1:]
    columns = _header_map(header)
    if len(body) > MAX_ROWS:
        raise ValidationError(
            _("Die Datei hat mehr als %(max)s Zeilen; bitte teilen Sie sie auf.")
            % {"max": show_number(Decimal(MAX_ROWS))}
        )
    indicators: dict[str, list[Indicator]] = {}
    for indicator in version_indicators(version):
        indicators.setdefault(indicator.key, []).append(indicator)
    result = ImportResult(filename=filename, rows=[], errors=[])
    seen: dict[tuple[int, datetime.date], int] = {}
    for line, cells in body:
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name: str, cells: list[object] = cells) -> object:
            return cells[columns[name]] if name in columns else ""

        row = ImportRow(
            line=line,
            key=str(cell("indicator")),
            raw_value=str(cell("value")),
            raw_date=str(cell("date")),
        )
        if cell("value") == "" and cell("date") == "":
            result.skipped += 1  # a template row nobody filled in
            continue
        _check_row(row, cell, indicators, version)
        extra = cells[len(header) :]
        if extra and (row.errors or any(c != "" for c in extra)):
            # Usually a decimal comma, unquoted, in a comma-separated file: "12,5" became two cells.
            row.errors.insert(
                0,
                _(
                    "Die Zeile hat mehr Spalten als die Kopfzeile. Steht ein Dezimalkomma "
                    "ohne Anführungszeichen in einer mit Kommas getrennten Datei? Dann "
                    "setzen Sie den Wert in Anführungszeichen oder trennen Sie mit Semikolon."
                )
                if delimiter == ","
                else _("Die Zeile hat mehr Spalten als die Kopfzeile."),
            )
        # A row without errors has its indicator and its date.
        if not row.errors and row.indicator is not None and row.date is not None:
            duplicate = seen.get((row.indicator.pk, row.date))
            if duplicate is not None:
                row.errors.append(
                    _("Für „%(key)s“ zum %(date)s steht schon ein Wert in Zeile %(line)d.")
                    % {"key": row.key, "date": show_date(day=row.date), "line": duplicate}
                )
            else:
                seen[(row.indicator.pk, row.date)] = line
        result.rows.append(row)
        result.errors.extend(
            _("Zeile %(line)d: %(error)s") % {"line": line, "error": error} for error in row.errors
        )
    if not result.rows:
        raise ValidationError(
            _(
                "Die Datei enthält keine Zeile mit einem Wert. Tragen Sie die Werte in die Spalte "
                "„Wert“ und den Stichtag in die Spalte „Stichtag“ ein."
            )
        )
    _mark_actions(agenda, result)
    return result


def _check_row(
    row: ImportRow,
    cell: CellReader,
    indicators: dict[str, list[Indicator]],
    version: FrameworkVersion,
) -> None:
    key = row.key.strip()
    candidates = indicators.get(key, [])
    if not key:
        row.errors.append(_("Die Spalte „Indikator“ ist leer."))
    elif not candidates:
        row.errors.append(
            _("Den Indikator „%(key)s“ gibt es in „%(version)s“ nicht.")
            % {"key": key, "version": version}
        )
    elif len(candidates) > 1:
        row.errors.append(
            _("Der Indikator „%(key)s“ ist in „%(version)s“ nicht eindeutig.")
            % {"key": key, "version": version}
        )
    else:
        row.indicator = candidates[0]
    raw_value, raw_date = cell("value"), cell("date")
    yes_no_words = {_("ja"): 1, _("nein"): 0, "ja": 1, "nein": 0}
    if raw_value == "":
        row.errors.append(_("Der Wert fehlt."))
    elif (
        row.indicator is not None
        and is_yes_no(row.indicator)
        and str(raw_value).casefold() in yes_no_words
    ):
        row.value = Decimal(yes_no_words[str(raw_value).casefold()])
    else:
        try:
            row.value = round_value(value=parse_number(raw=raw_value))
        except (ValueError, InvalidOperation):
            row.errors.append(
                _("„%(value)s“ ist keine Zahl (Beispiel: 12,5).") % {"value": raw_value}
            )
    if raw_date == "":
        row.errors.append(_("Der Stichtag fehlt."))
    else:
        try:
            row.date = parse_date(raw_date)
        except ValueError:
            row.errors.append(
                _("„%(date)s“ ist kein gültiges Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT).")
                % {"date": raw_date}
            )
    row.source = str(cell("source")).strip()
    row.note = str(cell("note")).strip()
    indicator = row.indicator
    if indicator is None:
        return
    unit = str(cell("unit")).strip()
    if unit == "":
        row.errors.append(
            _("Die Einheit fehlt (erwartet für „%(name)s“: %(unit)s).")
            % {"name": indicator.name, "unit": indicator.unit}
        )
    elif not _same_unit(unit, indicator.unit):
        row.errors.append(
            _("Einheit „%(given)s“ passt nicht zu „%(name)s“ (erwartet: %(unit)s).")
            % {"given": unit, "name": indicator.name, "unit": indicator.unit}
        )
    problems = value_problems(
        indicator=indicator, value=row.value, day=row.date, source=row.source, note=row.note
    )
    row.errors.extend(
        problems[name] for name in ("value", "date", "source", "note") if name in problems
    )


def _same_unit(given: str, expected: str) -> bool:
    def normal(unit: str) -> str:
        return " ".join(str(unit or "").split()).casefold()

    return normal(given) == normal(expected)


def _mark_actions(agenda: Agenda, result: ImportResult) -> None:
    """Create, update or leave unchanged: one query for all existing values the rows touch."""
    # A row without errors has its indicator and its date.
    valid = [
        (row, row.indicator.pk, row.date)
        for row in result.rows
        if not row.errors and row.indicator is not None and row.date is not None
    ]
    if not valid:
        return
    existing = {
        (value.indicator_id, value.date): value
        for value in IndicatorValue.objects.filter(
            region=agenda.region_id,
            indicator__in={indicator_id for _row, indicator_id, _date in valid},
            date__in={date for _row, _indicator_id, date in valid},
        )
    }
    for row, indicator_id, date in valid:
        current = existing.get((indicator_id, date))
        row.existing = current
        if current is None:
            row.action = "create"
        elif (current.value, current.source, current.note) == (row.value, row.source, row.note):
            row.action = "unchanged"
        else:
            row.action, row.previous = "update", current.value
