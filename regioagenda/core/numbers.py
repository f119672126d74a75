"""Reading whole numbers that people or files type (ASCII digits only), and writing numbers for
people (``format_number``, ``decimals_of``).

``str.isdigit()`` is true for "²", "٣" or "①", and ``int()`` then raises (or, for Arabic-Indic
digits, quietly accepts a number nobody typed). Every check "is this text a number / an id / a key"
goes through these two functions.
"""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

_ASCII_DIGITS = re.compile(r"[0-9]+")


def is_ascii_digits(text: str | None) -> bool:
    """True when ``text`` is one or more of the characters 0–9 and nothing else."""
    return text is not None and _ASCII_DIGITS.fullmatch(text) is not None


def parse_int(
    text: str | None, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    """The number ``text`` spells in ASCII digits (surrounding spaces ignored), or None when it is
    empty, anything else (signs, superscripts, other scripts' digits), or outside
    ``minimum``/``maximum``."""
    text = (text or "").strip()
    if not is_ascii_digits(text):
        return None
    if maximum is not None and len(text.lstrip("0")) > len(str(maximum)):
        return None  # far too long: no need to build a huge integer to say so
    try:
        value = int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return None
    if minimum is not None and value < minimum:
        return None
    if maximum is not None and value > maximum:
        return None
    return value


# The largest primary key a BigAutoField holds; a larger "id" in a URL names nothing (and would
# overflow the database's integer on the way).
MAX_ID = 2**63 - 1


def parse_id(text: str | None) -> int | None:
    """A primary key as a URL or a form sends it (1 … MAX_ID), or None."""
    return parse_int(text, minimum=1, maximum=MAX_ID)


# Writing ------------------------------------------------------------------------------------------


def format_number(value: object, decimals: int | None = None) -> str:
    """A number as people read it in the active language, grouped in thousands:
    "70.541,59" and "1.250" in German, "70,541.59" and "1,250" in English.

    ``decimals`` fixes the digits after the mark (a column's values line up); None keeps the
    value's own. Empty for None or text that is no number. The one place that turns numbers
    into words on a page, so no template stacks two formatting filters.
    """
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    if decimals is None and number == number.to_integral_value():
        decimals = 0  # "1250", not "1250.0" from a float or a Decimal with trailing zeros
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def decimals_of(values: Iterable[object], *, at_most: int = 2) -> int:
    """How many decimals a column needs so that all its values show the same number of them:
    the most any value has (trailing zeros ignored), but no more than ``at_most``."""
    most = 0
    for value in values:
        if value is None or value == "" or isinstance(value, bool):
            continue
        try:
            number = Decimal(str(value)).normalize()
        except (InvalidOperation, ValueError):
            continue
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            most = max(most, -exponent)
    return min(most, at_most)
