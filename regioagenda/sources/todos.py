"""The existing concepts' to-dos on "Mein Bereich" (registered in ``sources.sections``).

For whoever may curate the agenda's concepts: the passages the classifier suggested that wait
for a decision, and documents whose analysis failed. One query whatever the number of agendas,
none once per data version (the rows are kept, keyed by the agendas).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regioagenda.core import pagecache, permissions
from regioagenda.core.permissions import Person
from regioagenda.core.registry import Todo
from regioagenda.regions.models import Agenda
from regioagenda.sources.models import DocumentStatus, PassageState, SourceDocument


def todos(user: Person, agendas: Sequence[Agenda]) -> list[Todo]:
    """Waiting passages (one to-do per agenda) and failed analyses (one per document)."""
    managed = {a.pk: a for a in agendas if permissions.can_manage_sources(user, a)}
    if not managed:
        return []
    # The rows depend on the agendas' data only (who may curate them is decided above): kept per
    # data version, keyed by the agendas.
    rows = pagecache.per_version(
        "sources-todos", *sorted(managed), compute=lambda: _rows(list(managed))
    )
    waiting: dict[int, list[tuple[int, int]]] = defaultdict(list)
    out: list[Todo] = []
    for pk, agenda_id, title, status, count in rows:
        agenda = managed[agenda_id]
        if count:
            waiting[agenda_id].append((pk, count))
        if status == DocumentStatus.FAILED:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Auswertung fehlgeschlagen: „%(title)s“") % {"title": title},
                    detail=_("Den Grund und „Neu auswerten“ finden Sie beim Dokument."),
                    url=reverse("sources:document", args=[agenda.slug, pk]),
                    priority=35,
                )
            )
    for agenda_id, documents in waiting.items():
        agenda = managed[agenda_id]
        total = sum(count for _pk, count in documents)
        # One document: straight to it; several: the list of documents.
        url = (
            reverse("sources:document", args=[agenda.slug, documents[0][0]])
            if len(documents) == 1
            else reverse("sources:documents", args=[agenda.slug])
        )
        out.append(
            Todo(
                agenda=agenda,
                title=_("Textstellen aus bestehenden Konzepten prüfen"),
                detail=ngettext(
                    "%(n)d Textstelle wartet auf Ihre Entscheidung",
                    "%(n)d Textstellen warten auf Ihre Entscheidung",
                    total,
                )
                % {"n": total}
                + " "
                + ngettext("(in %(d)d Dokument).", "(in %(d)d Dokumenten).", len(documents))
                % {"d": len(documents)},
                url=url,
                priority=50,
                count=total,
            )
        )
    return out


def _rows(agenda_ids: list[int]) -> list[tuple[int, int, str, str, int]]:
    """Documents with waiting passages or a failed analysis (one query)."""
    return list(
        SourceDocument.objects.filter(agenda_id__in=agenda_ids)
        .annotate(
            waiting=Count(
                "passages",
                # Title pages, imprints and tables of contents are never evidence, and a passage
                # the classifier found no field for proposes nothing: neither waits for review.
                filter=Q(
                    passages__state=PassageState.SUGGESTED,
                    passages__is_boilerplate=False,
                    passages__field__isnull=False,
                ),
            )
        )
        .filter(Q(waiting__gt=0) | Q(status=DocumentStatus.FAILED))
        .values_list("pk", "agenda_id", "title", "status", "waiting")
        .order_by("agenda_id", "title", "pk")
    )
