"""Indicator values of an agenda's region: entry by hand, CSV/XLSX import and its template.

Values belong to the region (several agendas of a region and the peer benchmark share them) and
to an indicator of the agenda's framework version. One value per (region, indicator, Stichtag):
entering the same day again corrects the value instead of adding a second one.

An import is all or nothing: every row is checked first (``indicator_import``), every problem is
reported with its line, and only a file without problems is written, in one transaction. Between
preview and confirmation the checked upload is staged with ``core.staging``.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from regioagenda.accounts.models import User
from regioagenda.core import csvexport, permissions, staging
from regioagenda.core.tabular import parse_date
from regioagenda.matrix.models import Direction, FrameworkVersion, Indicator, IndicatorValue
from regioagenda.matrix.queries.indicators import (
    framework_version,
    show_number,
    value_range,
    version_indicators,
)
from regioagenda.matrix.services.indicator_import import (
    COLUMNS,
    ImportResult,
    plan_import,
    read_upload,
)
from regioagenda.matrix.services.indicator_input import (
    parse_number,
    round_value,
    show_date,
    value_problems,
)
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

STAGING_KIND = "matrix.indicator_import"


def _require_version(agenda: Agenda) -> FrameworkVersion:
    version = framework_version(agenda)
    if version is None:
        raise ValidationError(
            _(
                "Für diese Agenda ist noch keine Smart-Region-Matrix geladen, daher gibt es keine "
                "Indikatoren. Das Programmbüro lädt sie mit „manage.py load_framework“."
            )
        )
    return version


# Entry by hand ----------------------------------------------------------------------------------


@transaction.atomic
def record_value(
    *,
    actor: User,
    agenda: Agenda,
    indicator: Indicator,
    value: object,
    date: datetime.date | str | None,
    source: str,
    note: str = "",
) -> tuple[IndicatorValue, bool]:
    """Store one value; the same indicator and Stichtag again corrects it.

    Returns ``(indicator_value, created)``.
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    version = _require_version(agenda)
    if indicator.field.version_id != version.pk:
        raise ValidationError(
            _(
                "Der Indikator „%(name)s“ gehört zu einer anderen Version der Matrix, nicht zu "
                "„%(version)s“, mit der diese Agenda arbeitet."
            )
            % {"name": indicator.name, "version": version}
        )
    problems: dict[str, str] = {}
    number: Decimal | None
    try:
        number = round_value(value=parse_number(raw=value))
    except (ValueError, InvalidOperation):
        number = None
        problems["value"] = _("„%(value)s“ ist keine Zahl (Beispiel: 12,5).") % {"value": value}
    day: datetime.date | None = None
    if date is None or date == "":
        problems["date"] = _("Bitte geben Sie den Stichtag an.")
    elif isinstance(date, datetime.date):
        day = date
    else:
        try:
            day = parse_date(date)
        except ValueError:
            problems["date"] = _(
                "„%(date)s“ ist kein gültiges Datum (erwartet: TT.MM.JJJJ oder JJJJ-MM-TT)."
            ) % {"date": date}
    source = (source or "").strip()
    note = (note or "").strip()
    problems = {
        **value_problems(indicator=indicator, value=number, day=day, source=source, note=note),
        **problems,
    }
    if problems:
        raise ValidationError(problems)
    assert day is not None and number is not None  # both are problems above when missing
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(region=agenda.region_id, indicator=indicator, date=day)
        .first()
    )
    created = existing is None
    row = existing or IndicatorValue(region_id=agenda.region_id, indicator=indicator, date=day)
    row.value, row.source, row.note, row.entered_by = number, source, note, actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Gleichzeitig wurde ein Wert für diesen Stichtag gespeichert; bitte erneut versuchen."
            )
        ) from exc
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.INDICATOR_VALUE_RECORDED
        if created
        else AuditAction.INDICATOR_VALUE_UPDATED,
        detail=f"{indicator.key} {show_date(day=day)}: {show_number(number)} {indicator.unit}",
    )
    return row, created


@transaction.atomic
def delete_value(*, actor: User, agenda: Agenda, value: IndicatorValue) -> None:
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    if value.region_id != agenda.region_id:
        raise PermissionDenied(_("Dieser Wert gehört nicht zur Region dieser Agenda."))
    detail = f"{value.indicator.key} {show_date(day=value.date)}: {show_number(value.value)}"
    value.delete()
    record_event(
        actor=actor, agenda=agenda, action=AuditAction.INDICATOR_VALUE_DELETED, detail=detail
    )


# Import -----------------------------------------------------------------------------------------


def import_values(
    *, actor: User, agenda: Agenda, file: object, filename: str, dry_run: bool = False
) -> ImportResult:
    """Import a filled-in template (CSV or XLSX) for the agenda's region: all rows or none.

    Problems with the file as a whole raise a ValidationError with one message. Otherwise every
    row is checked; with ``dry_run`` the result (rows with their action or errors) is returned
    as a preview; without it, any row error raises a ValidationError listing all of them, and a
    clean file is written in one transaction. The result counts created, updated, unchanged rows.
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    version = _require_version(agenda)
    data = read_upload(file=file)
    result = plan_import(agenda=agenda, version=version, data=data, filename=filename)
    if dry_run:
        return result
    if result.errors:
        raise ValidationError(result.errors)
    try:
        with transaction.atomic():
            _write_import(actor, agenda, result)
    except IntegrityError as exc:
        raise ValidationError(
            _("Während des Imports wurden gleichzeitig Werte gespeichert; bitte erneut versuchen.")
        ) from exc
    result.written = True
    return result


def _write_import(actor: User, agenda: Agenda, result: ImportResult) -> None:
    now = timezone.now()
    new: list[IndicatorValue] = []
    changed: list[IndicatorValue] = []
    for row in result.rows:
        if not row.action:
            continue
        # A row with an action passed every check: it has its indicator, value and date.
        assert row.indicator is not None and row.value is not None and row.date is not None
        if row.action == "create":
            new.append(
                IndicatorValue(
                    region_id=agenda.region_id,
                    indicator=row.indicator,
                    date=row.date,
                    value=row.value,
                    source=row.source,
                    note=row.note,
                    entered_by=actor,
                    updated=now,
                )
            )
        elif row.action == "update" and row.existing is not None:
            value = row.existing
            value.value, value.source, value.note = row.value, row.source, row.note
            value.entered_by, value.updated = actor, now
            changed.append(value)
    reason = _("Import aus %(name)s") % {"name": result.filename}
    if new:
        bulk_create_with_history(
            new, IndicatorValue, default_user=actor, default_change_reason=reason
        )
    if changed:
        bulk_update_with_history(
            changed,
            IndicatorValue,
            ["value", "source", "note", "entered_by", "updated"],
            default_user=actor,
            default_change_reason=reason,
        )
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.INDICATOR_VALUES_IMPORTED,
        detail=_("%(name)s: %(created)d neu, %(updated)d aktualisiert, %(unchanged)d unverändert")
        % {
            "name": result.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )


# Keeping an upload between preview and confirmation (core.staging) -------------------------------


def stage_import(*, actor: User, agenda: Agenda, data: bytes, filename: str) -> str:
    """Keep a checked upload until the user confirms it; returns the token for the confirm form."""
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    return staging.stage(
        actor=actor,
        agenda_id=agenda.pk,
        kind=STAGING_KIND,
        payload=data,
        data={"filename": filename},
    )


def confirm_import(*, actor: User, agenda: Agenda, token: str | None) -> ImportResult:
    """Import the upload staged under ``token``: all rows or none; returns the result.

    A token of another user, agenda or import, of a replaced or an expired preview is refused
    with a ValidationError. The rows are checked again; when they are no longer clean, nothing
    is written and the staged upload is discarded (it could never be confirmed).
    """
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    consumed = False
    try:
        with transaction.atomic():
            # Taken from staging in the import's transaction: a failed import keeps it, and a
            # second confirmation finds nothing.
            staged = staging.consume(
                actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND, token=token
            )
            consumed = True
            return import_values(
                actor=actor,
                agenda=agenda,
                file=staged.payload,
                filename=staged.data.get("filename", ""),
            )
    except ValidationError:
        if consumed:
            staging.discard(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND)
        raise


def cancel_import(*, actor: User, agenda: Agenda) -> None:
    """Forget the user's staged upload in this agenda; nothing is imported."""
    permissions.require(permissions.can_enter_indicators, actor, agenda)
    staging.discard(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND)


# The template to fill in ------------------------------------------------------------------------


def _template_header(language: str = "de") -> list[str]:
    """The template's column names: German, or the English names the import understands too."""
    english = csvexport.convention(language) is csvexport.ENGLISH
    return [names[1] if english else names[0] for names in COLUMNS.values()]


def template_csv(*, version: FrameworkVersion, language: str | None = None) -> bytes:
    """The import template as CSV in the platform's convention (``core.csvexport``): on German
    pages semicolons and German headers, as German Excel expects; on /en/ commas."""
    rows = (
        [indicator.key, "", indicator.unit, "", indicator.source, ""]
        for indicator in version_indicators(version)
    )
    header = _template_header(csvexport.convention(language).language)
    return csvexport.csv_bytes(header, rows, language=language)


def template_xlsx(*, version: FrameworkVersion) -> bytes:
    """The import template as a workbook: sheet "Werte" to fill in, sheet "Erläuterung"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Werte"
    sheet.append(_template_header())
    indicators = version_indicators(version)
    for indicator in indicators:
        sheet.append([indicator.key, None, indicator.unit, None, indicator.source, None])
    for line in range(2, len(indicators) + 2):
        sheet.cell(row=line, column=4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (30, 12, 22, 14, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Erläuterung")
    notes.append(
        [
            _("Indikator"),
            _("Bezeichnung"),
            _("Handlungsfeld"),
            _("Einheit"),
            _("Richtung"),
            _("Zielwert"),
            _("Zulässiger Bereich"),
            _("Typische Quelle"),
        ]
    )
    for indicator in indicators:
        notes.append(
            [
                indicator.key,
                indicator.name,
                indicator.field.name,
                indicator.unit,
                str(Direction(indicator.direction).label),
                float(indicator.target),
                value_range(indicator) or _("offen"),
                indicator.source,
            ]
        )
    for column, width in zip("ABCDEFGH", (30, 40, 22, 22, 20, 10, 22, 36), strict=True):
        notes.column_dimensions[column].width = width
    for current in (sheet, notes):
        for cell in current[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
