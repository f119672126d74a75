"""Writing a checked register into the database: plan the changes, then bulk writes by level."""

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from regioagenda.core import pagecache
from regioagenda.regions.models import Region, RegionLevel
from regioagenda.regions.register.parse import (
    LEVEL_ORDER,
    RegisterImportError,
    _link,
    decode,
    normalize_land,
    parse_register,
)

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
            # Written in bulk (no model signals): public pages show the register (pagecache).
            pagecache.data_changed()
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
