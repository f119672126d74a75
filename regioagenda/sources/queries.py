"""Read paths for the pages of the existing concepts: bounded queries, ready for templates."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import permissions
from regioagenda.matrix.models import FrameworkVersion, MatrixField
from regioagenda.regions.models import Agenda
from regioagenda.sources.models import (
    DocumentStatus,
    FieldSummary,
    Passage,
    PassageState,
    SourceDocument,
    Statement,
    StatementKind,
)

EXCERPT_CHARS = 400
TOP_FIELDS = 3


def active_version() -> FrameworkVersion | None:
    """The active framework version: new analyses classify against its fields."""
    from regioagenda.sources.classifier import active_framework

    return active_framework()


def summary_version(agenda: Agenda) -> FrameworkVersion | None:
    """The version whose fields the agenda's summaries and coverage use."""
    return active_version()


def version_fields(version: FrameworkVersion | None) -> list[MatrixField]:
    """The fields of ``version`` in their order; none without a version."""
    if version is None:
        return []
    return list(MatrixField.objects.filter(version=version).order_by("order"))


def documents(agenda: Agenda) -> list[SourceDocument]:
    """The agenda's documents with their number of passages (one query)."""
    return list(
        SourceDocument.objects.filter(agenda=agenda)
        .select_related("job")
        .annotate(
            passage_count=Count("passages"),
            accepted_count=Count("passages", filter=Q(passages__state=PassageState.ACCEPTED)),
        )
        .order_by("-year", "title", "pk")
    )


def get_document(agenda: Agenda, pk: int) -> SourceDocument:
    """One document of ``agenda`` (never another agenda's), else 404."""
    document = (
        SourceDocument.objects.filter(agenda=agenda, pk=pk)
        .select_related("job", "version", "uploaded_by", "agenda")
        .first()
    )
    if document is None:
        raise Http404(_("Diese Agenda hat kein Dokument mit der Nummer %(pk)s.") % {"pk": pk})
    return document


def get_passage(agenda: Agenda, pk: int) -> Passage:
    """One passage of ``agenda`` (never another agenda's), else 404."""
    passage = (
        Passage.objects.filter(document__agenda=agenda, pk=pk)
        .select_related("document", "document__agenda", "field")
        .first()
    )
    if passage is None:
        raise Http404(_("Diese Agenda hat keinen Abschnitt mit der Nummer %(pk)s.") % {"pk": pk})
    return passage


@dataclass
class PassageRow:
    passage: Passage
    excerpt: str
    top: list[tuple[str, str, float]]  # [(name, key, score)]
    goals: list[Statement]
    measures: list[Statement]


def version_field(version_id: int | None, key: str) -> MatrixField | None:
    """The field ``key`` of a framework version, else None (a passage is reassigned to it)."""
    return MatrixField.objects.filter(version_id=version_id, key=key).first()


def field_names(version_ids: list[int]) -> dict[tuple[int, str], str]:
    """``{(version id, key): name}`` of the versions' fields, for ``passage_row`` (one query)."""
    names: dict[tuple[int, str], str] = {}
    for f in MatrixField.objects.filter(version_id__in=version_ids).only(
        "key", "version_id", "name_de", "name_en"
    ):
        names[(f.version_id, f.key)] = f.name
    return names


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


def passage_row(passage: Passage, names: dict[tuple[int, str], str]) -> PassageRow:
    """One row of the document page: the excerpt, the top fields by name, goals and measures."""
    version_id = passage.document.version_id
    top: list[tuple[str, str, float]] = [
        (names.get((version_id, key), key) if version_id is not None else key, key, score)
        for key, score in (passage.scores or [])[:TOP_FIELDS]
    ]
    statements = list(passage.statements.all())
    return PassageRow(
        passage=passage,
        excerpt=_excerpt(passage.text),
        top=top,
        goals=[s for s in statements if s.kind == StatementKind.GOAL],
        measures=[s for s in statements if s.kind == StatementKind.MEASURE],
    )


def document_detail(agenda: Agenda, document: SourceDocument) -> dict[str, Any]:
    """The document's passages with their top fields and statements (a fixed number of queries)."""
    passages = list(
        Passage.objects.filter(document=document)
        .select_related("field")
        .prefetch_related(Prefetch("statements", queryset=Statement.objects.order_by("pk")))
        .order_by("order")
    )
    for passage in passages:
        passage.document = document
    names = field_names([document.version_id]) if document.version_id else {}
    rows = [passage_row(p, names) for p in passages]
    fields = version_fields(document.version) if document.version_id else []
    return {
        "document": document,
        "rows": rows,
        "goals": [(row.passage, s) for row in rows for s in row.goals],
        "measures": [(row.passage, s) for row in rows for s in row.measures],
        "fields": fields,
    }


# Coverage --------------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    field: MatrixField
    # [(document, accepted, suggested)]
    cells: list[tuple[SourceDocument, int, int]] = dataclasses.field(default_factory=list)
    total: int = 0

    @property
    def covered(self) -> bool:
        return self.total > 0


def coverage(agenda: Agenda) -> dict[str, Any]:
    """Fields × analysed documents: how many accepted and suggested passages each cell holds.

    Four queries whatever the number of documents and passages.
    """
    version = summary_version(agenda)
    fields = version_fields(version)
    docs = list(
        SourceDocument.objects.filter(agenda=agenda, status=DocumentStatus.ANALYSED).order_by(
            "-year", "title", "pk"
        )
    )
    counts: defaultdict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for cell in (
        Passage.objects.filter(document__agenda=agenda, document__status=DocumentStatus.ANALYSED)
        .exclude(state=PassageState.REJECTED)
        .exclude(field=None)
        .values("document_id", "field__key", "state")
        .annotate(n=Count("pk"))
    ):
        index = 0 if cell["state"] == PassageState.ACCEPTED else 1
        counts[(cell["document_id"], cell["field__key"])][index] += cell["n"]
    rows: list[CoverageRow] = []
    for f in fields:
        row = CoverageRow(field=f)
        for doc in docs:
            accepted, suggested = counts.get((doc.pk, f.key), (0, 0))
            row.cells.append((doc, accepted, suggested))
            row.total += accepted + suggested
        rows.append(row)
    return {
        "version": version,
        "documents": docs,
        "rows": rows,
        "covered": sum(1 for r in rows if r.covered),
        "field_count": len(rows),
    }


# Field summaries -------------------------------------------------------------------------------


def get_field(agenda: Agenda, key: str) -> MatrixField:
    """The field ``key`` of the version the agenda's summaries use, else 404."""
    version = summary_version(agenda)
    found = MatrixField.objects.filter(version=version, key=key).first() if version else None
    if found is None:
        raise Http404(_("Es gibt kein Handlungsfeld „%(key)s“.") % {"key": key})
    return found


def field_summary(agenda: Agenda, matrix_field: MatrixField) -> dict[str, Any]:
    """The proposed sentences with their citations, the curated text, and the field's passages."""
    summary = FieldSummary.objects.filter(agenda=agenda, field=matrix_field).first()
    passages = list(
        Passage.objects.filter(
            document__agenda=agenda,
            document__status=DocumentStatus.ANALYSED,
            field__key=matrix_field.key,
        )
        .exclude(state=PassageState.REJECTED)
        .select_related("document")
        .order_by("document__title", "order")
    )
    by_pk = {p.pk: p for p in passages}
    sentences = []
    for entry in (summary.sentences if summary else []) or []:
        sentences.append({**entry, "passage_obj": by_pk.get(entry.get("passage"))})
    return {
        "field": matrix_field,
        "summary": summary,
        "sentences": sentences,
        "passages": passages,
    }


def agenda_section(agenda: Agenda, user: User | AnonymousUser) -> dict[str, Any] | None:
    """The block on the agenda home, or None when the agenda has no documents (two queries)."""
    if not permissions.can_view_sources(user, agenda):
        return None
    totals = SourceDocument.objects.filter(agenda=agenda).aggregate(
        total=Count("pk"), analysed=Count("pk", filter=Q(status=DocumentStatus.ANALYSED))
    )
    if not totals["total"]:
        return None
    covered = (
        Passage.objects.filter(document__agenda=agenda, document__status=DocumentStatus.ANALYSED)
        .exclude(state=PassageState.REJECTED)
        .exclude(field=None)
        .values("field__key")
        .distinct()
        .count()
    )
    version = active_version()
    field_count = MatrixField.objects.filter(version=version).count() if version else 16
    return {
        "agenda": agenda,
        "total": totals["total"],
        "analysed": totals["analysed"],
        "covered": covered,
        "field_count": field_count,
    }


def field_evidence(
    agenda: Agenda, field_key: str, user: User | AnonymousUser
) -> dict[str, Any] | None:
    """What raters see beside the rating form of one field: the curated summary with its sources.

    Until the coordination has curated the field, the proposed sentences are shown, marked as an
    unreviewed proposal. None when the existing concepts say nothing about the field (one query;
    two when there is a summary, to find the passages its sentences cite).
    """
    if not permissions.can_view_sources(user, agenda):
        return None
    summary = (
        FieldSummary.objects.filter(agenda=agenda, field__key=field_key)
        .select_related("field")
        .order_by("-field__version__version", "-updated")
        .first()
    )
    if summary is None or not (summary.is_curated and summary.text) and not summary.sentences:
        return None
    cited = [entry.get("passage") for entry in summary.sentences if entry.get("passage")]
    documents = dict(
        Passage.objects.filter(pk__in=cited, document__agenda=agenda).values_list(
            "pk", "document_id"
        )
    )
    citations = []
    seen = set()
    for entry in summary.sentences:
        document_id = documents.get(entry.get("passage"))
        citation = (entry.get("document", ""), entry.get("page"), document_id, entry.get("passage"))
        if citation[:2] in seen:
            continue
        seen.add(citation[:2])
        citations.append(
            {
                "document": citation[0],
                "page": citation[1],
                "document_id": document_id,
                "passage": citation[3],
                "sentence": entry.get("sentence", ""),
            }
        )
    return {
        "agenda": agenda,
        "field_key": field_key,
        "summary": summary,
        "is_curated": summary.is_curated and bool(summary.text),
        "sentences": summary.sentences,
        "citations": citations,
    }
