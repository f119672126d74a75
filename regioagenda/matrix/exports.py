"""The matrix as files: CSV, XLSX (fields and indicators) and JSON, for the web and the command.

JSON and XLSX are machine-readable on purpose (numbers as numbers, ``true``/``false``, keys in
English) so that a region can take its matrix into a GIS or its own reporting. The CSV follows
the platform's convention for spreadsheets (``core.csvexport``): German headers, semicolons and
decimal commas on German pages, the English keys with commas and decimal points on /en/. Whole
levels are written as integers, everything else with at most two decimals.
"""

import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from regioagenda.core import csvexport
from regioagenda.core.tabular import defuse

FIELD_COLUMNS = (
    "key",
    "name",
    "ist",
    "soll",
    "gap",
    "data_level",
    "score",
    "confidence",
    "priority",
)
# What ``manage.py export_matrix`` prints, exactly these keys in this order.
COMMAND_COLUMNS = ("key", "ist", "soll", "gap", "score", "confidence", "priority")
INDICATOR_COLUMNS = (
    "field",
    "indicator",
    "name",
    "unit",
    "direction",
    "target",
    "worst",
    "value",
    "date",
    "source",
    "score",
    "peers",
    "percentile",
)

# The CSV's headers in German; in English the keys themselves are the headers.
GERMAN_HEADERS = {
    "key": "Schlüssel",
    "name": "Handlungsfeld",
    "ist": "IST",
    "soll": "SOLL",
    "gap": "Lücke",
    "data_level": "Datenstufe",
    "score": "Gesamtwert",
    "confidence": "Datenlage",
    "priority": "Priorität",
}

CONTENT_TYPES = {
    "csv": csvexport.CONTENT_TYPE,
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def field_records(overview, columns=FIELD_COLUMNS):
    """One dict per field of the assessment, in framework order, with the given keys."""
    records = []
    for row in overview.fields:
        full = {
            "key": row.key,
            "name": row.name,
            "ist": number(row.ist),
            "soll": number(row.soll),
            "gap": number(row.gap),
            "data_level": row.scoring.data_level,
            "score": number(row.scoring.score),
            "confidence": row.scoring.confidence,
            "priority": row.priority is not None,
        }
        records.append({column: full[column] for column in columns})
    return records


def indicator_records(overview):
    records = []
    for row in overview.fields:
        for indicator_row in row.indicators:
            indicator, value, peer = (
                indicator_row.indicator,
                indicator_row.value,
                indicator_row.peer,
            )
            records.append(
                {
                    "field": row.key,
                    "indicator": indicator.key,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "target": number(indicator.target),
                    "worst": number(indicator.worst),
                    "value": number(value.value) if value else None,
                    "date": value.date.isoformat() if value else None,
                    "source": value.source if value else None,
                    "score": number(indicator_row.score),
                    "peers": peer.peers if peer else None,
                    "percentile": number(peer.percentile) if peer else None,
                }
            )
    return records


def _cell(value):
    """A CSV/XLSX cell: booleans as true/false; formula-like text defused (core.tabular)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return defuse(value)


def csv_header(columns, language=None):
    if csvexport.convention(language) is csvexport.GERMAN:
        return [GERMAN_HEADERS[column] for column in columns]
    return list(columns)


def to_csv(records, columns, *, language=None):
    """The records as CSV text (no byte order mark) in the convention of ``language``."""
    rows = ([record[column] for column in columns] for record in records)
    return csvexport.csv_text(csv_header(columns, language), rows, language=language)


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _round_info(overview):
    assessment = overview.round
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "kind": assessment.kind,
        "closed": assessment.closed.isoformat() if assessment.closed else None,
        "framework": f"{assessment.version.slug} v{assessment.version.version}",
    }


def to_xlsx(overview):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Matrix")[:31]
    bold = Font(bold=True)
    sheet.append(list(FIELD_COLUMNS))
    for record in field_records(overview):
        sheet.append([_xlsx_cell(record[c]) for c in FIELD_COLUMNS])
    values = workbook.create_sheet(_("Indikatoren")[:31])
    values.append(list(INDICATOR_COLUMNS))
    for record in indicator_records(overview):
        values.append([_xlsx_cell(record[c]) for c in INDICATOR_COLUMNS])
    for ws in (sheet, values):
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, str):
        return _cell(value)
    return value


def render(overview, fmt, *, language=None):
    """``(body, content type)`` of the export in ``fmt`` (csv, xlsx, json); a CSV in the
    convention of ``language`` (default: the active language)."""
    if fmt == "csv":
        header = csv_header(FIELD_COLUMNS, language)
        rows = ([record[c] for c in FIELD_COLUMNS] for record in field_records(overview))
        return csvexport.csv_bytes(header, rows, language=language), CONTENT_TYPES["csv"]
    if fmt == "json":
        body = to_json(
            {
                "agenda": overview.agenda.slug,
                "region": overview.agenda.region.name,
                "round": _round_info(overview),
                "fields": field_records(overview),
                "indicators": indicator_records(overview),
            }
        )
        return body, CONTENT_TYPES["json"]
    if fmt == "xlsx":
        return to_xlsx(overview), CONTENT_TYPES["xlsx"]
    raise ValueError(f"Unknown export format {fmt!r}")
