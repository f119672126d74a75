"""The matrix framework as versioned data: read and check a framework file, then publish it.

A framework file (``frameworks/<slug>/v<N>.yaml``) is checked in two passes: the JSON Schema
(``frameworks/schema.json``) for shape, types and lengths, then the checks that span several
entries (each level once, unique keys, target against worst, ranges). Every problem is reported
as ``<file>:<line>: <path>: <reason>``, all of them at once, so an author fixes the file in one go.

Publishing copies a file into ``FrameworkVersion``, ``MatrixField`` and ``Indicator`` rows. A
version that an assessment round, a rating or an indicator value uses is never changed in place:
the change must be published as a new version, and old assessments keep theirs.
"""

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from jsonschema import Draft202012Validator

from regioagenda.matrix.models import (
    LEVEL_MAX,
    LEVEL_MIN,
    AssessmentRound,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    MatrixField,
    Rating,
)
from regioagenda.regions.models import AuditEvent

DEFAULT_SLUG = "smart-region-matrix-bayern"
SCHEMA_FILE = Path(settings.BASE_DIR) / "frameworks" / "schema.json"

CREATED, UNCHANGED, UPDATED = "created", "unchanged", "updated"

LEVELS = range(LEVEL_MIN, LEVEL_MAX + 1)
DECIMAL_PLACES = 4  # as stored by Indicator.target/worst/min_value/max_value
_FILE_VERSION = re.compile(r"v([0-9]+)\.ya?ml")
_FIELD_COLUMNS = [
    "order",
    "name_de",
    "name_en",
    "description_de",
    "description_en",
    "keywords",
    "level_descriptors",
]
_INDICATOR_COLUMNS = [
    "field",
    "order",
    "name_de",
    "name_en",
    "unit",
    "direction",
    "target",
    "worst",
    "min_value",
    "max_value",
    "source",
]


class FrameworkError(Exception):
    """A framework file cannot be published; ``errors`` holds every problem, one line each."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class IndicatorData:
    key: str
    name_de: str
    name_en: str
    unit: str
    direction: str
    target: Decimal
    worst: Decimal
    min_value: Decimal | None
    max_value: Decimal | None
    source: str


@dataclass(frozen=True)
class FieldData:
    key: str
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    keywords: list
    level_descriptors: dict  # {"0": {"de": …, "en": …}, …, "4": {…}}
    indicators: list


@dataclass
class FrameworkData:
    """A checked framework file, ready to publish."""

    slug: str
    version: int
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    levels: list  # [{"level": 0, "name_de": …, "name_en": …, "description_de": …, …}, …]
    fields: list
    source_file: str
    checksum: str = ""
    lines: dict = field(default_factory=dict, repr=False)

    def __str__(self):
        return f"{self.name_de} v{self.version}"

    @property
    def indicator_count(self):
        return sum(len(f.indicators) for f in self.fields)

    def line(self, path):
        return _line_of(self.lines, path)

    def content(self):
        """The normalised content the checksum covers: texts and numbers, not file layout."""
        return {
            "slug": self.slug,
            "version": self.version,
            "name_de": self.name_de,
            "name_en": self.name_en,
            "description_de": self.description_de,
            "description_en": self.description_en,
            "levels": self.levels,
            "fields": [
                {
                    "key": f.key,
                    "name_de": f.name_de,
                    "name_en": f.name_en,
                    "description_de": f.description_de,
                    "description_en": f.description_en,
                    "keywords": f.keywords,
                    "level_descriptors": f.level_descriptors,
                    "indicators": [
                        {
                            "key": i.key,
                            "name_de": i.name_de,
                            "name_en": i.name_en,
                            "unit": i.unit,
                            "direction": i.direction,
                            "target": _canonical(i.target),
                            "worst": _canonical(i.worst),
                            "min": _canonical(i.min_value),
                            "max": _canonical(i.max_value),
                            "source": i.source,
                        }
                        for i in f.indicators
                    ],
                }
                for f in self.fields
            ],
        }


# Finding files ----------------------------------------------------------------------------------


def frameworks_dir():
    return Path(getattr(settings, "MATRIX_FRAMEWORKS_DIR", Path(settings.BASE_DIR) / "frameworks"))


def framework_files(directory=None):
    """Every ``<slug>/v<N>.yaml`` below ``directory``, by slug and then by version number."""
    found = []
    for path in Path(directory or frameworks_dir()).glob("*/v*.y*ml"):
        match = _FILE_VERSION.fullmatch(path.name)
        if match and path.is_file():
            found.append((path.parent.name, int(match[1]), path))
    return [path for _slug, _number, path in sorted(found)]


def shown_path(path):
    """The path as messages show it: relative to the project when it lies inside."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


# Reading and checking ---------------------------------------------------------------------------


def load_framework_file(path):
    """Read and check one framework file; raise ``FrameworkError`` listing every problem."""
    shown = shown_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FrameworkError([_("%(file)s: Die Datei gibt es nicht.") % {"file": shown}]) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkError(
            [_("%(file)s: Die Datei ist nicht UTF-8-kodiert.") % {"file": shown}]
        ) from exc
    except OSError as exc:
        raise FrameworkError(
            [
                _("%(file)s: Die Datei lässt sich nicht lesen (%(reason)s).")
                % {"file": shown, "reason": exc.strerror or exc}
            ]
        ) from exc
    return parse_framework(text, shown, file_name=Path(path).name)


def parse_framework(text, shown, *, file_name=""):
    """Check the YAML ``text`` of a framework file; ``shown`` names the file in messages."""
    data, lines, problems = _parse_yaml(text, shown)
    if data is None:
        problems.append(("", _("Die Datei ist leer.")))
    else:
        problems.extend(_schema_problems(data))
        if isinstance(data, dict):
            problems.extend(_semantic_problems(data, file_name))
    if problems:
        raise FrameworkError(_format(shown, lines, problems))
    framework = _build(data, shown, lines)
    framework.checksum = _checksum(framework.content())
    return framework


def _parse_yaml(text, shown):
    """The data, a map of JSON-pointer paths to 1-based line numbers, and duplicate-key problems."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise FrameworkError(
            [
                _("%(file)s:%(line)d: YAML-Syntaxfehler: %(problem)s")
                % {"file": shown, "line": mark.line + 1 if mark else 1, "problem": problem}
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(
            [_("%(file)s:1: YAML-Syntaxfehler: %(problem)s") % {"file": shown, "problem": exc}]
        ) from exc
    finally:
        loader.dispose()
    lines, problems = {"": 1}, []
    if node is not None:
        _map_lines(node, "", lines, problems)
    return data, lines, problems


def _map_lines(node, path, lines, problems, depth=0):
    lines.setdefault(path, node.start_mark.line + 1)
    if depth > 20:  # framework files are 5 levels deep; deeper means aliases going in circles
        return
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}/{key}"
            if key in seen:
                problems.append(
                    (
                        child,
                        _(
                            "Der Schlüssel „%(key)s“ steht doppelt; der zweite Wert würde den "
                            "ersten stillschweigend ersetzen."
                        )
                        % {"key": key},
                    )
                )
            seen.add(key)
            lines[child] = key_node.start_mark.line + 1
            _map_lines(value_node, child, lines, problems, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, f"{path}/{index}", lines, problems, depth + 1)


def _line_of(lines, path):
    while path not in lines and path:
        path = path.rsplit("/", 1)[0]
    return lines.get(path, 1)


def _format(shown, lines, problems):
    ordered = sorted(enumerate(problems), key=lambda p: (_line_of(lines, p[1][0]), p[0]))
    return [
        f"{shown}:{_line_of(lines, path)}: {path or '/'}: {reason}"
        for _index, (path, reason) in ordered
    ]


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


def _schema_problems(data):
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


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_int(value):
    """A whole number as int (YAML may give 1.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def _semantic_problems(data, file_name):
    """Checks that span entries; they skip what the schema already rejected."""
    version = _as_int(data.get("version"))
    match = _FILE_VERSION.fullmatch(file_name or "")
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
    field_keys, indicator_keys = {}, {}
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
    seen = {}
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
        if amount.as_tuple().exponent < -DECIMAL_PLACES:
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


def _canonical(amount):
    return None if amount is None else str(amount.quantize(Decimal(1).scaleb(-DECIMAL_PLACES)))


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _text(value):
    return value.strip()


def _build(data, shown, lines):
    levels = sorted(
        (
            {
                "level": int(entry["level"]),
                "name_de": _text(entry["name_de"]),
                "name_en": _text(entry["name_en"]),
                "description_de": _text(entry["description_de"]),
                "description_en": _text(entry["description_en"]),
            }
            for entry in data["levels"]
        ),
        key=lambda entry: entry["level"],
    )
    fields = [
        FieldData(
            key=entry["key"],
            name_de=_text(entry["name_de"]),
            name_en=_text(entry["name_en"]),
            description_de=_text(entry["description_de"]),
            description_en=_text(entry["description_en"]),
            keywords=[" ".join(word.split()) for word in entry["keywords"]],
            level_descriptors={
                str(int(level["level"])): {"de": _text(level["de"]), "en": _text(level["en"])}
                for level in sorted(entry["levels"], key=lambda level: level["level"])
            },
            indicators=[
                IndicatorData(
                    key=item["key"],
                    name_de=_text(item["name_de"]),
                    name_en=_text(item["name_en"]),
                    unit=_text(item["unit"]),
                    direction=item["direction"],
                    target=_decimal(item["target"]),
                    worst=_decimal(item["worst"]),
                    min_value=_decimal(item.get("min")),
                    max_value=_decimal(item.get("max")),
                    source=_text(item["source"]),
                )
                for item in entry["indicators"]
            ],
        )
        for entry in data["fields"]
    ]
    return FrameworkData(
        slug=data["slug"],
        version=int(data["version"]),
        name_de=_text(data["name_de"]),
        name_en=_text(data["name_en"]),
        description_de=_text(data["description_de"]),
        description_en=_text(data["description_en"]),
        levels=levels,
        fields=fields,
        source_file=shown[-300:],
        lines=lines,
    )


def _checksum(content):
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# Publishing -------------------------------------------------------------------------------------


def publish_framework(path, *, actor=None):
    """Check the file and publish it; returns ``(FrameworkVersion, status)``.

    ``status`` is ``"created"`` (new version, active when it is the newest of its slug),
    ``"unchanged"`` (same content as published) or ``"updated"`` (changed, but nothing used it
    yet). A changed version that is already used raises ``FrameworkError`` and changes nothing.
    """
    return publish(load_framework_file(path), actor=actor)


@transaction.atomic
def publish(framework, *, actor=None):
    """Publish checked ``FrameworkData`` (see ``publish_framework``)."""
    existing = (
        FrameworkVersion.objects.select_for_update()
        .filter(slug=framework.slug, version=framework.version)
        .first()
    )
    if existing is not None and existing.checksum == framework.checksum:
        return existing, UNCHANGED
    if existing is None:
        version, status = _create(framework), CREATED
    else:
        _refuse_if_used(existing, framework)
        version, status = _update(existing, framework), UPDATED
    AuditEvent.objects.create(
        agenda=None,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=f"matrix.framework_{status}",
        detail=f"{framework.slug} v{framework.version} ({framework.source_file})",
    )
    return version, status


def _version_values(framework):
    return {
        "name_de": framework.name_de,
        "name_en": framework.name_en,
        "description_de": framework.description_de,
        "description_en": framework.description_en,
        "levels": framework.levels,
        "source_file": framework.source_file,
        "checksum": framework.checksum,
    }


def _create(framework):
    newest = not FrameworkVersion.objects.filter(
        slug=framework.slug, version__gt=framework.version
    ).exists()
    try:
        with transaction.atomic():
            version = FrameworkVersion.objects.create(
                slug=framework.slug,
                version=framework.version,
                is_active=newest,
                **_version_values(framework),
            )
    except IntegrityError as exc:  # another process published the same version just now
        raise FrameworkError(
            [
                _(
                    "%(file)s: Version %(version)d von „%(slug)s“ wurde gerade gleichzeitig "
                    "veröffentlicht; bitte noch einmal laden."
                )
                % {
                    "file": framework.source_file,
                    "version": framework.version,
                    "slug": framework.slug,
                }
            ]
        ) from exc
    if newest:
        FrameworkVersion.objects.filter(slug=framework.slug).exclude(pk=version.pk).update(
            is_active=False
        )
    _write_content(version, framework, fields={}, indicators={})
    return version


def _refuse_if_used(version, framework):
    rounds = AssessmentRound.objects.filter(version=version).count()
    ratings = Rating.objects.filter(field__version=version).count()
    values = IndicatorValue.objects.filter(indicator__field__version=version).count()
    if not (rounds or ratings or values):
        return
    usage = []
    if rounds:
        usage.append(
            ngettext("%(count)d Bewertungsrunde", "%(count)d Bewertungsrunden", rounds)
            % {"count": rounds}
        )
    if ratings:
        usage.append(
            ngettext("%(count)d Bewertung", "%(count)d Bewertungen", ratings) % {"count": ratings}
        )
    if values:
        usage.append(
            ngettext("%(count)d Indikatorwert", "%(count)d Indikatorwerte", values)
            % {"count": values}
        )
    newest = FrameworkVersion.objects.filter(slug=version.slug).aggregate(n=Max("version"))["n"]
    raise FrameworkError(
        [
            _(
                "%(file)s:%(line)d: /version: Version %(version)d von „%(slug)s“ wird bereits "
                "verwendet (%(usage)s) und bleibt deshalb unverändert. Veröffentlichen Sie die "
                "Änderung als neue Version (Datei v%(next)d.yaml mit version: %(next)d), statt "
                "diese zu ändern."
            )
            % {
                "file": framework.source_file,
                "line": framework.line("/version"),
                "version": version.version,
                "slug": version.slug,
                "usage": ", ".join(usage),
                "next": newest + 1,
            }
        ]
    )


def _update(version, framework):
    for name, value in _version_values(framework).items():
        setattr(version, name, value)
    version.save()
    fields = {row.key: row for row in MatrixField.objects.filter(version=version)}
    indicators = {row.key: row for row in Indicator.objects.filter(field__version=version)}
    wanted_fields = {f.key for f in framework.fields}
    wanted_indicators = {i.key for f in framework.fields for i in f.indicators}
    try:
        Indicator.objects.filter(
            pk__in=[row.pk for key, row in indicators.items() if key not in wanted_indicators]
        ).delete()
        MatrixField.objects.filter(
            pk__in=[row.pk for key, row in fields.items() if key not in wanted_fields]
        ).delete()
    except ProtectedError as exc:
        raise FrameworkError(
            [
                _(
                    "%(file)s: Version %(version)d von „%(slug)s“ lässt sich nicht ändern, weil "
                    "andere Daten auf ein entferntes Handlungsfeld oder einen entfernten "
                    "Indikator verweisen; veröffentlichen Sie eine neue Version."
                )
                % {
                    "file": framework.source_file,
                    "version": version.version,
                    "slug": version.slug,
                }
            ]
        ) from exc
    _write_content(version, framework, fields=fields, indicators=indicators)
    return version


def _write_content(version, framework, *, fields, indicators):
    """Create or update the field and indicator rows, matched by key (bulk, a few queries)."""
    new_fields, changed_fields, rows = [], [], {}
    for order, data in enumerate(framework.fields, start=1):
        row = fields.get(data.key) or MatrixField(version=version, key=data.key)
        row.order = order
        for name in _FIELD_COLUMNS[1:]:
            setattr(row, name, getattr(data, name))
        (changed_fields if row.pk else new_fields).append(row)
        rows[data.key] = row
    MatrixField.objects.bulk_create(new_fields)
    if changed_fields:
        MatrixField.objects.bulk_update(changed_fields, _FIELD_COLUMNS)
    new_indicators, changed_indicators = [], []
    for data in framework.fields:
        for order, item in enumerate(data.indicators, start=1):
            row = indicators.get(item.key) or Indicator(key=item.key)
            row.field = rows[data.key]
            row.order = order
            for name in _INDICATOR_COLUMNS[2:]:
                setattr(row, name, getattr(item, name))
            (changed_indicators if row.pk else new_indicators).append(row)
    Indicator.objects.bulk_create(new_indicators)
    if changed_indicators:
        Indicator.objects.bulk_update(changed_indicators, _INDICATOR_COLUMNS)
