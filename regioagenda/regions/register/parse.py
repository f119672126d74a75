"""Reading and checking GV100AD records: fixed widths, keys, hierarchy; no database writes."""

import contextlib
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from regioagenda.core.numbers import parse_int
from regioagenda.regions.models import RegionKind, RegionLevel

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
    if len(land) <= 2 and parse_int(land, minimum=1, maximum=16) is not None:
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
