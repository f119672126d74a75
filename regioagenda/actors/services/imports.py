"""Import and export of organisations and people as CSV or XLSX.

An import happens in two steps. ``preview_import`` reads and checks the file and returns the
plan (every row new, a duplicate with its reason, skipped, or an error), writing nothing;
``stage_import`` turns a clean plan into a small JSON-safe record of the rows as read, which the
view keeps in the user's session. ``confirm_import`` takes that record back, refuses it when it
belongs to another agenda or user, is stale or expired, checks the rows again against the
register as it is now (refusing when the outcome changed), and applies the user's choice per
duplicate (skip, merge, create anyway) in one transaction: all rows or none.

Exports and templates are files in the same columns, so an export imports unchanged elsewhere.
Every import and export writes an ``AuditEvent`` with counts only (no personal data).
"""

import datetime
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from regioagenda.actors.fields import active_fields
from regioagenda.actors.imports_export import organisation_rows, rows_for
from regioagenda.actors.imports_format import (
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
    build_plan,
    decision_labels,
)
from regioagenda.actors.models import (
    ConsentRecord,
    Organisation,
    OrganisationField,
    Person,
    PersonField,
)
from regioagenda.core import permissions
from regioagenda.regions.audit import record_event

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PENDING_VERSION = 1
PENDING_MAX_AGE = datetime.timedelta(hours=2)


class PlanChanged(ValidationError):
    """The register changed between preview and confirmation; ``plan`` is the new preview."""

    def __init__(self, plan):
        super().__init__(
            _(
                "Seit der Vorschau hat sich das Verzeichnis geändert, deshalb wurde nichts "
                "importiert. Bitte prüfen Sie die aktualisierte Vorschau und bestätigen Sie erneut."
            )
        )
        self.plan = plan


@dataclass
class ImportOutcome:
    filename: str
    counts: dict = field(default_factory=dict)  # kind → {"created", "merged", "skipped"}
    consents: int = 0

    def summary(self):
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


def _what(what):
    if what not in KINDS:
        raise ValidationError(_("Bitte wählen Sie „Organisationen“ oder „Personen“."), code="what")


def _format(fmt):
    if fmt not in FORMATS:
        raise ValidationError(
            _("Bitte wählen Sie das Format CSV oder Excel (.xlsx)."), code="format"
        )


# Export and template -------------------------------------------------------------------------------


def export_actors(actor, agenda, what, fmt):
    """The agenda's organisations or people as a file: ``(content, content_type, filename)``.

    A people workbook carries the organisations in a second sheet, so it imports in one go.
    """
    permissions.require(permissions.can_view_actors, actor, agenda)
    _what(what)
    _format(fmt)
    rows = rows_for(agenda, what)
    with translation.override("de"):
        if fmt == "csv":
            content = to_csv(what, rows)
        else:
            tables = [(what, rows)]
            if what == PEOPLE:
                tables.append((ORGANISATIONS, organisation_rows(agenda)))
            content = to_xlsx(tables)
    label = "organisationen" if what == ORGANISATIONS else "personen"
    filename = f"{agenda.slug}-{label}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    record_event(
        agenda,
        actor,
        "actors.export",
        _("%(what)s exportiert (%(format)s): %(n)d Zeilen.")
        % {
            "what": _("Organisationen") if what == ORGANISATIONS else _("Personen"),
            "format": fmt.upper(),
            "n": len(rows),
        },
    )
    return content, CONTENT_TYPES[fmt], filename


def import_template(actor, agenda, what, fmt):
    """The empty template to fill in: ``(content, content_type, filename)``."""
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _what(what)
    _format(fmt)
    with translation.override("de"):
        content = template_file(what, fmt, active_fields())
    label = "organisationen" if what == ORGANISATIONS else "personen"
    return content, CONTENT_TYPES[fmt], f"vorlage-{label}.{fmt}"


# Import: preview ---------------------------------------------------------------------------------


def preview_import(actor, agenda, what, file, filename):
    """Read and check an upload without writing anything; returns the ``ImportPlan``.

    Problems with the file as a whole (type, size, encoding, columns) raise a ValidationError
    with one message; problems of rows are in the plan, each with its line and column.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    _what(what)
    data = read_upload(file)
    tables = read_tables(what, data, filename)
    return build_plan(agenda, what, tables, filename)


def stage_import(actor, agenda, plan):
    """The record of a clean plan to keep until the confirmation (JSON-safe, no objects).

    It holds the rows as read, not the file; the agenda, the user, a random token and the time
    tie it to this preview, and the plan's fingerprint lets the confirmation notice changes.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    if not plan.is_valid:
        raise ValidationError(plan.errors)
    return {
        "version": PENDING_VERSION,
        "token": secrets.token_urlsafe(24),
        "agenda": agenda.pk,
        "user": actor.pk,
        "created": timezone.now().isoformat(),
        "kind": plan.kind,
        "filename": plan.filename,
        "tables": [
            [table.kind, table.sheet, [[row.line, row.raw] for row in table.rows]]
            for table in plan.tables
        ],
        "fingerprint": plan.fingerprint(),
    }


def _check_pending(actor, agenda, pending, token):
    gone = ValidationError(
        _(
            "Es liegt keine geprüfte Datei vor (oder sie ist nicht mehr gespeichert). Bitte laden "
            "Sie die Datei noch einmal hoch; es wurde nichts importiert."
        )
    )
    if not isinstance(pending, dict) or pending.get("version") != PENDING_VERSION:
        raise gone
    if pending.get("agenda") != agenda.pk:
        raise ValidationError(
            _("Diese Vorschau gehört zu einer anderen Agenda; hier wurde nichts importiert.")
        )
    if pending.get("user") != actor.pk:
        raise ValidationError(
            _("Diese Vorschau hat eine andere Person erstellt; es wurde nichts importiert.")
        )
    if token is not None and token != pending.get("token"):
        raise ValidationError(
            _(
                "Diese Vorschau ist nicht mehr aktuell: inzwischen wurde eine andere Datei "
                "geprüft. Bitte bestätigen Sie die neueste Vorschau; es wurde nichts importiert."
            )
        )
    try:
        created = datetime.datetime.fromisoformat(pending["created"])
    except (KeyError, TypeError, ValueError) as exc:
        raise gone from exc
    if timezone.now() - created > PENDING_MAX_AGE:
        raise ValidationError(
            _(
                "Die Vorschau ist abgelaufen (älter als %(hours)d Stunden). Bitte laden Sie die "
                "Datei noch einmal hoch; es wurde nichts importiert."
            )
            % {"hours": PENDING_MAX_AGE.total_seconds() // 3600}
        )
    try:
        tables = [
            Table(kind, sheet, [(int(line), dict(raw)) for line, raw in rows])
            for kind, sheet, rows in pending["tables"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise gone from exc
    if pending.get("kind") not in KINDS or any(table.kind not in KINDS for table in tables):
        raise gone
    return tables


def pending_plan(actor, agenda, pending, token=None):
    """The plan of a staged import as it would be confirmed now, or None when the staged
    record is unusable (foreign, stale, expired). Writes nothing."""
    permissions.require(permissions.can_manage_actors, actor, agenda)
    try:
        tables = _check_pending(actor, agenda, pending, token)
    except ValidationError:
        return None
    return build_plan(agenda, pending["kind"], tables, pending.get("filename", ""))


def _choices(plan, decisions):
    """The decision per duplicate row (default: skip); refuses what a row does not offer."""
    decisions = decisions or {}
    labels = decision_labels()
    choices, errors = {}, []
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


def confirm_import(actor, agenda, pending, decisions=None, token=None):
    """Apply a staged import: every row or none. Returns an ``ImportOutcome``.

    ``decisions`` maps a duplicate row's ``ref`` ("o3", "p12") to "skip" (default), "merge"
    or "create" (only for probable duplicates). Raises ValidationError for a foreign, stale or
    expired preview, for rows that became invalid, and ``PlanChanged`` when the register changed
    since the preview.
    """
    permissions.require(permissions.can_manage_actors, actor, agenda)
    tables = _check_pending(actor, agenda, pending, token)
    plan = build_plan(agenda, pending["kind"], tables, pending.get("filename", ""))
    if not plan.is_valid:
        raise ValidationError(plan.errors)
    if plan.fingerprint() != pending.get("fingerprint"):
        raise PlanChanged(plan)
    choices = _choices(plan, decisions)
    try:
        with transaction.atomic():
            outcome = _apply(actor, agenda, plan, choices)
            record_event(
                agenda,
                actor,
                "actors.import",
                _("Import „%(name)s“: %(summary)s.")
                % {"name": plan.filename, "summary": outcome.summary()},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "Während des Imports wurde gleichzeitig im Verzeichnis gespeichert; es wurde "
                "nichts importiert. Bitte laden Sie die Datei noch einmal hoch."
            )
        ) from exc
    return outcome


def _apply(actor, agenda, plan, choices):
    outcome = ImportOutcome(filename=plan.filename)
    links = {ORGANISATIONS: [], PEOPLE: []}
    consents = {}
    for table in plan.tables:
        count = outcome.counts.setdefault(table.kind, {"created": 0, "merged": 0, "skipped": 0})
        for row in table.rows:
            if row.status == SKIPPED:
                count["skipped"] += 1
                continue
            choice = CREATE if row.status == NEW else choices[row.ref]
            if choice == CREATE:
                row.result = _create(agenda, row)
                count["created"] += 1
                links[row.kind] += [(row.result, key) for key in row.values["fields"]]
                for purpose, given in row.values.get("consents", {}).items():
                    consents.setdefault((row.result.pk, purpose), (row.result, purpose, given))
                continue
            target = row.target if row.target is not None else row.target_row.result
            row.result = target
            if choice == SKIP:
                count["skipped"] += 1
                continue
            count["merged"] += 1
            _merge(row, target, links, consents)
    OrganisationField.objects.bulk_create(
        [OrganisationField(organisation=o, field_key=key) for o, key in links[ORGANISATIONS]],
        ignore_conflicts=True,
    )
    PersonField.objects.bulk_create(
        [PersonField(person=p, field_key=key) for p, key in links[PEOPLE]],
        ignore_conflicts=True,
    )
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                person=person, purpose=purpose, given_on=given_on, source=source, recorded_by=actor
            )
            for person, purpose, (given_on, source) in consents.values()
        ]
    )
    outcome.consents = len(consents)
    return outcome


def _organisation_of(values):
    if values.get("organisation") is not None:
        return values["organisation"]
    if values.get("organisation_row") is not None:
        return values["organisation_row"].result
    return None


def _create(agenda, row):
    values = row.values
    if row.kind == ORGANISATIONS:
        obj = Organisation(
            agenda=agenda,
            name=values["name"],
            sector=values["sector"],
            region=values["region"],
            website=values["website"],
            description=values["description"],
        )
    else:
        obj = Person(
            agenda=agenda,
            organisation=_organisation_of(values),
            sector=values["sector"],
            name=values["name"],
            function=values["function"],
            email=values["email"],
            phone=values["phone"],
            region=values["region"],
            visibility=values["visibility"],
        )
    obj.save()
    return obj


def _merge(row, target, links, consents):
    """Fill the record's empty values, add fields and consents; never overwrite (the plan's
    "keep" changes are shown to the user and left alone)."""
    updated = []
    for change in row.changes:
        if change.kind == "keep":
            continue
        if change.attribute == "fields":
            links[row.kind] += [(target, key) for key in change.value]
        elif change.attribute.startswith("consent:"):
            purpose = change.attribute.split(":", 1)[1]
            consents.setdefault((target.pk, purpose), (target, purpose, change.value))
        elif change.attribute == "organisation":
            if target.organisation_id is not None:
                continue  # filled by an earlier row of this file: never overwrite
            organisation = change.value
            if not isinstance(organisation, Organisation):
                organisation = organisation.result
            target.organisation = organisation
            # With an organisation, the organisation's sector counts (as in the register).
            target.sector = ""
            updated += ["organisation", "sector"]
        elif getattr(target, change.attribute) in (None, ""):
            # Checked again here: an earlier row of the same file may have filled it.
            setattr(target, change.attribute, change.value)
            updated.append(change.attribute)
    if updated:
        target.save(update_fields=[*dict.fromkeys(updated), "updated"])
