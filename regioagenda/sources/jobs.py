"""The analysis job of an uploaded document.

``analyse_document(document, progress)`` does the work and is also called directly by the demo.
It reads and classifies; the writes are services (``services.store_analysis`` replaces the
results in one transaction, so a failure never leaves half a result behind and never touches
other documents or this document's earlier passages; ``services.mark_document_failed`` records
why a run failed).
"""

import logging
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from regioagenda.core import jobs
from regioagenda.sources import extract as extract_module
from regioagenda.sources import services
from regioagenda.sources.models import SourceDocument

logger = logging.getLogger(__name__)

GENERIC_FAILURE = (
    "Die Auswertung ist an einem unerwarteten Fehler gescheitert. Frühere Ergebnisse bleiben "
    "erhalten; der Fehler ist protokolliert. Bitte wenden Sie sich an die Betreiber."
)

ProgressFn = Callable[..., None]


def _noop(percent: int, message: str = "") -> None:
    return None


def _read(document: SourceDocument) -> bytes:
    with document.file.open("rb") as handle:
        content: bytes = handle.read()
    return content


def analyse_document(document: SourceDocument, progress: ProgressFn = _noop) -> dict[str, Any]:
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
    texts = [piece.text for piece in pieces]
    scores: list[list[tuple[str, float]]] = []
    batch = 200
    for start in range(0, len(texts), batch):
        scores.extend(clf.classify(texts[start : start + batch]))
        done = min(len(texts), start + batch)
        progress(40 + 40 * done // len(texts), _("Abschnitte eingeordnet: %(n)s") % {"n": done})

    statements: list[list[tuple[str, str]]] = [[] for _piece in pieces]
    for statement in passages_module.extract_statements(pieces):
        statements[statement.passage].append((statement.kind, statement.text))
    progress(85, _("Ergebnisse werden gespeichert"))

    created = services.store_analysis(
        document=document,
        version=version,
        pieces=pieces,
        scores=scores,
        statements=statements,
        page_count=len(extraction.pages),
        detected_kind=str(getattr(extraction, "kind", "") or ""),
    )
    progress(100, _("Fertig"))
    return {
        "passages": len(created),
        "pages": len(extraction.pages),
        "message": _("%(passages)s Abschnitte aus %(pages)s Seiten ausgewertet.")
        % {"passages": len(created), "pages": len(extraction.pages)},
    }


@jobs.handler("sources.analyze_document")
def analyze_document_job(params: dict[str, Any], progress: ProgressFn) -> dict[str, Any]:
    document = SourceDocument.objects.select_related("agenda").filter(pk=params["document"]).first()
    if document is None:
        raise jobs.JobFailed(_("Das Dokument wurde inzwischen gelöscht."))
    services.mark_document_analysing(document=document)
    try:
        return analyse_document(document, progress)
    except extract_module.ExtractionError as exc:
        reason = str(exc)
        services.mark_document_failed(document_id=document.pk, reason=reason)
        raise jobs.JobFailed(reason) from exc
    except jobs.JobFailed as exc:
        services.mark_document_failed(document_id=document.pk, reason=str(exc))
        raise
    except Exception:
        services.mark_document_failed(document_id=document.pk, reason=_(GENERIC_FAILURE))
        raise
