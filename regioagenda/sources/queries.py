"""Read paths for the pages of the existing concepts: bounded queries, ready for templates."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import pagecache, permissions
from regioagenda.matrix.models import FrameworkVersion, MatrixField
from regioagenda.matrix.queries.framework import active_versions
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
    """The beginning of ``text``; the page shows the whole text beneath it on request."""
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0]


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


PASSAGES_PER_PAGE = 50
SECTION_SEPARATOR = " › "


@dataclass
class PassageFilter:
    """The filters of the document page: field key, state and section (heading path of one or
    two levels, joined by ``SECTION_SEPARATOR``); empty means all."""

    field: str = ""
    state: str = ""
    section: str = ""

    @property
    def active(self) -> bool:
        return bool(self.field or self.state or self.section)


def _sections(document: SourceDocument) -> list[str]:
    """The document's sections of the first two heading levels, in reading order (one query)."""
    found: dict[str, None] = {}
    for headings in (
        Passage.objects.filter(document=document)
        .order_by("order")
        .values_list("headings", flat=True)
    ):
        if headings:
            found.setdefault(str(headings[0]), None)
            if len(headings) > 1:
                found.setdefault(SECTION_SEPARATOR.join(str(h) for h in headings[:2]), None)
    return list(found)


def document_detail(
    agenda: Agenda,
    document: SourceDocument,
    *,
    filters: PassageFilter | None = None,
    page: int | str | None = 1,
) -> dict[str, Any]:
    """One page of the document's passages (filtered by field, state and section) with their
    top fields and statements, plus all goals and measures of the document.

    A fixed number of queries whatever the number of passages.
    """
    filters = filters or PassageFilter()
    fields = version_fields(document.version) if document.version_id else []
    sections = _sections(document)
    queryset = Passage.objects.filter(document=document)
    if filters.field:
        queryset = queryset.filter(field__key=filters.field)
    if filters.state in PassageState.values:
        queryset = queryset.filter(state=filters.state)
    if filters.section:
        parts = filters.section.split(SECTION_SEPARATOR, 1)
        queryset = queryset.filter(headings__0=parts[0])
        if len(parts) > 1:
            queryset = queryset.filter(headings__1=parts[1])
    queryset = (
        queryset.select_related("field")
        .prefetch_related(Prefetch("statements", queryset=Statement.objects.order_by("pk")))
        .order_by("order")
    )
    paginator = Paginator(queryset, PASSAGES_PER_PAGE)
    page_obj = paginator.get_page(page)
    passages = list(page_obj.object_list)
    for passage in passages:
        passage.document = document
    names = {(document.version_id, f.key): f.name for f in fields} if document.version_id else {}
    rows = [passage_row(p, names) for p in passages]
    statements = list(
        Statement.objects.filter(passage__document=document)
        .select_related("passage")
        .only("kind", "text", "passage__id", "passage__page_start")
        .order_by("passage__order", "pk")
    )
    return {
        "document": document,
        "rows": rows,
        "page_obj": page_obj,
        "paginator": paginator,
        "filters": filters,
        "sections": sections,
        "states": PassageState.choices,
        "goals": [(s.passage, s) for s in statements if s.kind == StatementKind.GOAL],
        "measures": [(s.passage, s) for s in statements if s.kind == StatementKind.MEASURE],
        "fields": fields,
    }


@dataclass
class DocumentImpact:
    """What re-analysing or deleting a document touches (for the confirmation page)."""

    passages: int
    accepted: int
    rejected: int
    reassigned: int
    summary_sentences: int  # sentences of field summaries that cite this document
    curated_fields: list[str]  # names of curated summaries that cite this document


def document_impact(document: SourceDocument) -> DocumentImpact:
    """The counts the confirmation of a destructive action shows (two queries)."""
    counts = Passage.objects.filter(document=document).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(state=PassageState.ACCEPTED)),
        rejected=Count("pk", filter=Q(state=PassageState.REJECTED)),
        reassigned=Count("pk", filter=Q(reassigned=True)),
    )
    sentences = 0
    curated: list[str] = []
    for summary in FieldSummary.objects.filter(agenda_id=document.agenda_id).select_related(
        "field"
    ):
        citing = sum(
            1 for entry in summary.sentences or [] if entry.get("document_id") == document.pk
        )
        sentences += citing
        if citing and summary.is_curated:
            curated.append(summary.field.name)
    return DocumentImpact(
        passages=counts["total"],
        accepted=counts["accepted"],
        rejected=counts["rejected"],
        reassigned=counts["reassigned"],
        summary_sentences=sentences,
        curated_fields=curated,
    )


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


@dataclass(frozen=True)
class CoverageColumn:
    """A document's column of the coverage grid: a short label ("D1") heads the column, so that
    15 documents fit; the full title is its tooltip and stands in the legend under the table."""

    label: str
    document: SourceDocument


def coverage_columns(documents: list[SourceDocument]) -> list[CoverageColumn]:
    """Short column labels D1, D2, … in the order of the grid's columns."""
    return [
        CoverageColumn(label=_("D%(number)d") % {"number": number}, document=document)
        for number, document in enumerate(documents, start=1)
    ]


def coverage(agenda: Agenda) -> dict[str, Any]:
    """Fields × analysed documents: how many accepted and suggested passages each cell holds
    (boilerplate — title page, imprint, table of contents — does not count).

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
        Passage.objects.filter(
            document__agenda=agenda, document__status=DocumentStatus.ANALYSED, is_boilerplate=False
        )
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
        "columns": coverage_columns(docs),
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
            is_boilerplate=False,
        )
        .exclude(state=PassageState.REJECTED)
        .select_related("document")
        .order_by("document__title", "order")
    )
    by_pk = {p.pk: p for p in passages}
    sentences = []
    for entry in (summary.sentences if summary else []) or []:
        sentences.append({**entry, "passage_obj": by_pk.get(entry.get("passage"))})
    curated_at = summary.curated_at if summary and summary.is_curated else None
    return {
        "field": matrix_field,
        "summary": summary,
        "sentences": sentences,
        "passages": passages,
        "new_passages": [
            p for p in passages if curated_at and p.first_seen and p.first_seen > curated_at
        ],
    }


def _new_since(agenda: Agenda, field_key: str, since: datetime | None) -> list[Passage]:
    """The field's passages whose content appeared after ``since`` (one query; none without
    ``since``): what a curated summary does not know yet."""
    if since is None:
        return []
    return list(
        Passage.objects.filter(
            document__agenda=agenda,
            document__status=DocumentStatus.ANALYSED,
            field__key=field_key,
            is_boilerplate=False,
            first_seen__gt=since,
        )
        .exclude(state=PassageState.REJECTED)
        .select_related("document")
        .order_by("document__title", "order")
    )


def agenda_section(agenda: Agenda, user: User | AnonymousUser) -> dict[str, Any] | None:
    """The block on the agenda home, or None when the agenda has no documents.

    Its numbers depend on the agenda's data only (whether the user sees the block is decided
    first): three queries, or none once per data version.
    """
    if not permissions.can_view_sources(user, agenda):
        return None
    counts = pagecache.per_version(
        "sources-agenda-section", agenda.pk, compute=lambda: _section_counts(agenda)
    )
    if counts is None:
        return None
    return {"agenda": agenda, **counts}


def _section_counts(agenda: Agenda) -> dict[str, int] | None:
    totals = SourceDocument.objects.filter(agenda=agenda).aggregate(
        total=Count("pk"), analysed=Count("pk", filter=Q(status=DocumentStatus.ANALYSED))
    )
    if not totals["total"]:
        return None
    covered = (
        Passage.objects.filter(
            document__agenda=agenda, document__status=DocumentStatus.ANALYSED, is_boilerplate=False
        )
        .exclude(state=PassageState.REJECTED)
        .exclude(field=None)
        .values("field__key")
        .distinct()
        .count()
    )
    # The active version's fields counted in one query (not the version with its fields and
    # indicators loaded, three queries and a model per indicator); the same rule as
    # active_version(), in its query form.
    field_count = MatrixField.objects.filter(version__in=active_versions()).count() or 16
    return {
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
    unreviewed proposal; a curated summary brings the field's passages that appeared after its
    curation. None when the existing concepts say nothing about the field (one query; two when
    there is a summary, to find the passages its sentences cite; three when it is curated).
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
        Passage.objects.filter(
            pk__in=cited, document__agenda=agenda, is_boilerplate=False
        ).values_list("pk", "document_id")
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
    is_curated = summary.is_curated and bool(summary.text)
    return {
        "agenda": agenda,
        "field_key": field_key,
        "summary": summary,
        "new_passages": _new_since(agenda, field_key, summary.curated_at if is_curated else None),
        "is_curated": is_curated,
        "sentences": summary.sentences,
        "citations": citations,
    }
