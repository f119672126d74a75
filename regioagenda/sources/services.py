"""Write paths of the existing concepts: upload, re-analysis, deletion and curation.

Every service takes the acting user and plain arguments, checks the permission, validates and
raises ``ValidationError`` with a German sentence the page shows where the user acted.
"""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.core import jobs, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.sources.models import (
    DocumentStatus,
    DocumentType,
    FieldSummary,
    PassageState,
    SourceDocument,
)

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".odt", ".txt", ".md", ".html", ".htm")
DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
JOB_KIND = "sources.analyze_document"


def max_upload_bytes():
    return getattr(settings, "SOURCES_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def _megabytes(amount):
    return f"{amount / (1024 * 1024):.0f}"


def min_year():
    return 1950


def max_year():
    return timezone.now().year + 1


def _validate_metadata(title, doc_type, year, publisher):
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Bitte geben Sie einen Titel an.")
    elif len(title) > 300:
        errors["title"] = _("Der Titel darf höchstens 300 Zeichen lang sein.")
    if doc_type not in DocumentType.values:
        errors["doc_type"] = _("Bitte wählen Sie eine der angebotenen Arten.")
    if year is not None and not (min_year() <= year <= max_year()):
        errors["year"] = _("Das Jahr muss zwischen %(low)s und %(high)s liegen.") % {
            "low": min_year(),
            "high": max_year(),
        }
    if publisher and len(publisher) > 300:
        errors["publisher"] = _("Der Herausgeber darf höchstens 300 Zeichen lang sein.")
    return title, (publisher or "").strip(), errors


def upload_document(actor, agenda, uploaded_file, title, doc_type, year=None, publisher=""):
    """Keep the file under a random name and start its analysis; returns the document."""
    permissions.require(permissions.can_manage_sources, actor, agenda)
    title, publisher, errors = _validate_metadata(title, doc_type, year, publisher)
    extension = ""
    if uploaded_file is None:
        errors["file"] = _("Bitte wählen Sie eine Datei aus.")
    else:
        original_name = PurePath(uploaded_file.name or "").name[:300]
        extension = PurePath(original_name).suffix.lower()
        if extension not in ALLOWED_EXTENSIONS:
            errors["file"] = _(
                "Dateien der Art „%(ext)s“ können nicht ausgewertet werden. Erlaubt sind PDF, "
                "DOCX, ODT, TXT, Markdown (.md) und HTML."
            ) % {"ext": extension or _("ohne Endung")}
        elif uploaded_file.size == 0:
            errors["file"] = _("Die Datei „%(name)s“ ist leer.") % {"name": original_name}
        elif uploaded_file.size > max_upload_bytes():
            errors["file"] = _(
                "Die Datei „%(name)s“ ist %(size)s MB groß; erlaubt sind höchstens %(limit)s MB."
            ) % {
                "name": original_name,
                "size": _megabytes(uploaded_file.size),
                "limit": _megabytes(max_upload_bytes()),
            }
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        document = SourceDocument(
            agenda=agenda,
            title=title,
            doc_type=doc_type,
            year=year,
            publisher=publisher,
            token=secrets.token_hex(16),
            extension=extension,
            original_name=original_name,
            size=uploaded_file.size,
            uploaded_by=actor,
        )
        document.file.save(f"{document.token}{extension}", uploaded_file, save=False)
        document.save()
        _start_analysis(actor, document)
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.DOCUMENT_UPLOADED,
            detail=f"{title} ({original_name})",
        )
    return document


def _start_analysis(actor, document):
    job = jobs.start(
        JOB_KIND,
        label=_("Auswertung: %(title)s") % {"title": document.title},
        user=actor,
        params={"document": document.pk},
        result_url=reverse("sources:document", args=[document.agenda.slug, document.pk]),
    )
    document.job = job
    document.status = DocumentStatus.ANALYSING
    document.failure_reason = ""
    document.save(update_fields=["job", "status", "failure_reason"])
    return job


@transaction.atomic
def reanalyse_document(actor, document):
    """Run the analysis again (e.g. after a failure or a new framework version)."""
    permissions.require(permissions.can_manage_sources, actor, document.agenda)
    if (
        document.status == DocumentStatus.ANALYSING
        and document.job
        and not document.job.is_finished
    ):
        raise ValidationError(_("Das Dokument wird gerade ausgewertet. Bitte warten Sie ab."))
    record_event(
        actor=actor,
        agenda=document.agenda,
        action=AuditAction.DOCUMENT_REANALYSED,
        detail=document.title,
    )
    return _start_analysis(actor, document)


def delete_document(actor, document):
    """Remove the document, its passages and its file; the field summaries are proposed anew."""
    from regioagenda.sources.jobs import recompute_summaries

    agenda = document.agenda
    permissions.require(permissions.can_manage_sources, actor, agenda)
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        title = document.title
        document.delete()
        recompute_summaries(agenda)
        record_event(actor=actor, agenda=agenda, action=AuditAction.DOCUMENT_DELETED, detail=title)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Curation --------------------------------------------------------------------------------------


def _set_state(actor, passage, state):
    permissions.require(permissions.can_manage_sources, actor, passage.document.agenda)
    passage.state = state
    passage.save(update_fields=["state"])
    record_event(
        actor=actor,
        agenda=passage.document.agenda,
        action=AuditAction.PASSAGE_ACCEPTED
        if state == PassageState.ACCEPTED
        else AuditAction.PASSAGE_REJECTED,
        detail=f"{passage.document.title}, Abschnitt {passage.order}",
    )
    from regioagenda.sources.jobs import recompute_summaries

    recompute_summaries(passage.document.agenda)
    return passage


@transaction.atomic
def accept_passage(actor, passage):
    return _set_state(actor, passage, PassageState.ACCEPTED)


@transaction.atomic
def reject_passage(actor, passage):
    return _set_state(actor, passage, PassageState.REJECTED)


@transaction.atomic
def reassign_passage(actor, passage, field):
    """Put the passage into another field of the same framework version; it counts as accepted."""
    permissions.require(permissions.can_manage_sources, actor, passage.document.agenda)
    if field is None or field.version_id != passage.document.version_id:
        raise ValidationError(
            {
                "field": _(
                    "Dieses Handlungsfeld gehört nicht zu der Matrix-Version, nach der das "
                    "Dokument ausgewertet wurde. Bitte wählen Sie ein Feld aus der Liste."
                )
            }
        )
    passage.field = field
    passage.reassigned = True
    passage.state = PassageState.ACCEPTED
    passage.save(update_fields=["field", "reassigned", "state"])
    record_event(
        actor=actor,
        agenda=passage.document.agenda,
        action=AuditAction.PASSAGE_REASSIGNED,
        detail=f"{passage.document.title}, Abschnitt {passage.order} → {field.key}",
    )
    from regioagenda.sources.jobs import recompute_summaries

    recompute_summaries(passage.document.agenda)
    return passage


def _check_field(agenda, field):
    from regioagenda.sources.queries import summary_version

    version = summary_version(agenda)
    if version is None or field.version_id != version.pk:
        raise ValidationError(
            _("Dieses Handlungsfeld gehört nicht zur aktiven Smart-Region-Matrix.")
        )


@transaction.atomic
def edit_summary(actor, agenda, field, html):
    """Save the coordinator's own summary of a field; it replaces the proposal on every page."""
    permissions.require(permissions.can_manage_sources, actor, agenda)
    _check_field(agenda, field)
    text = sanitize_html(html)
    if not text:
        raise ValidationError(
            {
                "text": _(
                    "Die Zusammenfassung ist leer (oder enthielt nur nicht erlaubte Auszeichnung). "
                    "Um zum Vorschlag zurückzukehren, nutzen Sie „Vorschlag wiederherstellen“."
                )
            }
        )
    if len(text) > 20000:
        raise ValidationError(
            {"text": _("Die Zusammenfassung darf höchstens 20.000 Zeichen haben.")}
        )
    summary, _created = FieldSummary.objects.get_or_create(agenda=agenda, field=field)
    summary.text = text
    summary.is_curated = True
    summary.edited_by = actor
    summary.save()
    record_event(actor=actor, agenda=agenda, action=AuditAction.SUMMARY_EDITED, detail=field.key)
    return summary


@transaction.atomic
def reset_summary(actor, agenda, field):
    """Drop the curated text; the proposed sentences apply again."""
    permissions.require(permissions.can_manage_sources, actor, agenda)
    _check_field(agenda, field)
    summary = FieldSummary.objects.filter(agenda=agenda, field=field).first()
    if summary is not None:
        summary.text = ""
        summary.is_curated = False
        summary.edited_by = actor
        summary.save()
        record_event(actor=actor, agenda=agenda, action=AuditAction.SUMMARY_RESET, detail=field.key)
    return summary
