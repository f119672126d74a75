"""Reading whole numbers that people or files type: ASCII digits only.

``str.isdigit()`` is true for "²", "٣" or "①", and ``int()`` then raises (or, for Arabic-Indic
digits, quietly accepts a number nobody typed). Every check "is this text a number / an id / a key"
goes through these two functions.
"""

import re

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
