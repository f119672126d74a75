"""Writing CSV files that people open in a spreadsheet: one convention per language, for every
export of the platform (docs/decisions.md, "CSV for German Excel").

German (the default, and every page without /en/): semicolons between cells, a decimal comma,
dates as 31.12.2024, "ja"/"nein", German headers — what German Excel opens into columns with a double click.
English (/en/): commas, a decimal point, ISO dates, "true"/"false", English headers. Both are UTF-8 with a byte
order mark, so Excel reads umlauts, and end lines with CRLF. Numbers are never grouped in
thousands (a spreadsheet groups them itself; "1.250" would read back as 1,25 in English). Text
that a spreadsheet would run as a formula is defused (``core.tabular.defuse``); the imports
undo that and read either convention (``core.tabular.csv_rows`` finds the delimiter).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from regioagenda.core.tabular import defuse

CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


@dataclass(frozen=True)
class Convention:
    language: str
    delimiter: str
    decimal_mark: str
    date_format: str
    yes: str
    no: str


GERMAN = Convention("de", ";", ",", "%d.%m.%Y", "ja", "nein")
# English keeps what the exports wrote before there was a German convention (true/false).
ENGLISH = Convention("en", ",", ".", "%Y-%m-%d", "true", "false")


def convention(language: str | None = None) -> Convention:
    """The convention of ``language`` (default: the active one, else the site's)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return ENGLISH if language.split("-")[0] == "en" else GERMAN


def cell(value: object, rule: Convention) -> str:
    """One cell as text: numbers with the convention's decimal mark and no grouping, dates in
    its format, yes/no in its language, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return rule.yes if value else rule.no
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            return ""
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f").replace(".", rule.decimal_mark)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime(rule.date_format)
    return str(defuse(value))


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, language: str | None = None
) -> str:
    """The file as text, without the byte order mark (for standard output)."""
    rule = convention(language)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=rule.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value, rule) for value in row])
    return out.getvalue()


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[object]], *, language: str | None = None
) -> bytes:
    """The file to download: UTF-8 with a byte order mark."""
    return (BOM + csv_text(header, rows, language=language)).encode("utf-8")
