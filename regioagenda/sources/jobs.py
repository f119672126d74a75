"""The analysis job of an uploaded document.

``analyse_document(document, progress)`` does the work and is also called directly by the demo.
It reads and classifies; the writes are services (``services.store_analysis`` replaces the
results in one transaction, so a failure never leaves half a result behind and never touches
other documents or this document's earlier passages; ``services.mark_document_failed`` records
why a run failed).
"""

import logging
import math
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

# Where each step of the analysis stands on the progress bar (percent).
EXTRACT_FROM, EXTRACT_TO = 5, 40
PASSAGES_AT = 45
CLASSIFY_FROM, CLASSIFY_TO = 45, 85
CLASSIFY_STEPS = 20
STORE_AT = 90


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
    progress(EXTRACT_FROM, _("Text wird gelesen"))

    def on_page(done: int, total: int) -> None:
        percent = EXTRACT_FROM + (EXTRACT_TO - EXTRACT_FROM) * done // max(total, 1)
        progress(
            percent, _("Seite %(done)s von %(total)s gelesen") % {"done": done, "total": total}
        )

    extraction = extract_module.extract(_read(document), document.original_name, on_page=on_page)
    progress(EXTRACT_TO, _("Text gelesen: %(count)s Seiten") % {"count": len(extraction.pages)})

    from regioagenda.sources import classifier as classifier_module
    from regioagenda.sources import passages as passages_module

    pieces = passages_module.document_passages(extraction, title=document.title)
    if not pieces:
        raise extract_module.ExtractionError(_("Das Dokument enthält keinen auswertbaren Text."))
    progress(PASSAGES_AT, _("%(n)s Abschnitte gebildet") % {"n": len(pieces)})

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
    # About twenty steps, so that the bar moves also for a long document.
    batch = min(200, max(1, math.ceil(len(texts) / CLASSIFY_STEPS)))
    for start in range(0, len(texts), batch):
        scores.extend(clf.classify(texts[start : start + batch]))
        done = min(len(texts), start + batch)
        progress(
            CLASSIFY_FROM + (CLASSIFY_TO - CLASSIFY_FROM) * done // len(texts),
            _("Abschnitte eingeordnet: %(n)s von %(total)s") % {"n": done, "total": len(texts)},
        )

    statements: list[list[tuple[str, str]]] = [[] for _piece in pieces]
    for statement in passages_module.extract_statements(pieces):
        statements[statement.passage].append((statement.kind, statement.text))
    progress(STORE_AT, _("Ergebnisse werden gespeichert"))

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
