"""Checking a framework file's data: first the JSON Schema, then the checks across entries.

The schema (``frameworks/schema.json``) covers shape, types and lengths; the checks here cover
what spans several entries (each level once, unique keys, target against worst, ranges). Both
yield ``(path, reason)`` pairs with a German reason, so every problem is reported at once.
"""

import functools
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from jsonschema import Draft202012Validator

from regioagenda.matrix.framework.read import FILE_VERSION
from regioagenda.matrix.models import LEVEL_MAX, LEVEL_MIN

SCHEMA_FILE = Path(settings.BASE_DIR) / "frameworks" / "schema.json"

LEVELS = range(LEVEL_MIN, LEVEL_MAX + 1)
DECIMAL_PLACES = 4  # as stored by Indicator.target/worst/min_value/max_value


# The schema -------------------------------------------------------------------------------------


@functools.cache
def _validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _pointer(parts):
    return "".join(f"/{part}" for part in parts)


_TYPE_NAMES = {
    "string": gettext_lazy("ein Text"),
    "integer": gettext_lazy("eine ganze Zahl"),
    "number": gettext_lazy("eine Zahl"),
    "array": gettext_lazy("eine Liste"),
    "object": gettext_lazy("ein Abschnitt mit Schlüsseln"),
    "boolean": gettext_lazy("true oder false"),
    "null": gettext_lazy("nichts"),
}
_COLLECTIONS = {
    "fields": gettext_lazy("Handlungsfelder"),
    "indicators": gettext_lazy("Indikatoren"),
    "levels": gettext_lazy("Stufen"),
    "keywords": gettext_lazy("Schlagwörter"),
}


def _either(items):
    return f" {_('oder')} ".join(str(item) for item in items)


def _type_name(expected):
    names = [expected] if isinstance(expected, str) else list(expected)
    return _either(_TYPE_NAMES.get(name, name) for name in names)


def _value_kind(value):
    if value is None:
        return _("leer")
    if isinstance(value, bool):
        return _("ein Wahrheitswert (%(value)s)") % {"value": str(value).lower()}
    if isinstance(value, int):
        return _("eine ganze Zahl (%(value)s)") % {"value": value}
    if isinstance(value, float):
        return _("eine Zahl (%(value)s)") % {"value": value}
    if isinstance(value, str):
        return _("ein Text („%(value)s“)") % {"value": value[:60]}
    if isinstance(value, list):
        return _("eine Liste")
    if isinstance(value, dict):
        return _("ein Abschnitt mit Schlüsseln")
    return _("ein Wert vom Typ %(type)s") % {"type": type(value).__name__}


def schema_problems(data):
    """Every schema violation as (path, German reason); one entry per missing or extra key."""
    reported = set()
    for error in _validator().iter_errors(data):
        path = _pointer(error.absolute_path)
        for item in _describe(error, path):
            if item not in reported:
                reported.add(item)
                yield item


def _describe(error, path):
    """German reasons for one JSON Schema error, one branch per keyword."""
    keyword, expected, instance, schema = (
        error.validator,
        error.validator_value,
        error.instance,
        error.schema,
    )
    if keyword == "required":
        for name in expected:
            if isinstance(instance, dict) and name not in instance:
                yield f"{path}/{name}", _("Pflichtangabe fehlt.")
    elif keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield (
                    f"{path}/{name}",
                    _("Unbekannter Schlüssel; erlaubt sind: %(allowed)s.")
                    % {"allowed": ", ".join(allowed)},
                )
    elif keyword == "type":
        yield (
            path,
            _("Hier gehört %(expected)s hin, gefunden wurde %(actual)s.")
            % {"expected": _type_name(expected), "actual": _value_kind(instance)},
        )
    elif keyword == "enum":
        yield (
            path,
            _("Erlaubt sind nur %(values)s, gefunden wurde %(actual)s.")
            % {
                "values": _either(f"„{value}“" for value in expected),
                "actual": _value_kind(instance),
            },
        )
    elif keyword in ("minItems", "maxItems"):
        noun = _COLLECTIONS.get(path.rsplit("/", 1)[-1]) or _("Einträge")
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low == 1 and not instance:
            yield path, _("Die Liste darf nicht leer sein.")
        elif low is not None and low == high:
            yield (
                path,
                _("Es braucht genau %(count)d %(noun)s, es sind %(actual)d.")
                % {"count": low, "noun": noun, "actual": len(instance)},
            )
        else:
            yield (
                path,
                _("Erlaubt sind %(low)d bis %(high)d %(noun)s, es sind %(actual)d.")
                % {"low": low or 0, "high": high, "noun": noun, "actual": len(instance)},
            )
    elif keyword in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip():
        yield path, _("Darf nicht leer sein.")
    elif keyword == "pattern":
        if path == "/slug":
            rule = _("nur Kleinbuchstaben, Ziffern und einzelne Bindestriche")
        else:
            rule = _("nur Kleinbuchstaben, Ziffern und _, beginnend mit einem Buchstaben")
        yield (
            path,
            _("„%(value)s“ ist kein gültiger Schlüssel: erlaubt sind %(rule)s.")
            % {"value": instance, "rule": rule},
        )
    elif keyword == "maxLength":
        yield (
            path,
            _("Zu lang: %(length)d Zeichen, erlaubt sind höchstens %(max)d.")
            % {"length": len(instance), "max": expected},
        )
    elif keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            reason = _("Muss zwischen %(low)s und %(high)s liegen, ist aber %(value)s.")
        elif low is not None:
            reason = _("Muss mindestens %(low)s sein, ist aber %(value)s.")
        else:
            reason = _("Darf höchstens %(high)s sein, ist aber %(value)s.")
        yield path, reason % {"low": low, "high": high, "value": instance}
    elif keyword == "uniqueItems":
        yield path, _("Die Liste enthält doppelte Einträge.")
    else:
        yield path, _("Ungültiger Wert (%(detail)s).") % {"detail": error.message}


# Checks across entries --------------------------------------------------------------------------


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_int(value):
    """A whole number as int (YAML may give 1.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def semantic_problems(data, file_name):
    """Checks that span entries; they skip what the schema already rejected."""
    version = _as_int(data.get("version"))
    match = FILE_VERSION.fullmatch(file_name or "")
    if match and version is not None and int(match[1]) != version:
        yield (
            "/version",
            _(
                "Die Version %(version)d passt nicht zum Dateinamen %(name)s; die Datei vN.yaml "
                "enthält version: N."
            )
            % {"version": version, "name": file_name},
        )
    yield from _level_problems(data.get("levels"), "/levels")
    field_keys: dict[str, str] = {}
    indicator_keys: dict[str, str] = {}
    for index, entry in enumerate(_as_list(data.get("fields"))):
        if not isinstance(entry, dict):
            continue
        path = f"/fields/{index}"
        key = entry.get("key")
        if isinstance(key, str):
            if key in field_keys:
                yield (
                    f"{path}/key",
                    _("Das Handlungsfeld „%(key)s“ gibt es schon (%(first)s).")
                    % {"key": key, "first": field_keys[key]},
                )
            else:
                field_keys[key] = path
        yield from _level_problems(entry.get("levels"), f"{path}/levels")
        yield from _keyword_problems(entry.get("keywords"), f"{path}/keywords")
        for number, indicator in enumerate(_as_list(entry.get("indicators"))):
            if not isinstance(indicator, dict):
                continue
            ipath = f"{path}/indicators/{number}"
            ikey = indicator.get("key")
            if isinstance(ikey, str):
                if ikey in indicator_keys:
                    yield (
                        f"{ipath}/key",
                        _("Den Indikator „%(key)s“ gibt es schon (%(first)s).")
                        % {"key": ikey, "first": indicator_keys[ikey]},
                    )
                else:
                    indicator_keys[ikey] = ipath
            yield from _number_problems(indicator, ipath)


def _as_list(value):
    return value if isinstance(value, list) else []


def _level_problems(entries, path):
    if not isinstance(entries, list):
        return
    seen, all_valid = set(), True
    for index, entry in enumerate(entries):
        level = _as_int(entry.get("level")) if isinstance(entry, dict) else None
        if level not in LEVELS:
            all_valid = False
            continue
        if level in seen:
            yield (
                f"{path}/{index}/level",
                _("Stufe %(level)d kommt doppelt vor; jede Stufe 0–4 steht genau einmal da.")
                % {"level": level},
            )
        seen.add(level)
    missing = [str(level) for level in LEVELS if level not in seen]
    if missing and all_valid:
        yield (
            path,
            ngettext(
                "Stufe %(levels)s fehlt; jede Stufe 0–4 steht genau einmal da.",
                "Die Stufen %(levels)s fehlen; jede Stufe 0–4 steht genau einmal da.",
                len(missing),
            )
            % {"levels": ", ".join(missing)},
        )


def _keyword_problems(keywords, path):
    seen: dict[str, int] = {}
    for index, word in enumerate(_as_list(keywords)):
        if not isinstance(word, str) or not word.strip():
            continue  # the schema reports it
        normalised = " ".join(word.split()).casefold()
        if normalised in seen:
            yield (
                f"{path}/{index}",
                _("Das Schlagwort „%(word)s“ steht schon an Position %(first)d.")
                % {"word": word, "first": seen[normalised] + 1},
            )
        else:
            seen[normalised] = index


def _number_problems(indicator, path):
    values = {}
    for name in ("target", "worst", "min", "max"):
        value = indicator.get(name)
        if not _is_number(value):
            continue  # missing or wrong type: the schema reports it
        amount = Decimal(str(value))
        exponent = amount.as_tuple().exponent  # a letter for infinity and NaN
        if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
            yield (
                f"{path}/{name}",
                _("%(value)s hat mehr als %(places)d Nachkommastellen.")
                % {"value": value, "places": DECIMAL_PLACES},
            )
        values[name] = amount
    target, worst = values.get("target"), values.get("worst")
    low, high = values.get("min"), values.get("max")
    direction = indicator.get("direction")
    if target is not None and worst is not None:
        if target == worst:
            yield (
                f"{path}/target",
                _(
                    "Zielwert und schlechtester Wert sind gleich (%(value)s); so lässt sich kein "
                    "Abstand zum Ziel berechnen."
                )
                % {"value": _plain(target)},
            )
        elif direction == "up" and target < worst:
            yield (
                f"{path}/target",
                _(
                    "Bei direction: up (höher ist besser) muss der Zielwert (%(target)s) größer "
                    "sein als der schlechteste Wert (%(worst)s)."
                )
                % {"target": _plain(target), "worst": _plain(worst)},
            )
        elif direction == "down" and target > worst:
            yield (
                f"{path}/target",
                _(
                    "Bei direction: down (niedriger ist besser) muss der Zielwert (%(target)s) "
                    "kleiner sein als der schlechteste Wert (%(worst)s)."
                )
                % {"target": _plain(target), "worst": _plain(worst)},
            )
    if low is not None and high is not None and low > high:
        yield (
            f"{path}/min",
            _("Der kleinste zulässige Wert (%(min)s) ist größer als der größte (%(max)s).")
            % {"min": _plain(low), "max": _plain(high)},
        )
        return
    for name, label in (("target", _("Der Zielwert")), ("worst", _("Der schlechteste Wert"))):
        value = values.get(name)
        if value is None or (low is None or value >= low) and (high is None or value <= high):
            continue
        yield (
            f"{path}/{name}",
            _("%(label)s %(value)s liegt außerhalb des zulässigen Bereichs (%(range)s).")
            % {"label": label, "value": _plain(value), "range": _range(low, high)},
        )


def _range(low, high):
    if low is not None and high is not None:
        return _("%(min)s bis %(max)s") % {"min": _plain(low), "max": _plain(high)}
    if low is not None:
        return _("ab %(min)s") % {"min": _plain(low)}
    return _("bis %(max)s") % {"max": _plain(high)}


def _plain(amount):
    """A Decimal as people write it: 100, 0.5, not 1E+2 or 100.0000."""
    text = f"{amount.normalize():f}"
    return "0" if text in ("-0", "") else text
