"""A checked framework file as data: ``load_framework_file`` reads, checks and builds it.

The checksum covers the normalised content (texts and numbers), not the file's layout, so a
reformatted or commented file publishes as unchanged.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from regioagenda.matrix.framework.check import (
    DECIMAL_PLACES,
    schema_problems,
    semantic_problems,
)
from regioagenda.matrix.framework.read import (
    FrameworkError,
    format_problems,
    line_of,
    read_text,
    read_yaml,
    shown_path,
)


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
        return line_of(self.lines, path)

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


# Loading ----------------------------------------------------------------------------------------


def load_framework_file(path):
    """Read and check one framework file; raise ``FrameworkError`` listing every problem."""
    shown = shown_path(path)
    return parse_framework(read_text(path, shown), shown, file_name=Path(path).name)


def parse_framework(text, shown, *, file_name=""):
    """Check the YAML ``text`` of a framework file; ``shown`` names the file in messages."""
    data, lines, problems = read_yaml(text, shown)
    if data is None:
        problems.append(("", _("Die Datei ist leer.")))
    else:
        problems.extend(schema_problems(data))
        if isinstance(data, dict):
            problems.extend(semantic_problems(data, file_name))
    if problems:
        raise FrameworkError(format_problems(shown, lines, problems))
    framework = _build(data, shown, lines)
    framework.checksum = _checksum(framework.content())
    return framework


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
