"""Import and export of organisations and people as CSV or XLSX.

An import happens in two steps. ``preview_import`` reads and checks the file and returns the
plan (every row new, a duplicate with its reason, skipped, or an error), writing nothing;
``stage_import`` keeps the rows of a clean plan as read (JSON, no objects) with ``core.staging``
and returns the token the confirm form carries. ``confirm_import`` takes them back (refused when
the token belongs to another agenda or user, was replaced by a newer preview or expired), checks
the rows again against the register as it is now (refusing when the outcome changed), and
applies the user's choice per duplicate (skip, merge, create anyway) in one transaction: all
rows or none.

Exports and templates are files in the same columns, so an export imports unchanged elsewhere.
Every import and export writes an ``AuditEvent`` with counts only (no personal data).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.fields import active_fields
from regioagenda.actors.imports_export import organisation_rows, rows_for
from regioagenda.actors.imports_format import (
    COLUMNS,
    KINDS,
    ORGANISATIONS,
    PEOPLE,
    Table,
    read_tables,
    read_upload,
    template_file,
    to_csv,
    to_xlsx,
)
from regioagenda.actors.imports_plan import (
    CERTAIN,
    CREATE,
    DUPLICATE,
    MERGE,
    NEW,
    SKIP,
    SKIPPED,
    ImportPlan,
    build_plan,
    decision_labels,
)
from regioagenda.actors.imports_plan.rows import Row
from regioagenda.actors.models import ConsentRecord, Organisation, Person
from regioagenda.actors.services import register
from regioagenda.core import csvexport, permissions, staging
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
STAGING_KIND = "actors.import"
STAGING_VERSION = 2

# A file to download: its bytes, content type and name.
Download = tuple[bytes, str, str]
# Consents an import writes, by (person pk, purpose): the person, purpose, (given on, source).
# Only rows of people bring consents; the record is typed as any row's result.
Consents = dict[tuple[int, str], tuple[Organisation | Person, str, tuple[datetime.date, str]]]


class PlanChanged(ValidationError):
    """The register changed between preview and confirmation; ``plan`` is the new preview and
    ``token`` confirms it (staged in place of the old one)."""

    def __init__(self, plan: ImportPlan, token: str = "") -> None:
        super().__init__(
            _(
                "Seit der Vorschau hat sich das Verzeichnis geändert, deshalb wurde nichts "
                "importiert. Bitte prüfen Sie die aktualisierte Vorschau und bestätigen Sie erneut."
            )
        )
        self.plan = plan
        self.token = token


@dataclass
class ImportOutcome:
    filename: str
    # kind → {"created", "merged", "skipped"}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    consents: int = 0

    def summary(self) -> str:
        parts = []
        for kind in (ORGANISATIONS, PEOPLE):
            if kind not in self.counts:
                continue
            count = self.counts[kind]
            parts.append(
                _("%(what)s: %(created)d neu, %(merged)d zusammengeführt, %(skipped)d übersprungen")
                % {
                    "what": _("Organisationen") if kind == ORGANISATIONS else _("Personen"),
                    **count,
                }
            )
        text = "; ".join(parts)
        if self.consents:
            text += "; " + _("%(n)d Einwilligungen erfasst") % {"n": self.consents}
        return text


def _what(what: str) -> None:
    if what not in KINDS:
        raise ValidationError(_("Bitte wählen Sie „Organisationen“ oder „Personen“."), code="what")


def _format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValidationError(
            _("Bitte wählen Sie das Format CSV oder Excel (.xlsx)."), code="format"
        )


# Export and template -------------------------------------------------------------------------------


def export_actors(
    *, actor: User, agenda: Agenda, what: str, fmt: str, language: str = "de"
) -> Download:
    """The agenda's organisations or people as a file: ``(content, content_type, filename)``.

    A people workbook carries the organisations in a second sheet, so it imports in one go.
    A CSV follows ``core.csvexport``: German for German Excel, English from /en/ (``language``);
    workbooks are German in any case.
    """
    permissions.require(permissions.can_view_actors, actor, agenda)
    _what(what)
    _format(fmt)
    csv_language = csvexport.convention(language).language
    rows = rows_for(agenda, what, csv_language if fmt == "csv" else "de")
    with translation.override("de"):
        if fmt == "csv":
            content = to_csv(what, rows, csv_language)
        else:
            tables = [(what, rows)]
            if what == PEOPLE:
                tables.append((ORGANISATIONS, organisation_rows(agenda)))
            content = to_xlsx(tables)
    label = "organisationen" if what == ORGANISATIONS else "personen"
    filename = f"{agenda.slug}-{label}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.REGISTER_EXPORTED,
        detail=_("%(what)s exportiert (%(format)s): %(n)d Zeilen.")
        % {
            "what": _("Organisationen") if what == ORGANISATIONS else _("Personen"),
            "format": fmt.upper(),
            "n": len(rows),
        },
    )
    return content, CONTENT_TYPES[fmt], filename


def import_template(*, actor: User, agenda: Agenda, what: str, fmt: str) -> Download:
    """The empty template to fill in: ``(content, content_type, filename)``."""
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _what(what)
    _format(fmt)
    with translation.override("de"):
        content = template_file(what, fmt, active_fields())
    label = "organisationen" if what == ORGANISATIONS else "personen"
    return content, CONTENT_TYPES[fmt], f"vorlage-{label}.{fmt}"


# Import: preview ---------------------------------------------------------------------------------


def preview_import(
    *, actor: User, agenda: Agenda, what: str, file: UploadedFile | bytes, filename: str
) -> ImportPlan:
    """Read and check an upload without writing anything; returns the ``ImportPlan``.

    Problems with the file as a whole (type, size, encoding, columns) raise a ValidationError
    with one message; problems of rows are in the plan, each with its line and column.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _what(what)
    data = read_upload(file)
    tables = read_tables(what, data, filename)
    return build_plan(agenda, what, tables, filename)


def stage_import(*, actor: User, agenda: Agenda, plan: ImportPlan) -> str:
    """Keep a clean plan until the confirmation (``core.staging``); returns the token.

    The rows as read are staged, not the file and no objects; the plan's fingerprint lets the
    confirmation notice when the register changed since the preview.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    if not plan.is_valid:
        raise ValidationError(plan.errors)
    return staging.stage(
        actor=actor,
        agenda_id=agenda.pk,
        kind=STAGING_KIND,
        data={
            "version": STAGING_VERSION,
            "kind": plan.kind,
            "filename": plan.filename,
            "tables": [
                [table.kind, table.sheet, [[row.line, row.raw] for row in table.rows]]
                for table in plan.tables
            ],
            "fingerprint": plan.fingerprint(),
        },
    )


def _staged_plan(agenda: Agenda, staged: staging.Staged) -> ImportPlan:
    """The plan of staged rows as it would be confirmed now; ValidationError when the staged
    record cannot be read (e.g. staged by an older version of this code)."""
    gone = ValidationError(
        _(
            "Es liegt keine geprüfte Datei vor (oder sie ist nicht mehr gespeichert). Bitte laden "
            "Sie die Datei noch einmal hoch; es wurde nichts importiert."
        )
    )
    data = staged.data
    if not isinstance(data, dict) or data.get("version") != STAGING_VERSION:
        raise gone
    try:
        tables = [
            Table(kind, sheet, [(int(line), dict(raw)) for line, raw in rows])
            for kind, sheet, rows in data["tables"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise gone from exc
    if data.get("kind") not in KINDS or any(table.kind not in KINDS for table in tables):
        raise gone
    return build_plan(agenda, data["kind"], tables, data.get("filename", ""))


def pending_preview(
    *, actor: User, agenda: Agenda, token: str | None
) -> tuple[ImportPlan, str] | None:
    """After a refused confirmation: ``(plan, token)`` of the user's current preview in this
    agenda to show again, or None when nothing confirmable is left (then it is forgotten).

    The posted preview when it is still good, else the newest one (under a new token), e.g.
    when the user previewed another file in a second tab. Writes nothing to the register.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    staged: staging.Staged | None
    try:
        staged = staging.fetch(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND, token=token)
    except ValidationError:
        staged = staging.reissue(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND)
    plan = None
    if staged is not None:
        try:
            plan = _staged_plan(agenda, staged)
        except ValidationError:
            plan = None
    if staged is None or plan is None or not plan.is_valid:
        staging.discard(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND)
        return None
    return plan, staged.token


def cancel_import(*, actor: User, agenda: Agenda) -> None:
    """Forget the user's staged preview in this agenda; nothing is imported."""
    permissions.require(permissions.can_manage_actors, actor, agenda)
    staging.discard(actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND)


def _choices(plan: ImportPlan, decisions: dict[str, str] | None) -> dict[str, str]:
    """The decision per duplicate row (default: skip); refuses what a row does not offer."""
    decisions = decisions or {}
    labels = decision_labels()
    choices: dict[str, str] = {}
    errors: list[str] = []
    for row in plan.rows:
        if row.status != DUPLICATE:
            continue
        choice = decisions.get(row.ref) or SKIP
        if choice not in dict(row.options):
            where = (
                _("Blatt „%(sheet)s“, Zeile %(line)d") % {"sheet": row.sheet, "line": row.line}
                if row.sheet
                else _("Zeile %(line)d") % {"line": row.line}
            )
            if choice == CREATE and row.certainty == CERTAIN:
                errors.append(
                    _(
                        "%(where)s: „%(create)s“ ist nicht möglich, weil es ein sicheres "
                        "Duplikat von „%(target)s“ ist (%(reason)s). Wählen Sie „%(merge)s“ oder "
                        "„%(skip)s“."
                    )
                    % {
                        "where": where,
                        "create": labels[CREATE],
                        "target": row.target_label,
                        "reason": row.reason,
                        "merge": labels[MERGE],
                        "skip": labels[SKIP],
                    }
                )
            else:
                errors.append(
                    _("%(where)s: Die Auswahl „%(choice)s“ gibt es nicht.")
                    % {"where": where, "choice": choice}
                )
        choices[row.ref] = choice
    if errors:
        raise ValidationError(errors)
    return choices


# Import: confirmation --------------------------------------------------------------------------------


def confirm_import(
    *, actor: User, agenda: Agenda, token: str | None, decisions: dict[str, str] | None = None
) -> ImportOutcome:
    """Apply a staged import: every row or none. Returns an ``ImportOutcome``.

    ``token`` is what ``stage_import`` returned. ``decisions`` maps a duplicate row's ``ref``
    ("o3", "p12") to "skip" (default), "merge" or "create" (only for probable duplicates).
    Raises ValidationError for a foreign, replaced or expired preview, for rows that became
    invalid, and ``PlanChanged`` (with the new preview staged under ``exc.token``) when the
    register changed since the preview.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    try:
        with transaction.atomic():
            # Taken from staging in the import's transaction: any refusal below keeps it, and
            # a second confirmation finds nothing.
            staged = staging.consume(
                actor=actor, agenda_id=agenda.pk, kind=STAGING_KIND, token=token
            )
            plan = _staged_plan(agenda, staged)
            if not plan.is_valid:
                raise ValidationError(plan.errors)
            if plan.fingerprint() != staged.data.get("fingerprint"):
                raise PlanChanged(plan)
            choices = _choices(plan, decisions)
            outcome = _apply(actor, agenda, plan, choices)
            record_event(
                actor=actor,
                agenda=agenda,
                action=AuditAction.REGISTER_IMPORTED,
                detail=_("Import „%(name)s“: %(summary)s.")
                % {"name": plan.filename, "summary": outcome.summary()},
            )
    except PlanChanged as exc:
        # The new preview takes the old one's place, so the page can offer it for confirmation.
        exc.token = stage_import(actor=actor, agenda=agenda, plan=exc.plan)
        raise
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Während des Imports wurde gleichzeitig im Verzeichnis gespeichert; es wurde "
                "nichts importiert. Bitte laden Sie die Datei noch einmal hoch."
            )
        ) from exc
    return outcome


def _apply(actor: User, agenda: Agenda, plan: ImportPlan, choices: dict[str, str]) -> ImportOutcome:
    """Write the plan through the register's services (the same checks and audit events as an
    entry by hand), inside the caller's transaction; consents, already checked by the same rules
    as ``record_consent``, are written in one go at the end."""
    outcome = ImportOutcome(filename=plan.filename)
    consents: Consents = {}
    # (kind, pk) → a record's field keys as this import leaves them
    fields_of: dict[tuple[str, int], list[str]] = {}
    for table in plan.tables:
        count = outcome.counts.setdefault(table.kind, {"created": 0, "merged": 0, "skipped": 0})
        for row in table.rows:
            if row.status == SKIPPED:
                count["skipped"] += 1
                continue
            choice = CREATE if row.status == NEW else choices[row.ref]
            if choice == CREATE:
                row.result = _create(actor, agenda, row)
                count["created"] += 1
                fields_of[(row.kind, row.result.pk)] = list(row.values["fields"])
                for purpose, given in row.values.get("consents", {}).items():
                    consents.setdefault((row.result.pk, purpose), (row.result, purpose, given))
                continue
            if row.target is not None:
                target = row.target
            else:
                # A duplicate of an earlier row of the file, created above.
                assert row.target_row is not None and row.target_row.result is not None
                target = row.target_row.result
            row.result = target
            if choice == SKIP:
                count["skipped"] += 1
                continue
            count["merged"] += 1
            _merge(actor, agenda, row, target, consents, fields_of)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                person=cast(Person, person),
                purpose=purpose,
                given_on=given_on,
                source=source,
                recorded_by=actor,
            )
            for person, purpose, (given_on, source) in consents.values()
        ]
    )
    outcome.consents = len(consents)
    return outcome


def _refused(row: Row, exc: ValidationError) -> ValidationError:
    """A service's refusal of a row, as sentences naming its line and column."""
    known = {column.key for column in COLUMNS[row.kind]}
    for key, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
        for message in messages:
            row.error(key if key in known else None, message)
    return ValidationError(row.messages)


def _organisation_of(values: dict[str, Any]) -> Organisation | None:
    if values.get("organisation") is not None:
        return values["organisation"]
    if values.get("organisation_row") is not None:
        return values["organisation_row"].result
    return None


def _create(actor: User, agenda: Agenda, row: Row) -> Organisation | Person:
    values = row.values
    try:
        if row.kind == ORGANISATIONS:
            return register.create_organisation(
                actor=actor,
                agenda=agenda,
                name=values["name"],
                sector=values["sector"],
                region=values["region"],
                website=values["website"],
                description=values["description"],
                fields=values["fields"],
            )
        return register.create_person(
            actor=actor,
            agenda=agenda,
            name=values["name"],
            organisation=_organisation_of(values),
            sector=values["sector"],
            function=values["function"],
            email=values["email"],
            phone=values["phone"],
            region=values["region"],
            visibility=values["visibility"],
            fields=values["fields"],
        )
    except ValidationError as exc:
        raise _refused(row, exc) from exc


_ORGANISATION_DATA = ("name", "sector", "region", "website", "description")
_PERSON_DATA = (
    "name",
    "organisation",
    "sector",
    "function",
    "email",
    "phone",
    "region",
    "visibility",
)


def _merge(
    actor: User,
    agenda: Agenda,
    row: Row,
    target: Organisation | Person,
    consents: Consents,
    fields_of: dict[tuple[str, int], list[str]],
) -> None:
    """Fill the record's empty values, add fields and consents; never overwrite (the plan's
    "keep" changes are shown to the user and left alone). The record is changed through the
    register's update service, so the same checks apply."""
    key = (row.kind, target.pk)
    if key not in fields_of:
        fields_of[key] = [link.field_key for link in target.field_links.all()]
    fields = fields_of[key]
    changed = False
    for change in row.changes:
        if change.kind == "keep":
            continue
        if change.attribute == "fields":
            added = [field for field in change.value if field not in fields]
            fields += added
            changed = changed or bool(added)
        elif change.attribute.startswith("consent:"):
            purpose = change.attribute.split(":", 1)[1]
            consents.setdefault((target.pk, purpose), (target, purpose, change.value))
        elif change.attribute == "organisation":
            if not isinstance(target, Person) or target.organisation_id is not None:
                continue  # filled by an earlier row of this file: never overwrite
            organisation = change.value
            if not isinstance(organisation, Organisation):
                organisation = organisation.result
            # The service drops the own sector: with an organisation, the organisation's counts.
            target.organisation = organisation
            changed = True
        elif getattr(target, change.attribute) in (None, ""):
            # Checked again here: an earlier row of the same file may have filled it.
            setattr(target, change.attribute, change.value)
            changed = True
    if not changed:
        return
    target.agenda = agenda  # the same agenda; spares the services a query per record
    try:
        if isinstance(target, Organisation):  # a row of organisations
            data = {name: getattr(target, name) for name in _ORGANISATION_DATA}
            register.update_organisation(actor=actor, organisation=target, **data, fields=fields)
        else:
            data = {name: getattr(target, name) for name in _PERSON_DATA}
            register.update_person(actor=actor, person=target, **data, fields=fields)
    except ValidationError as exc:
        raise _refused(row, exc) from exc
