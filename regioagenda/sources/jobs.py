"""The analysis job of an uploaded document, and the proposed field summaries of an agenda.

``analyse_document(document, progress)`` does the work and is also called directly by the demo.
Results are replaced in one transaction: a failure never leaves half a result behind and never
touches other documents or this document's earlier passages.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.core import jobs
from regioagenda.matrix.models import MatrixField
from regioagenda.sources import extract as extract_module
from regioagenda.sources.models import (
    DocumentStatus,
    FieldSummary,
    Passage,
    PassageState,
    SourceDocument,
    Statement,
)

logger = logging.getLogger(__name__)

GENERIC_FAILURE = (
    "Die Auswertung ist an einem unerwarteten Fehler gescheitert. Frühere Ergebnisse bleiben "
    "erhalten; der Fehler ist protokolliert. Bitte wenden Sie sich an die Betreiber."
)


def _noop(percent, message=""):
    return None


def _read(document):
    with document.file.open("rb") as handle:
        return handle.read()


def _mark_failed(document_pk, reason):
    SourceDocument.objects.filter(pk=document_pk).update(
        status=DocumentStatus.FAILED, failure_reason=reason
    )


def analyse_document(document, progress=_noop):
    """Extract, split, classify, pick statements; then store everything at once.

    Raises ``extract.ExtractionError`` for a file that cannot be read (the caller marks the
    document failed); any other exception is a bug.
    """
    progress(5, _("Text wird gelesen"))
    extraction = extract_module.extract(_read(document), document.original_name)
    progress(40, _("Text gelesen: %(count)s Seiten") % {"count": len(extraction.pages)})

    from regioagenda.sources import classifier as classifier_module
    from regioagenda.sources import passages as passages_module

    pieces = passages_module.document_passages(extraction, title=document.title)
    if not pieces:
        raise extract_module.ExtractionError(_("Das Dokument enthält keinen auswertbaren Text."))

    version = classifier_module.active_framework()
    if version is None:
        raise jobs.JobFailed(
            _(
                "Es ist noch keine Smart-Region-Matrix geladen; ohne ihre Handlungsfelder kann "
                "das Dokument nicht eingeordnet werden."
            )
        )
    clf = classifier_module.Classifier.from_framework(version)
    fields = {f.key: f for f in MatrixField.objects.filter(version=version)}
    texts = [piece.text for piece in pieces]
    scores = []
    batch = 200
    for start in range(0, len(texts), batch):
        scores.extend(clf.classify(texts[start : start + batch]))
        done = min(len(texts), start + batch)
        progress(40 + 40 * done // len(texts), _("Abschnitte eingeordnet: %(n)s") % {"n": done})

    statements = [[] for _piece in pieces]
    for statement in passages_module.extract_statements(pieces):
        statements[statement.passage].append((statement.kind, statement.text))
    progress(85, _("Ergebnisse werden gespeichert"))

    with transaction.atomic():
        document = SourceDocument.objects.select_for_update().get(pk=document.pk)
        Passage.objects.filter(document=document).delete()
        created = Passage.objects.bulk_create(
            Passage(
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
            )
            for piece, piece_scores in zip(pieces, scores, strict=True)
        )
        if not all(p.pk for p in created):  # backends without RETURNING (none we use)
            created = list(Passage.objects.filter(document=document).order_by("order"))
        Statement.objects.bulk_create(
            Statement(passage=passage, kind=kind, text=text)
            for passage, found in zip(created, statements, strict=True)
            for kind, text in found
        )
        document.status = DocumentStatus.ANALYSED
        document.failure_reason = ""
        document.page_count = len(extraction.pages)
        document.detected_kind = str(getattr(extraction, "kind", "") or "")[:20]
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
        recompute_summaries(document.agenda)
    progress(100, _("Fertig"))
    return {
        "passages": len(created),
        "pages": len(extraction.pages),
        "message": _("%(passages)s Abschnitte aus %(pages)s Seiten ausgewertet.")
        % {"passages": len(created), "pages": len(extraction.pages)},
    }


@jobs.handler("sources.analyze_document")
def analyze_document_job(params, progress):
    document = SourceDocument.objects.select_related("agenda").filter(pk=params["document"]).first()
    if document is None:
        raise jobs.JobFailed(_("Das Dokument wurde inzwischen gelöscht."))
    SourceDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.ANALYSING, failure_reason=""
    )
    try:
        return analyse_document(document, progress)
    except extract_module.ExtractionError as exc:
        reason = str(exc)
        _mark_failed(document.pk, reason)
        raise jobs.JobFailed(reason) from exc
    except jobs.JobFailed as exc:
        _mark_failed(document.pk, str(exc))
        raise
    except Exception:
        _mark_failed(document.pk, _(GENERIC_FAILURE))
        raise


# Proposed summaries ----------------------------------------------------------------------------


def recompute_summaries(agenda):
    """Propose the sentences of every field anew; a curated ``text`` is never touched.

    Draws on the passages of the agenda's analysed documents that are not rejected. A passage
    counts for its predicted fields (top field, plus the second at half its score); a passage
    the coordinator reassigned counts for its new field only.
    """
    from regioagenda.sources import passages as passages_module
    from regioagenda.sources.queries import summary_version, version_fields

    version = summary_version(agenda)
    if version is None:
        return
    fields = version_fields(version)
    rows = list(
        Passage.objects.filter(document__agenda=agenda, document__status=DocumentStatus.ANALYSED)
        .exclude(state=PassageState.REJECTED)
        .select_related("document", "field")
        .order_by("document__title", "document_id", "order")
    )
    items, scores, predicted = [], [], []
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
    to_create, to_update = [], []
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
