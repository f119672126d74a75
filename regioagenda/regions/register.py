"""Import of the official register: the Destatis Gemeindeverzeichnis GV100AD.

The file has one fixed-width record per line (220 characters, positions 1-based and inclusive,
see ``data/register/SOURCES.md``). The import runs in three stages so that a bad file changes
nothing:

1. ``parse_register`` reads every line and checks its fields; it collects all errors.
2. ``_link`` checks the records against each other (duplicate keys, missing Kreis, …) and
   derives parents and the summed figures of Land, Bezirk, Kreis and Verband.
3. ``import_register`` compares with what is stored (one query), then writes level by level
   with bulk operations in one transaction, or only reports when ``dry_run`` is set.

Rows are matched by their official key (``Region.ags``). Nothing is ever deleted: a register
row that a newer file no longer contains is marked ``is_current=False`` (merged or dissolved).
Alliances and example data are never touched.
"""

import contextlib
import datetime
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from regioagenda.regions.models import Region, RegionKind, RegionLevel

RECORD_LENGTH = 220

# Levels in the order they are written, so that every parent exists before its children.
LEVEL_ORDER = [
    RegionLevel.LAND,
    RegionLevel.BEZIRK,
    RegionLevel.KREIS,
    RegionLevel.VERBAND,
    RegionLevel.GEMEINDE,
]

LEVEL_BY_SATZART = {
    "10": RegionLevel.LAND,
    "20": RegionLevel.BEZIRK,
    "40": RegionLevel.KREIS,
    "50": RegionLevel.VERBAND,
    "60": RegionLevel.GEMEINDE,
}
SATZART_REGION = "30"  # Regionen exist only in Baden-Württemberg; the platform has no level.

# The last position each Satzart needs: a line whose trailing blanks were stripped must still
# reach it. Land and Bezirk need one character of the name, Kreis and Verband their
# Textkennzeichen, Gemeinden their population.
MIN_LENGTH = {"10": 23, "20": 23, "30": 23, "40": 124, "50": 124, "60": 150}

# Textkennzeichen (Destatis Datensatzbeschreibung GV100AD) mapped to the platform's kinds.
KREIS_KINDS = {
    "41": RegionKind.KREISFREIE_STADT,
    "42": RegionKind.KREISFREIE_STADT,  # Stadtkreis: Baden-Württemberg's kreisfreie Stadt
    "43": RegionKind.LANDKREIS,  # Kreis (Nordrhein-Westfalen, Schleswig-Holstein)
    "44": RegionKind.LANDKREIS,
    "45": RegionKind.LANDKREIS,  # Regionalverband Saarbrücken
}
VERBAND_KINDS = {
    "50": RegionKind.VERBANDSFREI,
    # Amt, Samtgemeinde, Verbandsgemeinde, Verwaltungsgemeinschaft, Kirchspielslandgemeinde,
    # Verwaltungsverband, VG Trägermodell, erfüllende Gemeinde: all share an administration.
    **dict.fromkeys(
        ("51", "52", "53", "54", "55", "56", "57", "58"), RegionKind.VERWALTUNGSGEMEINSCHAFT
    ),
}
GEMEINDE_KINDS = {
    "60": RegionKind.MARKT,
    "61": RegionKind.KREISFREIE_STADT,
    "62": RegionKind.KREISFREIE_STADT,  # Stadtkreis (Baden-Württemberg)
    "63": RegionKind.STADT,
    "64": RegionKind.GEMEINDE,
    "65": RegionKind.GEMEINDEFREI,  # bewohnt
    "66": RegionKind.GEMEINDEFREI,  # unbewohnt
    "67": RegionKind.GROSSE_KREISSTADT,
    "68": RegionKind.GEMEINDE,  # amtsangehörige Gemeinde
    "69": RegionKind.GEMEINDE,  # amtsfreie Gemeinde
}
KINDS_BY_SATZART = {"40": KREIS_KINDS, "50": VERBAND_KINDS, "60": GEMEINDE_KINDS}

# Fields the import owns; anything else on a Region (members, flags) is left alone.
IMPORTED_FIELDS = [
    "name",
    "level",
    "kind",
    "seat",
    "population",
    "area_km2",
    "figures_date",
    "territory_date",
    "source",
    "is_current",
]
BATCH_SIZE = 500
CHANGE_REASON = "GV100AD-Import"

_DIGITS = re.compile(r"[0-9]+")
_CENT = Decimal("0.01")


class RegisterImportError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, one sentence each."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(format_errors(self.errors, limit=3))


def format_errors(errors, limit=50):
    """The first ``limit`` errors, one per line, and how many more there are."""
    lines = list(errors[:limit])
    if len(errors) > limit:
        lines.append(_("… und %(count)d weitere") % {"count": len(errors) - limit})
    return "\n".join(lines)


@dataclass
class RegisterRecord:
    """One Satzart-10/20/40/50/60 record, checked and with its derived key, level and kind."""

    line: int
    satzart: str
    territory_date: datetime.date
    land: str
    rb: str
    kreis: str
    gemeinde: str
    verband: str
    name: str
    seat: str
    textkennzeichen: str
    area_km2: Decimal | None = None
    population: int | None = None
    plz: str = ""
    level: str = ""
    kind: str = ""
    key: str = ""
    parent_key: str = ""
    bezirk_key: str = ""

    @property
    def figures_date(self):
        # GV100AD carries the population of 31.12. of the year before its Gebietsstand.
        return datetime.date(self.territory_date.year - 1, 12, 31)

    @property
    def source(self):
        return source_line(self.territory_date, self.figures_date)


@dataclass
class ParseResult:
    records: list[RegisterRecord]
    errors: list[tuple[int, str]]  # (line number or 0, message)
    skipped_satzart_30: int = 0


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    territory_date: datetime.date | None = None
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_older: int = 0
    marked_not_current: int = 0
    skipped_satzart_30: int = 0
    per_level: dict = field(default_factory=dict)
    land: str = ""
    dry_run: bool = False

    def as_dict(self):
        """JSON-friendly form, e.g. for a job result."""
        data = asdict(self)
        data["territory_date"] = self.territory_date.isoformat() if self.territory_date else None
        return data

    def headline(self):
        text = _(
            "%(records)d Datensätze gelesen: %(created)d neu, %(updated)d geändert, "
            "%(unchanged)d unverändert, %(older)d übersprungen (älter als gespeichert), "
            "%(retired)d nicht mehr aktuell."
        ) % {
            "records": self.records,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older": self.skipped_older,
            "retired": self.marked_not_current,
        }
        if self.dry_run:
            text = _("Probelauf, nichts gespeichert. %(text)s") % {"text": text}
        return text

    def describe(self):
        """Several German lines for the command's output."""
        lines = [self.headline()]
        if self.territory_date:
            lines.append(_("Gebietsstand: %(date)s") % {"date": f"{self.territory_date:%d.%m.%Y}"})
        if self.land:
            lines.append(_("Nur Land %(land)s.") % {"land": self.land})
        labels = {
            RegionLevel.LAND: _("Länder"),
            RegionLevel.BEZIRK: _("Regierungsbezirke"),
            RegionLevel.KREIS: _("Kreise"),
            RegionLevel.VERBAND: _("Gemeindeverbände"),
            RegionLevel.GEMEINDE: _("Gemeinden"),
        }
        parts = [
            f"{labels[level]}: {self.per_level[level]}"
            for level in LEVEL_ORDER
            if level in self.per_level
        ]
        if parts:
            lines.append(", ".join(parts))
        if self.skipped_satzart_30:
            lines.append(
                _("%(count)d Regionen (Satzart 30) übersprungen.")
                % {"count": self.skipped_satzart_30}
            )
        return "\n".join(lines)


def source_line(territory_date, figures_date):
    """The attribution Destatis asks for, for one edition of the file."""
    text = (
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, "
        f"Gebietsstand {territory_date:%d.%m.%Y}; Bevölkerung {figures_date:%d.%m.%Y}"
    )
    # The configured line may add a note such as "(Basis Zensus 2022)" for the shipped edition.
    configured = getattr(settings, "REGISTER_SOURCE", "")
    return configured if configured.startswith(text) else text


# Parsing ---------------------------------------------------------------------------------------


def decode(data):
    """Text of the file, or a RegisterImportError if it is not UTF-8 text."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RegisterImportError(
            [
                _(
                    "Die Datei ist keine UTF-8-Textdatei (ungültiges Byte an Stelle %(pos)d). "
                    "Bitte die Datei GV100AD von Destatis unverändert verwenden."
                )
                % {"pos": exc.start + 1}
            ]
        ) from exc
    if "\x00" in text:
        raise RegisterImportError(
            [
                _(
                    "Die Datei ist keine Textdatei (sie enthält Nullbytes). Bitte die Datei "
                    "GV100AD von Destatis unverändert verwenden."
                )
            ]
        )
    return text.removeprefix("\ufeff")


def normalize_land(land):
    """'9' or '09' → '09'; empty → ''; anything else raises RegisterImportError."""
    land = (land or "").strip()
    if not land:
        return ""
    if land.isascii() and land.isdigit() and len(land) <= 2 and 1 <= int(land) <= 16:
        return land.zfill(2)
    raise RegisterImportError(
        [_("„%(land)s“ ist kein Länderschlüssel (01 bis 16).") % {"land": land}]
    )


def parse_register(text, *, land=""):
    """Read and check every record; only records of ``land`` when given.

    Returns a ParseResult whose messages name line, Satzart and field. Cross-record checks
    (duplicates, missing parents) happen in ``_link``.
    """
    records, errors = [], []
    skipped_30 = 0
    recognised = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        satzart = line[:2]
        if satzart not in MIN_LENGTH:
            message = _(
                "Zeile %(line)d: Satzart „%(satzart)s“ ist unbekannt "
                "(erwartet 10, 20, 30, 40, 50 oder 60)."
            ) % {"line": number, "satzart": satzart.strip()}
            errors.append((number, message))
            continue
        recognised += 1
        record, record_errors = _parse_line(number, satzart, line, land)
        errors.extend((number, message) for message in record_errors)
        if record is SKIPPED_REGION:
            skipped_30 += 1
        elif record is not None:
            records.append(record)
    if not recognised:
        # Not a GV100AD file at all (empty, another format): one sentence beats a page of
        # "unknown Satzart".
        message = _("Die Datei enthält keine Datensätze des Gemeindeverzeichnisses (GV100AD).")
        errors = [(0, message)]
    elif not errors and not records and not skipped_30 and land:
        message = _("Die Datei enthält keine Datensätze für das Land %(land)s.") % {"land": land}
        errors.append((0, message))
    return ParseResult(records=records, errors=errors, skipped_satzart_30=skipped_30)


SKIPPED_REGION = object()  # a valid Satzart-30 record: counted, never imported


def _parse_line(number, satzart, line, land_filter):
    """Check one line; returns (record, errors).

    The record is None when the line has errors or belongs to another Land, and
    SKIPPED_REGION for a valid Satzart-30 record.
    """
    where = _("Zeile %(line)d (Satzart %(satzart)s)") % {"line": number, "satzart": satzart}
    errors = []

    def error(message, **params):
        errors.append(f"{where}: {message % params if params else message}")

    if len(line) < MIN_LENGTH[satzart]:
        error(
            _(
                "Der Datensatz ist nur %(length)d Zeichen lang; diese Satzart braucht "
                "mindestens %(needed)d."
            ),
            length=len(line),
            needed=MIN_LENGTH[satzart],
        )
        return None, errors
    line = line.ljust(RECORD_LENGTH)

    def part(start, end):
        return line[start - 1 : end]

    land = part(11, 12)
    if not _DIGITS.fullmatch(land):
        error(_("Land „%(value)s“ darf nur Ziffern enthalten."), value=land.strip())
        return None, errors
    if land_filter and land != land_filter:
        return None, []
    if not 1 <= int(land) <= 16:
        error(_("Land „%(value)s“ ist kein Länderschlüssel (01 bis 16)."), value=land)

    raw_date = part(3, 10)
    territory_date = None
    if _DIGITS.fullmatch(raw_date):
        with contextlib.suppress(ValueError):  # e.g. 20251331
            territory_date = datetime.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    if territory_date is None:
        error(
            _("Gebietsstand „%(value)s“ ist kein gültiges Datum (JJJJMMTT)."),
            value=raw_date.strip(),
        )

    # Which key parts each Satzart must carry (Satzart 30 keeps its Region number in 14).
    needed = {
        "10": [],
        "20": [("rb", 13, 13)],
        "30": [("rb", 13, 13)],
        "40": [("rb", 13, 13), ("kreis", 14, 15)],
        "50": [("rb", 13, 13), ("kreis", 14, 15), ("verband", 19, 22)],
        "60": [("rb", 13, 13), ("kreis", 14, 15), ("gemeinde", 16, 18), ("verband", 19, 22)],
    }[satzart]
    labels = {
        "rb": _("Regierungsbezirk"),
        "kreis": _("Kreis"),
        "gemeinde": _("Gemeinde"),
        "verband": _("Gemeindeverband"),
    }
    keys = {"rb": "", "kreis": "", "gemeinde": "", "verband": ""}
    for name, start, end in needed:
        value = part(start, end)
        if not _DIGITS.fullmatch(value):
            error(
                _("%(field)s „%(value)s“ darf nur Ziffern enthalten."),
                field=labels[name],
                value=value.strip(),
            )
        keys[name] = value

    name = part(23, 72).strip()
    if not name:
        error(_("Der Name (Stellen 23–72) fehlt."))
    if satzart == SATZART_REGION:
        return (None if errors else SKIPPED_REGION), errors

    textkennzeichen = part(123, 124).strip()
    level = LEVEL_BY_SATZART[satzart]
    if level == RegionLevel.LAND:
        kind = RegionKind.LAND
    elif level == RegionLevel.BEZIRK:
        kind = RegionKind.BEZIRK
    else:
        kind = KINDS_BY_SATZART[satzart].get(textkennzeichen)
        if kind is None:
            error(
                _("Textkennzeichen „%(value)s“ ist für diese Satzart unbekannt."),
                value=textkennzeichen,
            )

    area = population = None
    plz = ""
    if satzart == "60":
        area = _number(part(129, 139), _("Fläche"), error)
        population = _number(part(140, 150), _("Bevölkerung"), error)
        if area is not None:
            # Destatis gives hectares; 100 ha are one km², so two decimals are exact.
            area = (Decimal(area) / 100).quantize(_CENT)
        plz = part(166, 170).strip()

    if errors:
        return None, errors
    record = RegisterRecord(
        line=number,
        satzart=satzart,
        territory_date=territory_date,
        land=land,
        seat=part(73, 122).strip(),
        name=name,
        textkennzeichen=textkennzeichen,
        area_km2=area,
        population=population,
        plz=plz,
        level=level,
        kind=kind,
        **keys,
    )
    record.key = {
        RegionLevel.LAND: land,
        RegionLevel.BEZIRK: land + keys["rb"],
        RegionLevel.KREIS: land + keys["rb"] + keys["kreis"],
        RegionLevel.VERBAND: land + keys["rb"] + keys["kreis"] + keys["verband"],
        RegionLevel.GEMEINDE: land + keys["rb"] + keys["kreis"] + keys["gemeinde"],
    }[level]
    return record, []


def _number(value, label, error):
    stripped = value.strip()
    if not stripped:
        error(_("%(field)s fehlt."), field=label)
        return None
    if not _DIGITS.fullmatch(stripped):
        error(_("%(field)s „%(value)s“ ist keine Zahl."), field=label, value=stripped)
        return None
    return int(stripped)


# Linking ---------------------------------------------------------------------------------------


def _link(records, *, check_parents=True):
    """Check keys across records, set parent and Bezirk keys and sum up the figures.

    ``check_parents`` is off when some lines were rejected: their children would only repeat
    that error as "Kreis … fehlt".

    Returns the errors as (line, message); the records are changed in place.
    """
    errors = []
    by_key = {}
    for record in records:
        first = by_key.get(record.key)
        if first is not None:
            errors.append(
                (
                    record.line,
                    _(
                        "Zeile %(line)d (Satzart %(satzart)s): Schlüssel %(key)s kommt doppelt vor "
                        "(zuerst in Zeile %(first)d)."
                    )
                    % {
                        "line": record.line,
                        "satzart": record.satzart,
                        "key": record.key,
                        "first": first.line,
                    },
                )
            )
        else:
            by_key[record.key] = record

    def missing(record, what, key):
        if not check_parents:
            return
        errors.append(
            (
                record.line,
                _(
                    "Zeile %(line)d (Satzart %(satzart)s): %(what)s %(key)s fehlt in der Datei "
                    "(kein Datensatz der Satzart %(needed)s)."
                )
                % {
                    "line": record.line,
                    "satzart": record.satzart,
                    "what": what[0],
                    "key": key,
                    "needed": what[1],
                },
            )
        )

    land_label = (_("Land"), "10")
    bezirk_label = (_("Regierungsbezirk"), "20")
    kreis_label = (_("Kreis"), "40")
    for record in records:
        land_key = record.land
        bezirk_key = record.land + record.rb
        kreis_key = bezirk_key + record.kreis
        has_bezirk = bezirk_key in by_key
        if record.level == RegionLevel.BEZIRK:
            record.parent_key = land_key
            if land_key not in by_key:
                missing(record, land_label, land_key)
        elif record.level == RegionLevel.KREIS:
            # Länder without Regierungsbezirke use 0 and have no Satzart 20.
            if has_bezirk:
                record.parent_key = bezirk_key
            elif record.rb == "0" and land_key in by_key:
                record.parent_key = land_key
            elif record.rb == "0":
                missing(record, land_label, land_key)
            else:
                missing(record, bezirk_label, bezirk_key)
        elif record.level in (RegionLevel.VERBAND, RegionLevel.GEMEINDE):
            # Gemeinden hang under their Kreis, not their Verband: the Verband is an
            # administrative partnership, the Kreis the territorial parent.
            record.parent_key = kreis_key
            if kreis_key not in by_key:
                missing(record, kreis_label, kreis_key)
        if record.level in (RegionLevel.KREIS, RegionLevel.VERBAND, RegionLevel.GEMEINDE):
            record.bezirk_key = bezirk_key if has_bezirk else ""

    # Figures of the upper levels are the sums over their Gemeinden (as Destatis publishes).
    population = defaultdict(int)
    area = defaultdict(Decimal)
    for record in records:
        if record.level != RegionLevel.GEMEINDE:
            continue
        verband_key = record.land + record.rb + record.kreis + record.verband
        for key in (record.key[:2], record.key[:3], record.key[:5], verband_key):
            population[key] += record.population
            area[key] += record.area_km2
    for record in records:
        if record.level != RegionLevel.GEMEINDE and record.key in population:
            record.population = population[record.key]
            record.area_km2 = area[record.key]
    return errors


# Import ----------------------------------------------------------------------------------------


_NEW = object()  # parent pk of a region that does not exist yet; equal to nothing stored


def import_register(source, *, land="", force=False, dry_run=False, progress=None):
    """Import a GV100AD file (a path or its bytes) and return an ImportSummary.

    ``land`` ('09') imports only that Land from a full Germany file. A record older than the
    stored one is skipped unless ``force``. ``dry_run`` checks and counts but writes nothing.
    ``progress(percent, message)`` is told when the file is checked and each level written.
    Raises RegisterImportError, with every problem found, if the file is not valid; then
    nothing has been changed.
    """
    progress = progress or (lambda percent, message="": None)
    land = normalize_land(land)
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise RegisterImportError(
                [
                    _("Die Datei %(path)s kann nicht gelesen werden: %(reason)s")
                    % {"path": source, "reason": exc.strerror or exc}
                ]
            ) from exc

    parsed = parse_register(decode(data), land=land)
    errors = parsed.errors + _link(parsed.records, check_parents=not parsed.errors)
    if errors:
        raise RegisterImportError(
            [message for _line, message in sorted(errors, key=lambda e: e[0])]
        )
    records = parsed.records

    summary = ImportSummary(
        territory_date=max((r.territory_date for r in records), default=None),
        records=len(records) + parsed.skipped_satzart_30,
        skipped_satzart_30=parsed.skipped_satzart_30,
        land=land,
        dry_run=dry_run,
    )
    for level in LEVEL_ORDER:
        count = sum(1 for r in records if r.level == level)
        if count:
            summary.per_level[level.value] = count
    progress(10, _("Datei geprüft: %(count)d Datensätze.") % {"count": summary.records})

    with transaction.atomic():
        plan = _plan(records, force=force)
        if plan.errors:
            raise RegisterImportError(plan.errors)
        summary.created = sum(len(v) for v in plan.create.values())
        summary.updated = sum(len(v) for v in plan.update.values())
        summary.unchanged = plan.unchanged
        summary.skipped_older = plan.skipped_older
        summary.marked_not_current = len(plan.retire)
        if not dry_run:
            try:
                _write(plan, progress)
            except IntegrityError as exc:
                # Only another import running at the same moment can get here: keys were free
                # when they were read.
                raise RegisterImportError(
                    [
                        _(
                            "Die Daten wurden während des Imports verändert (läuft ein zweiter "
                            "Import?). Es wurde nichts gespeichert; bitte erneut versuchen."
                        )
                    ]
                ) from exc
    progress(100, summary.headline())
    return summary


@dataclass
class _Plan:
    create: dict = field(default_factory=lambda: defaultdict(list))  # level → [(record, Region)]
    update: dict = field(default_factory=lambda: defaultdict(list))  # level → [(record, Region)]
    retire: list = field(default_factory=list)
    pk_by_key: dict = field(default_factory=dict)
    unchanged: int = 0
    skipped_older: int = 0
    errors: list = field(default_factory=list)


def _plan(records, *, force):
    """Decide per record: create, update, leave alone or skip; and which rows to retire."""
    plan = _Plan()
    lands = {r.land for r in records}
    stored = {
        region.ags: region for region in Region.objects.exclude(ags="").filter(_any_prefix(lands))
    }
    plan.pk_by_key = {key: region.pk for key, region in stored.items()}

    for record in records:
        region = stored.get(record.key)
        if region is None:
            plan.create[record.level].append((record, Region(ags=record.key)))
            continue
        if region.is_example or region.level == RegionLevel.ALLIANCE:
            plan.errors.append(
                _(
                    "Zeile %(line)d (Satzart %(satzart)s): Der Schlüssel %(key)s gehört zu "
                    "„%(name)s“ (Beispieldaten oder Zusammenschluss); diese werden nicht "
                    "überschrieben."
                )
                % {
                    "line": record.line,
                    "satzart": record.satzart,
                    "key": record.key,
                    "name": region.name,
                }
            )
            continue
        if region.territory_date and region.territory_date > record.territory_date and not force:
            plan.skipped_older += 1
            continue
        wanted = _values(record)
        parent_pk = plan.pk_by_key.get(record.parent_key, _NEW) if record.parent_key else None
        bezirk_pk = plan.pk_by_key.get(record.bezirk_key, _NEW) if record.bezirk_key else None
        if (
            any(getattr(region, name) != value for name, value in wanted.items())
            or region.parent_id != parent_pk
            or region.bezirk_id != bezirk_pk
        ):
            plan.update[record.level].append((record, region))
        else:
            plan.unchanged += 1

    # Rows of the same Land and level that a newer file lacks were merged or dissolved.
    in_file = {r.key for r in records}
    newest = defaultdict(lambda: datetime.date.min)
    for record in records:
        newest[(record.land, record.level)] = max(
            newest[(record.land, record.level)], record.territory_date
        )
    for key, region in stored.items():
        scope = (key[:2], region.level)
        if (
            key not in in_file
            and scope in newest
            and region.is_current
            and not region.is_example
            and region.level != RegionLevel.ALLIANCE
            and (force or region.territory_date is None or region.territory_date < newest[scope])
        ):
            plan.retire.append(region)
    return plan


def _any_prefix(lands):
    query = Q(pk__in=[])
    for land in lands:
        query |= Q(ags__startswith=land)
    return query


def _values(record):
    return {
        "name": record.name,
        "level": record.level,
        "kind": record.kind,
        "seat": record.seat,
        "population": record.population,
        "area_km2": record.area_km2,
        "figures_date": record.figures_date,
        "territory_date": record.territory_date,
        "source": record.source,
        "is_current": True,
    }


def _write(plan, progress):
    """Write the plan level by level so that every parent has its pk before its children.

    History: simple_history's signals do not fire on bulk operations, so the historical rows
    are written in bulk as well (one per created, changed or retired region). That costs about
    a third of a second for Bavaria, cheap enough to keep the audit trail.
    """
    now = timezone.now()
    labels = dict(RegionLevel.choices)
    for step, level in enumerate(LEVEL_ORDER, start=1):
        new = []
        for record, region in plan.create.get(level, ()):
            _assign(region, record, plan.pk_by_key)
            new.append(region)
        if new:
            bulk_create_with_history(
                new, Region, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
            )
            plan.pk_by_key.update((region.ags, region.pk) for region in new)
        changes = {}
        for record, region in plan.update.get(level, ()):
            before = {name: getattr(region, name) for name in WRITTEN_ATTRS}
            _assign(region, record, plan.pk_by_key)
            region.updated = now
            changes[region] = [
                name for name in WRITTEN_ATTRS if getattr(region, name) != before[name]
            ]
            changes[region].append("updated")
        _update(changes)
        progress(
            10 + 80 * step // len(LEVEL_ORDER),
            _("%(level)s gespeichert.") % {"level": labels[level]},
        )
    for region in plan.retire:
        region.is_current = False
        region.updated = now
    _update({region: ["is_current", "updated"] for region in plan.retire})


# Attribute names as the database stores them (parent_id, not parent) for comparisons.
WRITTEN_ATTRS = [*IMPORTED_FIELDS, "parent_id", "bezirk_id"]


def _update(changes):
    """Store the changed fields of many regions, and one historical row for each.

    Django's bulk_update sets every listed field with a CASE over all rows, which took 6 s for
    a new edition of Bavaria. Here a field that takes the same value in all rows it changes
    (the Gebietsstand, the source, …) is set with one plain UPDATE, and only fields whose
    values differ (population, area, names) go through bulk_update, and only for the rows
    whose value changed.
    """
    if not changes:
        return
    rows_by_field = defaultdict(list)
    for region, names in changes.items():
        for name in names:
            rows_by_field[name].append(region)
    uniform = defaultdict(dict)  # the changed rows' pks → {attname: value}
    for name, regions in rows_by_field.items():
        values = {getattr(region, name) for region in regions}
        if len(values) == 1:
            uniform[tuple(region.pk for region in regions)][name] = values.pop()
        else:
            field_name = name.removesuffix("_id")
            Region.objects.bulk_update(regions, [field_name], batch_size=BATCH_SIZE)
    for pks, values in uniform.items():
        for start in range(0, len(pks), BATCH_SIZE):
            Region.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(**values)
    Region.history.bulk_history_create(
        list(changes),
        batch_size=BATCH_SIZE,
        update=True,
        default_change_reason=CHANGE_REASON,
    )


def _assign(region, record, pk_by_key):
    for name, value in _values(record).items():
        setattr(region, name, value)
    region.parent_id = pk_by_key[record.parent_key] if record.parent_key else None
    region.bezirk_id = pk_by_key[record.bezirk_key] if record.bezirk_key else None
