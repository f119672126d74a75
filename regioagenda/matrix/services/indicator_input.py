"""One indicator value as people type or paste it: numbers, dates, and what makes it invalid.

Shared by entry by hand (the form and ``record_value``) and by the import, so both accept the
same writing ("12,5", "1.234,5", "31.12.2024") and answer with the same messages.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from regioagenda.matrix.models import Indicator
from regioagenda.matrix.queries.indicators import is_yes_no, show_number, value_range

SOURCE_MAX, NOTE_MAX = 300, 2000
EARLIEST_DATE = datetime.date(1950, 1, 1)
# Ten digits before and four after the decimal point (the model's DecimalField).
VALUE_LIMIT = Decimal(10) ** 10
VALUE_STEP = Decimal("0.0001")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED_INTEGER = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


# Reading numbers and dates the way people write them --------------------------------------------


def parse_number(*, raw: object) -> Decimal:
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


def show_date(*, day: datetime.date) -> str:
    return format_date(day, "d.m.Y")


def round_value(*, value: Decimal) -> Decimal:
    if abs(value) >= VALUE_LIMIT:
        return value  # too large to round; value_problems says so
    return value.quantize(VALUE_STEP, rounding=ROUND_HALF_UP)


# Checking one value -----------------------------------------------------------------------------


def value_problems(
    *,
    indicator: Indicator,
    value: Decimal | None,
    day: datetime.date | None,
    source: str,
    note: str,
) -> dict[str, str]:
    """What is wrong with one value, by field name; empty when it may be stored."""
    problems: dict[str, str] = {}
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
            ) % {"date": show_date(day=day)}
        elif day < EARLIEST_DATE:
            problems["date"] = _(
                "Der Stichtag %(date)s liegt vor 1950 – bitte prüfen Sie die Jahreszahl."
            ) % {"date": show_date(day=day)}
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
