"""Write paths of the existing concepts: upload, re-analysis, deletion, curation, and the
results of the analysis job.

Every service is keyword-only and takes the acting user first (``actor``), then the objects and
values; it checks the permission, validates and raises ``ValidationError`` with a German
sentence the page shows where the user acted. The steps of the analysis job act for the system:
they take no actor.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import jobs, permissions
from regioagenda.core.html import sanitize_html
from regioagenda.core.models import Job
from regioagenda.matrix.models import FrameworkVersion, MatrixField
from regioagenda.regions.audit import AuditAction, record_event
from regioagenda.regions.models import Agenda
from regioagenda.sources import extract, queries
from regioagenda.sources import passages as passages_module
from regioagenda.sources import text as text_module
from regioagenda.sources.models import (
    DocumentStatus,
    DocumentType,
    FieldSummary,
    Passage,
    PassageState,
    SourceDocument,
    Statement,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".odt", ".txt", ".md", ".html", ".htm")
JOB_KIND = "sources.analyze_document"


def max_upload_bytes() -> int:
    """The largest file an upload may be, in bytes: the extractor's limit, so the upload form
    and the analysis refuse the same files."""
    return extract.max_upload_bytes()


def _megabytes(amount: int) -> str:
    return f"{amount / (1024 * 1024):.0f}"


def min_year() -> int:
    return 1950


def max_year() -> int:
    return timezone.now().year + 1


def _validate_metadata(
    title: str | None, doc_type: str, year: int | None, publisher: str | None
) -> tuple[str, str, dict[str, str]]:
    errors: dict[str, str] = {}
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


def upload_document(
    *,
    actor: User,
    agenda: Agenda,
    uploaded_file: UploadedFile | None,
    title: str,
    doc_type: str,
    year: int | None = None,
    publisher: str = "",
) -> SourceDocument:
    """Keep the file under a random name and start its analysis; returns the document."""
    permissions.require(permissions.can_manage_sources, actor, agenda)
    title, publisher, errors = _validate_metadata(title, doc_type, year, publisher)
    extension = ""
    original_name = ""
    size = 0
    if uploaded_file is None:
        errors["file"] = _("Bitte wählen Sie eine Datei aus.")
    else:
        original_name = PurePath(uploaded_file.name or "").name[:300]
        extension = PurePath(original_name).suffix.lower()
        size = uploaded_file.size or 0  # Django's upload handlers always set it
        if extension not in ALLOWED_EXTENSIONS:
            errors["file"] = _(
                "Dateien der Art „%(ext)s“ können nicht ausgewertet werden. Erlaubt sind PDF, "
                "DOCX, ODT, TXT, Markdown (.md) und HTML."
            ) % {"ext": extension or _("ohne Endung")}
        elif size == 0:
            errors["file"] = _("Die Datei „%(name)s“ ist leer.") % {"name": original_name}
        elif size > max_upload_bytes():
            errors["file"] = _(
                "Die Datei „%(name)s“ ist %(size)s MB groß; erlaubt sind höchstens %(limit)s MB."
            ) % {
                "name": original_name,
                "size": _megabytes(size),
                "limit": _megabytes(max_upload_bytes()),
            }
    if errors or uploaded_file is None:
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
            size=size,
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


def _start_analysis(actor: User, document: SourceDocument) -> Job:
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
def reanalyse_document(*, actor: User, document: SourceDocument) -> Job:
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


def delete_document(*, actor: User, document: SourceDocument) -> None:
    """Remove the document, its passages and its file; the field summaries are proposed anew."""
    agenda = document.agenda
    permissions.require(permissions.can_manage_sources, actor, agenda)
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        title = document.title
        document.delete()
        recompute_summaries(agenda=agenda)
        record_event(actor=actor, agenda=agenda, action=AuditAction.DOCUMENT_DELETED, detail=title)
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Curation --------------------------------------------------------------------------------------


def _set_state(actor: User, passage: Passage, state: PassageState) -> Passage:
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
    recompute_summaries(agenda=passage.document.agenda)
    return passage


@transaction.atomic
def accept_passage(*, actor: User, passage: Passage) -> Passage:
    return _set_state(actor, passage, PassageState.ACCEPTED)


@transaction.atomic
def reject_passage(*, actor: User, passage: Passage) -> Passage:
    return _set_state(actor, passage, PassageState.REJECTED)


@transaction.atomic
def reassign_passage(*, actor: User, passage: Passage, field: MatrixField | None) -> Passage:
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
    recompute_summaries(agenda=passage.document.agenda)
    return passage


@dataclass
class BulkReview:
    """What a bulk review did: how many passages now have ``state``."""

    state: str
    changed: int

    def message(self) -> str:
        if self.state == PassageState.ACCEPTED:
            return _("%(count)s Textstellen übernommen.") % {"count": self.changed}
        return _("%(count)s Textstellen verworfen.") % {"count": self.changed}


@transaction.atomic
def review_passages(
    *, actor: User, document: SourceDocument, passage_ids: Sequence[int], state: str
) -> BulkReview:
    """Accept or reject the given passages of ``document`` at once (the ones the page shows):
    one transaction, one audit event. Ids of other documents are ignored."""
    permissions.require(permissions.can_manage_sources, actor, document.agenda)
    if state not in (PassageState.ACCEPTED, PassageState.REJECTED):
        raise ValidationError(_("Textstellen können nur übernommen oder verworfen werden."))
    if not passage_ids:
        raise ValidationError(_("Es sind keine Textstellen ausgewählt."))
    changed = (
        Passage.objects.filter(document=document, pk__in=list(passage_ids))
        .exclude(state=state)
        .update(state=state)
    )
    record_event(
        actor=actor,
        agenda=document.agenda,
        action=AuditAction.PASSAGES_REVIEWED,
        detail=f"{document.title}: {changed} → {PassageState(state).label}",
    )
    if changed:
        recompute_summaries(agenda=document.agenda)
    return BulkReview(state=state, changed=changed)


def _check_field(agenda: Agenda, field: MatrixField) -> None:
    version = queries.summary_version(agenda)
    if version is None or field.version_id != version.pk:
        raise ValidationError(
            _("Dieses Handlungsfeld gehört nicht zur aktiven Smart-Region-Matrix.")
        )


def edit_summary(*, actor: User, agenda: Agenda, field: MatrixField, html: str) -> FieldSummary:
    """Save the coordinator's own summary of a field; it replaces the proposal on every page.

    The text is checked for size and nesting and sanitised (``core.html``) before the
    transaction opens: no lock or connection is held while the sanitiser works.
    """
    permissions.require(permissions.can_manage_sources, actor, agenda)
    _check_field(agenda, field)
    try:
        text = sanitize_html(html)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
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
    with transaction.atomic():
        summary, _created = FieldSummary.objects.get_or_create(agenda=agenda, field=field)
        summary.text = text
        summary.is_curated = True
        summary.curated_at = timezone.now()
        summary.edited_by = actor
        summary.save()
        record_event(
            actor=actor, agenda=agenda, action=AuditAction.SUMMARY_EDITED, detail=field.key
        )
    return summary


@transaction.atomic
def reset_summary(*, actor: User, agenda: Agenda, field: MatrixField) -> FieldSummary | None:
    """Drop the curated text; the proposed sentences apply again."""
    permissions.require(permissions.can_manage_sources, actor, agenda)
    _check_field(agenda, field)
    summary = FieldSummary.objects.filter(agenda=agenda, field=field).first()
    if summary is not None:
        summary.text = ""
        summary.is_curated = False
        summary.curated_at = None
        summary.edited_by = actor
        summary.save()
        record_event(actor=actor, agenda=agenda, action=AuditAction.SUMMARY_RESET, detail=field.key)
    return summary


# Results of the analysis job (the system acts: no actor) ---------------------------------------


@transaction.atomic
def mark_document_analysing(*, document: SourceDocument) -> None:
    """The analysis job has begun: the document shows as being analysed, an old reason goes."""
    SourceDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.ANALYSING, failure_reason=""
    )


@transaction.atomic
def mark_document_failed(*, document_id: int, reason: str) -> None:
    """The analysis failed: the document says why; its earlier results stay as they were."""
    SourceDocument.objects.filter(pk=document_id).update(
        status=DocumentStatus.FAILED, failure_reason=reason
    )


@dataclass
class _Previous:
    """What an old passage hands on to a new one with the same content."""

    state: str
    field_key: str | None
    reassigned: bool
    first_seen: datetime | None


def _previous_passages(document: SourceDocument) -> dict[str, list[_Previous]]:
    """The document's current passages by their normalised text (:func:`text.content_key`):
    the coordinator's decision on each and when its content first appeared."""
    found: dict[str, list[_Previous]] = {}
    rows = (
        Passage.objects.filter(document=document)
        .values_list("text", "state", "field__key", "reassigned", "first_seen")
        .order_by("order")
    )
    for passage_text, state, field_key, reassigned, first_seen in rows:
        found.setdefault(text_module.content_key(passage_text), []).append(
            _Previous(
                state=state, field_key=field_key, reassigned=reassigned, first_seen=first_seen
            )
        )
    return found


def _carry_over(
    passage: Passage, previous: dict[str, list[_Previous]], fields: dict[str, MatrixField]
) -> None:
    """Give a new passage what an old passage with the same content had: when it first
    appeared, its state and, for an accepted passage, its field (by key, in the version it is
    analysed against)."""
    found = previous.get(text_module.content_key(passage.text))
    if not found:
        return
    old = found.pop(0)
    passage.first_seen = old.first_seen
    field = fields.get(old.field_key) if old.field_key else None
    if old.reassigned and field is None:
        return  # the field is gone from this framework version: review it again
    passage.state = old.state
    passage.reassigned = old.reassigned
    if field is not None and old.state == PassageState.ACCEPTED:
        passage.field = field


@transaction.atomic
def store_analysis(
    *,
    document: SourceDocument,
    version: FrameworkVersion,
    pieces: Sequence[passages_module.Passage],
    scores: Sequence[Sequence[tuple[str, float]]],
    statements: Sequence[Sequence[tuple[str, str]]],
    page_count: int,
    detected_kind: str,
) -> list[Passage]:
    """Replace the document's passages and statements, mark it analysed and propose the agenda's
    field summaries anew, all in one transaction: a failure leaves the earlier results as they
    were. ``scores`` and ``statements`` run parallel to ``pieces`` (best field first).

    The review survives: a new passage with the same content as an old one (the same text up to
    whitespace, line-end hyphenation, case and punctuation) keeps the old one's state and
    reassigned field; a passage whose text changed is suggested again."""
    fields = {f.key: f for f in MatrixField.objects.filter(version=version)}
    document = SourceDocument.objects.select_for_update().get(pk=document.pk)
    previous = _previous_passages(document)
    now = timezone.now()
    Passage.objects.filter(document=document).delete()
    new_passages: list[Passage] = []
    for piece, piece_scores in zip(pieces, scores, strict=True):
        passage = Passage(
            document=document,
            order=piece.index,
            page_start=piece.page_start,
            page_end=piece.page_end,
            headings=list(piece.headings),
            text=piece.text,
            page_offsets=[[offset, page] for offset, page in piece.offsets],
            scores=[[key, round(float(score), 4)] for key, score in piece_scores],
            field=fields.get(piece_scores[0][0]) if piece_scores else None,
            state=PassageState.SUGGESTED,
            is_boilerplate=piece.boilerplate,
            first_seen=now,
        )
        _carry_over(passage, previous, fields)
        new_passages.append(passage)
    created = Passage.objects.bulk_create(new_passages)
    if not all(p.pk for p in created):  # backends without RETURNING (none we use)
        created = list(Passage.objects.filter(document=document).order_by("order"))
    Statement.objects.bulk_create(
        Statement(passage=passage, kind=kind, text=text)
        for passage, found in zip(created, statements, strict=True)
        for kind, text in found
    )
    document.status = DocumentStatus.ANALYSED
    document.failure_reason = ""
    document.page_count = page_count
    document.detected_kind = detected_kind[:20]
    document.version = version
    document.analysed = timezone.now()
    document.save(
        update_fields=[
            "status",
            "failure_reason",
            "page_count",
            "detected_kind",
            "version",
            "analysed",
        ]
    )
    recompute_summaries(agenda=document.agenda)
    return created


@transaction.atomic
def recompute_summaries(*, agenda: Agenda) -> None:
    """Propose the sentences of every field anew; a curated ``text`` is never touched.

    Draws on the passages of the agenda's analysed documents that are neither rejected nor
    boilerplate (title page, imprint, table of contents). A passage
    counts for its predicted fields (top field, plus the second at half its score); a passage
    the coordinator reassigned counts for its new field only.
    """
    version = queries.summary_version(agenda)
    if version is None:
        return
    fields = queries.version_fields(version)
    rows = list(
        Passage.objects.filter(
            document__agenda=agenda, document__status=DocumentStatus.ANALYSED, is_boilerplate=False
        )
        .exclude(state=PassageState.REJECTED)
        .select_related("document", "field")
        .order_by("document__title", "document_id", "order")
    )
    items: list[passages_module.Passage] = []
    scores: list[list[tuple[str, float]]] = []
    predicted: list[list[str]] = []
    for index, row in enumerate(rows):
        items.append(
            passages_module.Passage(
                index=index,
                text=row.text,
                page_start=row.page_start or 1,
                page_end=row.page_end or row.page_start or 1,
                headings=list(row.headings or []),
                offsets=[(offset, page) for offset, page in (row.page_offsets or [])],
                title=row.document.title,
            )
        )
        pairs = [(key, float(score)) for key, score in (row.scores or [])]
        if row.reassigned and row.field is not None:
            best = max((score for _key, score in pairs), default=1.0) or 1.0
            pairs = [(row.field.key, best)]
            predicted.append([row.field.key])
        else:
            predicted.append(passages_module.predicted_fields(pairs))
        scores.append(pairs)
    existing = {s.field_id: s for s in FieldSummary.objects.filter(agenda=agenda, field__in=fields)}
    now = timezone.now()
    to_create: list[FieldSummary] = []
    to_update: list[FieldSummary] = []
    for matrix_field in fields:
        found = passages_module.summarise(items, scores, matrix_field.key, predicted=predicted)
        sentences = [
            {
                "sentence": entry.sentence,
                "passage": rows[entry.passage].pk,
                "document": rows[entry.passage].document.title,
                "document_id": rows[entry.passage].document_id,
                "page": entry.page,
            }
            for entry in found
        ]
        summary = existing.get(matrix_field.pk)
        if summary is None:
            if sentences:
                to_create.append(
                    FieldSummary(agenda=agenda, field=matrix_field, sentences=sentences)
                )
        elif summary.sentences != sentences:
            summary.sentences = sentences
            summary.updated = now
            to_update.append(summary)
    FieldSummary.objects.bulk_create(to_create)
    if to_update:
        FieldSummary.objects.bulk_update(to_update, ["sentences", "updated"])
