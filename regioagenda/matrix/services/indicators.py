"""Indicator values of an agenda's region: entry by hand, CSV/XLSX import and its template.

Values belong to the region (several agendas of a region and the peer benchmark share them) and
to an indicator of the agenda's framework version. One value per (region, indicator, Stichtag):
entering the same day again corrects the value instead of adding a second one.

An import is all or nothing: every row is checked first, every problem is reported with its
line, and only a file without problems is written, in one transaction.
"""

import csv
import datetime
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from regioagenda.core import permissions
from regioagenda.matrix.models import Direction, IndicatorValue
from regioagenda.matrix.queries.indicators import (
    framework_version,
    is_yes_no,
    show_number,
    show_value,
    value_range,
    version_indicators,
)
from regioagenda.regions.models import AuditEvent

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# A real template has six columns; more are read but ignored, and no sheet needs more than this.
MAX_COLUMNS = 30
# An .xlsx is a zip: refuse archives that unpack to far more than any sheet of 5,000 rows needs.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
SOURCE_MAX, NOTE_MAX = 300, 2000
EARLIEST_DATE = datetime.date(1950, 1, 1)
# Ten digits before and four after the decimal point (the model's DecimalField).
VALUE_LIMIT = Decimal(10) ** 10
VALUE_STEP = Decimal("0.0001")

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
STAGING_DIR = "matrix-imports"
_STAGING_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _audit(agenda, actor, action, detail=""):
    AuditEvent.objects.create(agenda=agenda, actor=actor, action=action, detail=detail)


# Reading numbers, dates and units the way people write them ------------------------------------


def parse_number(raw):
    """A Decimal from a number cell or text: "12,5", "1.234,5", "12.5", "-3"; ValueError if not."""
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(raw or ""))
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        elif _GROUPED_INTEGER.fullmatch(text):
            text = text.replace(".", "")
        if not _PLAIN_NUMBER.fullmatch(text):
            raise ValueError(raw)
        number = Decimal(text)
    if not number.is_finite():
        raise ValueError(raw)
    return number


def parse_date(raw):
    """A date from a date cell or from text as YYYY-MM-DD or DD.MM.YYYY; ValueError if not."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _same_unit(given, expected):
    def normal(unit):
        return " ".join(str(unit or "").split()).casefold()

    return normal(given) == normal(expected)


def _show_date(day):
    return format_date(day, "d.m.Y")


# Checking one value --------------------------------------------------------------------------


def _value_problems(indicator, value, day, source, note):
    """What is wrong with one value, by field name; empty when it may be stored."""
    problems = {}
    if value is not None:
        shown = show_number(value)
        if abs(value) >= VALUE_LIMIT:
            problems["value"] = _(
                "Der Wert %(value)s ist zu groß (höchstens zehn Stellen vor dem Komma)."
            ) % {"value": shown}
        elif is_yes_no(indicator):
            if value not in (0, 1):
                problems["value"] = _(
                    "„%(name)s“ ist eine Ja/Nein-Angabe: erlaubt sind nur 1 (ja) und 0 (nein), "
                    "nicht %(value)s."
                ) % {"name": indicator.name, "value": shown}
        else:
            low, high = indicator.min_value, indicator.max_value
            words = {"value": shown, "unit": indicator.unit}
            too_low = low is not None and value < low
            too_high = high is not None and value > high
            if (too_low or too_high) and low is not None and high is not None:
                problems["value"] = _("Der Wert %(value)s liegt außerhalb von %(range)s.") % {
                    **words,
                    "range": value_range(indicator),
                }
            elif too_low:
                problems["value"] = _(
                    "Der Wert %(value)s liegt unter dem kleinsten zulässigen Wert %(min)s %(unit)s."
                ) % {**words, "min": show_number(low)}
            elif too_high:
                problems["value"] = _(
                    "Der Wert %(value)s liegt über dem größten zulässigen Wert %(max)s %(unit)s."
                ) % {**words, "max": show_number(high)}
    if day is not None:
        if day > timezone.localdate():
            problems["date"] = _(
                "Der Stichtag %(date)s liegt in der Zukunft; ein Wert braucht einen Tag, an dem "
                "er schon gemessen war."
            ) % {"date": _show_date(day)}
        elif day < EARLIEST_DATE:
            problems["date"] = _(
                "Der Stichtag %(date)s liegt vor 1950 – bitte prüfen Sie die Jahreszahl."
            ) % {"date": _show_date(day)}
    if not source:
        problems["source"] = _(
            "Bitte nennen Sie die Quelle des Werts (für diesen Indikator typisch: %(source)s)."
        ) % {"source": indicator.source}
    elif len(source) > SOURCE_MAX:
        problems["source"] = _("Die Quelle ist zu lang (höchstens %(max)d Zeichen).") % {
            "max": SOURCE_MAX
        }
    if len(note) > NOTE_MAX:
        problems["note"] = _("Die Anmerkung ist zu lang (höchstens %(max)d Zeichen).") % {
            "max": NOTE_MAX
        }
    return problems


def _require_version(agenda):
    version = framework_version(agenda)
    if version is None:
        raise ValidationError(
            _(
                "Für diese Agenda ist noch keine Smart-Region-Matrix geladen, daher gibt es keine "
                "Indikatoren. Das Programmbüro lädt sie mit „manage.py load_framework“."
            )
        )
    return version


def _round_value(value):
    if abs(value) >= VALUE_LIMIT:
        return value  # too large to round; _value_problems says so
    return value.quantize(VALUE_STEP, rounding=ROUND_HALF_UP)


# Entry by hand --------------------------------------------------------------------------------


@transaction.atomic
def record_value(actor, agenda, indicator, value, date, source, note=""):
    """Store one value; the same indicator and Stichtag again corrects it.

    Returns ``(indicator_value, created)``.
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    version = _require_version(agenda)
    if indicator.field.version_id != version.pk:
        raise ValidationError(
            _(
                "Der Indikator „%(name)s“ gehört zu einer anderen Version der Matrix, nicht zu "
                "„%(version)s“, mit der diese Agenda arbeitet."
            )
            % {"name": indicator.name, "version": version}
        )
    problems = {}
    try:
        number = _round_value(parse_number(value))
    except (ValueError, InvalidOperation):
        number = None
        problems["value"] = _("„%(value)s“ ist keine Zahl (Beispiel: 12,5).") % {"value": value}
    if date is None or date == "":
        date = None
        problems["date"] = _("Bitte geben Sie den Stichtag an.")
    elif not isinstance(date, datetime.date):
        try:
            date = parse_date(date)
        except ValueError:
            problems["date"] = _(
                "„%(date)s“ ist kein gültiges Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT)."
            ) % {"date": date}
            date = None
    source = (source or "").strip()
    note = (note or "").strip()
    problems = {**_value_problems(indicator, number, date, source, note), **problems}
    if problems:
        raise ValidationError(problems)
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(region=agenda.region_id, indicator=indicator, date=date)
        .first()
    )
    created = existing is None
    row = existing or IndicatorValue(region_id=agenda.region_id, indicator=indicator, date=date)
    row.value, row.source, row.note, row.entered_by = number, source, note, actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Gleichzeitig wurde ein Wert für diesen Stichtag gespeichert; bitte erneut versuchen."
            )
        ) from exc
    _audit(
        agenda,
        actor,
        "matrix.indicator_value_recorded" if created else "matrix.indicator_value_updated",
        f"{indicator.key} {_show_date(date)}: {show_number(number)} {indicator.unit}",
    )
    return row, created


@transaction.atomic
def delete_value(actor, agenda, value):
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    if value.region_id != agenda.region_id:
        raise PermissionDenied(_("Dieser Wert gehört nicht zur Region dieser Agenda."))
    detail = f"{value.indicator.key} {_show_date(value.date)}: {show_number(value.value)}"
    value.delete()
    _audit(agenda, actor, "matrix.indicator_value_deleted", detail)


# Import ---------------------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    key: str
    raw_value: str
    raw_date: str
    indicator: object = None
    value: Decimal | None = None
    date: datetime.date | None = None
    source: str = ""
    note: str = ""
    action: str = ""  # "create", "update" or "unchanged" once the row is valid
    previous: Decimal | None = None
    existing: object = None
    errors: list = field(default_factory=list)

    @property
    def display(self):
        if self.indicator is not None and self.value is not None:
            return show_value(self.indicator, self.value)
        return self.raw_value

    @property
    def previous_display(self):
        return show_value(self.indicator, self.previous) if self.indicator else ""


@dataclass
class ImportResult:
    filename: str
    rows: list
    errors: list
    skipped: int = 0
    written: bool = False

    def _count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self):
        return self._count("create")

    @property
    def updated(self):
        return self._count("update")

    @property
    def unchanged(self):
        return self._count("unchanged")

    @property
    def is_valid(self):
        return not self.errors


def read_upload(file):
    """The bytes of an uploaded file (or of ``bytes``), refusing empty and oversized ones."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    elif (getattr(file, "size", None) or 0) > MAX_UPLOAD_BYTES:
        data = None
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_UPLOAD_BYTES + 1)
    if data is None or len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Die Datei ist zu groß: erlaubt sind höchstens %(max)d MB.")
            % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise ValidationError(_("Die Datei ist leer."))
    return data


def _file_kind(filename):
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in (".csv", ".xlsx"):
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


def _csv_rows(data, filename):
    """``(line, cells)`` per record of a CSV file; the delimiter is taken from the header line."""
    if b"\x00" in data or data.startswith(b"PK\x03\x04"):
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
            rows.append((line, [cell.strip() for cell in cells[:MAX_COLUMNS]]))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS + 1000:
                break
    except csv.Error as exc:
        raise ValidationError(
            _("Zeile %(line)d lässt sich nicht als CSV lesen (%(reason)s).")
            % {"line": line, "reason": exc}
        ) from exc
    return rows, delimiter


def _xlsx_rows(data, filename):
    """``(line, cells)`` per row of the sheet "Werte" (or the first sheet) of a workbook."""
    not_a_workbook = ValidationError(
        _(
            "„%(name)s“ ist keine gültige Excel-Arbeitsmappe (.xlsx). Speichern Sie die Datei in "
            "Excel als „Excel-Arbeitsmappe (.xlsx)“ oder laden Sie eine CSV-Datei hoch."
        )
        % {"name": filename}
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_a_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise not_a_workbook from exc
    if "xl/workbook.xml" not in names:
        raise not_a_workbook
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ValidationError(_("Die Arbeitsmappe ist entpackt zu groß für einen Import."))
    import openpyxl

    rows = []
    # A broken workbook can fail anywhere inside openpyxl, with many exception types; each means
    # "this file cannot be read", which the user must hear instead of a server error.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook["Werte"] if "Werte" in workbook.sheetnames else workbook.worksheets[0]
            sheet.reset_dimensions()
            for line, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
                rows.append((line, [_cell_value(cell) for cell in cells]))
                if len(rows) > MAX_ROWS + 1000:
                    break
        finally:
            workbook.close()
    except Exception as exc:  # noqa: BLE001 (see above)
        raise not_a_workbook from exc
    return rows, None


def _cell_value(cell):
    """Numbers and dates as they are, text stripped, empty cells as "".

    A number formatted as percentage is stored as a fraction (87 % as 0.87); take what the
    person saw and typed, since the unit column already says "%".
    """
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    percent = "%" in (cell.number_format or "")
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        return parse_number(value) * 100
    return value


def _header_map(cells):
    """Column positions by column name, or a ValidationError naming the expected columns."""
    aliases = {alias.casefold(): name for name, names in COLUMNS.items() for alias in names}
    positions = {}
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


def _is_blank(cells):
    return all(cell == "" for cell in cells)


def _plan_import(agenda, version, data, filename):
    """Read and check every row without writing anything."""
    kind = _file_kind(filename)
    if kind == ".csv":
        table, delimiter = _csv_rows(data, filename)
    else:
        table, delimiter = _xlsx_rows(data, filename)
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
    indicators = {}
    for indicator in version_indicators(version):
        indicators.setdefault(indicator.key, []).append(indicator)
    result = ImportResult(filename=filename, rows=[], errors=[])
    seen = {}
    for line, cells in body:
        cells = cells + [""] * (len(header) - len(cells))

        def cell(name, cells=cells):
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
        if not row.errors:
            duplicate = seen.get((row.indicator.pk, row.date))
            if duplicate is not None:
                row.errors.append(
                    _("Für „%(key)s“ zum %(date)s steht schon ein Wert in Zeile %(line)d.")
                    % {"key": row.key, "date": _show_date(row.date), "line": duplicate}
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


def _check_row(row, cell, indicators, version):
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
            row.value = _round_value(parse_number(raw_value))
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
    problems = _value_problems(indicator, row.value, row.date, row.source, row.note)
    row.errors.extend(
        problems[name] for name in ("value", "date", "source", "note") if name in problems
    )


def _mark_actions(agenda, result):
    """Create, update or leave unchanged: one query for all existing values the rows touch."""
    valid = [row for row in result.rows if not row.errors]
    if not valid:
        return
    existing = {
        (value.indicator_id, value.date): value
        for value in IndicatorValue.objects.filter(
            region=agenda.region_id,
            indicator__in={row.indicator.pk for row in valid},
            date__in={row.date for row in valid},
        )
    }
    for row in valid:
        current = existing.get((row.indicator.pk, row.date))
        row.existing = current
        if current is None:
            row.action = "create"
        elif (current.value, current.source, current.note) == (row.value, row.source, row.note):
            row.action = "unchanged"
        else:
            row.action, row.previous = "update", current.value


def import_values(actor, agenda, file, filename, dry_run=False):
    """Import a filled-in template (CSV or XLSX) for the agenda's region: all rows or none.

    Problems with the file as a whole raise a ValidationError with one message. Otherwise every
    row is checked; with ``dry_run`` the result (rows with their action or errors) is returned
    as a preview; without it, any row error raises a ValidationError listing all of them, and a
    clean file is written in one transaction. The result counts created, updated, unchanged rows.
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    version = _require_version(agenda)
    data = read_upload(file)
    result = _plan_import(agenda, version, data, filename)
    if dry_run:
        return result
    if result.errors:
        raise ValidationError(result.errors)
    try:
        with transaction.atomic():
            _write_import(actor, agenda, result)
    except IntegrityError as exc:
        raise ValidationError(
            _("Während des Imports wurden gleichzeitig Werte gespeichert; bitte erneut versuchen.")
        ) from exc
    result.written = True
    return result


def _write_import(actor, agenda, result):
    now = timezone.now()
    new, changed = [], []
    for row in result.rows:
        if row.action == "create":
            new.append(
                IndicatorValue(
                    region_id=agenda.region_id,
                    indicator=row.indicator,
                    date=row.date,
                    value=row.value,
                    source=row.source,
                    note=row.note,
                    entered_by=actor,
                    updated=now,
                )
            )
        elif row.action == "update":
            value = row.existing
            value.value, value.source, value.note = row.value, row.source, row.note
            value.entered_by, value.updated = actor, now
            changed.append(value)
    reason = _("Import aus %(name)s") % {"name": result.filename}
    if new:
        bulk_create_with_history(
            new, IndicatorValue, default_user=actor, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            IndicatorValue,
            ["value", "source", "note", "entered_by", "updated"],
            default_user=actor,
            default_change_reason=reason,
        )
    _audit(
        agenda,
        actor,
        "matrix.indicator_values_imported",
        _("%(name)s: %(created)d neu, %(updated)d aktualisiert, %(unchanged)d unverändert")
        % {
            "name": result.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )


# Keeping an upload between preview and confirmation ------------------------------------------


def stage_import(actor, agenda, data, filename):
    """Keep a checked upload under a random name until the user confirms; returns the token.

    The caller ties the token to the user's session, so nobody else can confirm or read it.
    Stale uploads (older than a day) are removed on the way.
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    _remove_stale_stagings()
    token = secrets.token_urlsafe(24)
    default_storage.save(_staging_name(token, filename), ContentFile(data))
    return token


def staged_import(token, filename):
    """The bytes kept by ``stage_import``, or None when they are gone."""
    name = _staging_name(token, filename)
    if name is None or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def discard_staged_import(token, filename):
    name = _staging_name(token, filename)
    if name is not None and default_storage.exists(name):
        default_storage.delete(name)


def _staging_name(token, filename):
    if not isinstance(token, str) or not _STAGING_TOKEN.fullmatch(token):
        return None
    suffix = PurePath(filename or "").suffix.lower()
    return f"{STAGING_DIR}/{token}{suffix if suffix in ('.csv', '.xlsx') else ''}"


def _remove_stale_stagings():
    try:
        _dirs, files = default_storage.listdir(STAGING_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - datetime.timedelta(days=1)
    for name in files:
        path = f"{STAGING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except OSError:
            continue


# The template to fill in -----------------------------------------------------------------------


def _template_header():
    return [names[0] for names in COLUMNS.values()]


def template_csv(version):
    """The import template as CSV: semicolons and a byte order mark, as German Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_template_header())
    for indicator in version_indicators(version):
        writer.writerow([indicator.key, "", indicator.unit, "", indicator.source, ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(version):
    """The import template as a workbook: sheet "Werte" to fill in, sheet "Erläuterung"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Werte"
    sheet.append(_template_header())
    indicators = version_indicators(version)
    for indicator in indicators:
        sheet.append([indicator.key, None, indicator.unit, None, indicator.source, None])
    for line in range(2, len(indicators) + 2):
        sheet.cell(row=line, column=4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (30, 12, 22, 14, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Erläuterung")
    notes.append(
        [
            _("Indikator"),
            _("Bezeichnung"),
            _("Handlungsfeld"),
            _("Einheit"),
            _("Richtung"),
            _("Zielwert"),
            _("Zulässiger Bereich"),
            _("Typische Quelle"),
        ]
    )
    for indicator in indicators:
        notes.append(
            [
                indicator.key,
                indicator.name,
                indicator.field.name,
                indicator.unit,
                str(Direction(indicator.direction).label),
                float(indicator.target),
                value_range(indicator) or _("offen"),
                indicator.source,
            ]
        )
    for column, width in zip("ABCDEFGH", (30, 40, 22, 22, 20, 10, 22, 36), strict=True):
        notes.column_dimensions[column].width = width
    for current in (sheet, notes):
        for cell in current[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
