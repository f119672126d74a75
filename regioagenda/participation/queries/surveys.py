"""Read paths of surveys: the list, one survey with its questions, results, exports, and the
self-assessment figures the matrix page shows beside the expert values (through
``core.registry.field_perceptions``).

Every function runs a fixed number of queries, however many responses there are.
"""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.actors.models import Sector
from regioagenda.core import charts, csvexport
from regioagenda.core.permissions import Person
from regioagenda.core.tabular import defuse
from regioagenda.participation.models.surveys import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from regioagenda.participation.services.surveys import matrix_fields
from regioagenda.regions.models import Agenda

# Below this many responses the public sees no figures (privacy: no answer can be traced).
PUBLIC_MINIMUM = 5
TEXT_ANSWERS_SHOWN = 200


def surveys_of(agenda: Agenda, *, staff: bool) -> list[Survey]:
    """The agenda's surveys: staff sees all, the public the open and the answered ones."""
    qs = Survey.objects.filter(agenda=agenda).order_by("-is_open", "-created", "-pk")
    if not staff:
        qs = qs.filter(Q(is_open=True) | Q(response_count__gt=0))
    return list(qs)


def survey_of(agenda: Agenda, pk: int) -> Survey:
    """One survey of ``agenda`` with its questions and choices (three queries); 404 otherwise."""
    choices = Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    questions = Prefetch(
        "questions",
        queryset=Question.objects.order_by("position", "pk").prefetch_related(choices),
    )
    survey = (
        Survey.objects.select_related("agenda", "assessment_round")
        .prefetch_related(questions)
        .filter(agenda=agenda, pk=pk)
        .first()
    )
    if survey is None:
        raise Http404(_("Diese Umfrage gibt es in dieser Agenda nicht."))
    survey.agenda = agenda
    return survey


def question_of(survey: Survey, pk: int) -> Question:
    question = Question.objects.filter(survey=survey, pk=pk).first()
    if question is None:
        raise Http404(_("Diese Frage gibt es in dieser Umfrage nicht."))
    question.survey = survey
    return question


# Results -------------------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    choice: Choice
    count: int
    share: float  # of the responses that answered the question, 0..1


@dataclass
class ScaleStats:
    n: int
    mean: float | None
    median: float | None
    distribution: list[tuple[int, int]]  # (value, count) over the whole scale


@dataclass
class FieldMeans:
    key: str
    name: str
    n: int
    perceived_n: int
    perceived: float | None
    importance_n: int
    importance: float | None


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0  # responses that answered this question
    choices: list[ChoiceCount] = field(default_factory=list)
    scale: ScaleStats | None = None
    texts: list[Answer] = field(default_factory=list)
    texts_total: int = 0
    fields: list[FieldMeans] = field(default_factory=list)
    chart: Any = None


@dataclass
class Results:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    by_sector: list[tuple[str, int]]
    shown: bool  # figures are shown (enough responses, or staff)


def _distribution_stats(counts: dict[int, int], low: int, high: int) -> ScaleStats:
    values = [v for v, c in sorted(counts.items()) for _ in range(c)]
    return ScaleStats(
        n=len(values),
        mean=statistics.fmean(values) if values else None,
        median=float(statistics.median(values)) if values else None,
        distribution=[(v, counts.get(v, 0)) for v in range(low, high + 1)],
    )


def survey_results(survey: Survey, *, staff: bool = False) -> Results:
    """Counts per choice, scale mean/median/distribution, free texts (hidden ones for staff
    only), matrix-field means and n. Seven queries whatever the size (with ``survey`` from
    ``survey_of``): answered counts, choices, scales, texts (count and page), fields, sectors."""
    questions = list(survey.questions.all())
    responses = survey.response_count
    shown = staff or responses >= PUBLIC_MINIMUM
    results = [QuestionResult(question=q) for q in questions]
    by_question = {r.question.pk: r for r in results}
    answers = Answer.objects.filter(response__survey=survey)
    for row in answers.values("question").annotate(n=Count("response", distinct=True)):
        if row["question"] in by_question:
            by_question[row["question"]].answered = row["n"]
    choice_counts = {
        row["choice"]: row["n"]
        for row in answers.filter(choice__isnull=False).values("choice").annotate(n=Count("id"))
    }
    scale_counts: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (
        answers.filter(question__kind=QuestionKind.SCALE, number__isnull=False)
        .values("question", "number")
        .annotate(n=Count("id"))
    ):
        scale_counts[row["question"]][row["number"] or 0] = row["n"]  # never None (filtered)
    text_answers = answers.filter(question__kind=QuestionKind.TEXT).exclude(text="")
    if not staff:
        text_answers = text_answers.filter(hidden__isnull=True)
    text_totals = dict(
        text_answers.values("question").annotate(n=Count("id")).values_list("question", "n")
    )
    texts = list(text_answers.order_by("-response__created", "-pk")[: TEXT_ANSWERS_SHOWN * 4])
    field_rows = list(
        answers.filter(question__kind=QuestionKind.MATRIX_FIELD)
        .exclude(field_key="")
        .values("question", "field_key")
        .annotate(
            n=Count("id"),
            perceived_n=Count("id", filter=Q(perceived__isnull=False)),
            perceived=Avg("perceived"),
            importance_n=Count("id", filter=Q(importance__isnull=False)),
            importance=Avg("importance"),
        )
    )
    names: dict[str, str] = {}
    order: dict[str, int] = {}
    if field_rows:
        for index, matrix_field in enumerate(matrix_fields(survey)):
            names[matrix_field.key] = matrix_field.name
            order[matrix_field.key] = index
    for result in results:
        q = result.question
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            base = result.answered or 1
            result.choices = [
                ChoiceCount(c, choice_counts.get(c.pk, 0), choice_counts.get(c.pk, 0) / base)
                for c in q.choices.all()
            ]
        elif q.kind == QuestionKind.SCALE:
            result.scale = _distribution_stats(scale_counts.get(q.pk, {}), q.scale_min, q.scale_max)
        elif q.kind == QuestionKind.TEXT:
            result.texts = [a for a in texts if a.question_id == q.pk][:TEXT_ANSWERS_SHOWN]
            result.texts_total = text_totals.get(q.pk, 0)
    for row in field_rows:
        found = by_question.get(row["question"])
        if found is None:
            continue
        found.fields.append(
            FieldMeans(
                key=row["field_key"],
                name=names.get(row["field_key"], row["field_key"]),
                n=row["n"],
                perceived_n=row["perceived_n"],
                perceived=row["perceived"],
                importance_n=row["importance_n"],
                importance=row["importance"],
            )
        )
    for result in results:
        result.fields.sort(key=lambda f: (order.get(f.key, 999), f.key))
        if shown:
            result.chart = _chart(result)
    sectors = dict(Sector.choices)
    by_sector = [
        (str(sectors.get(row["sector"], _("ohne Angabe"))), row["n"])
        for row in Response.objects.filter(survey=survey)
        .values("sector")
        .annotate(n=Count("id"))
        .order_by("-n", "sector")
    ]
    if not staff:
        # Small groups could identify people: they are left out of the public figures.
        by_sector = [(name, n) for name, n in by_sector if n >= PUBLIC_MINIMUM]
    return Results(
        survey=survey, responses=responses, questions=results, by_sector=by_sector, shown=shown
    )


def _chart(result: QuestionResult) -> charts.Chart | None:
    q = result.question
    if result.choices:
        return charts.bar_chart(
            title=q.text,
            categories=[c.choice.text for c in result.choices],
            series=[(_("Antworten"), [c.count for c in result.choices])],
            row_header=_("Antwort"),
        )
    if result.scale is not None and result.scale.n:
        return charts.bar_chart(
            title=q.text,
            categories=[str(v) for v, _n in result.scale.distribution],
            series=[(_("Antworten"), [n for _v, n in result.scale.distribution])],
            row_header=_("Wert"),
        )
    if result.fields:
        series = [(_("Wichtigkeit (1–5)"), [f.importance for f in result.fields])]
        if q.ask_perceived:
            series.insert(0, (_("Erlebter Stand (0–4)"), [f.perceived for f in result.fields]))
        return charts.bar_chart(
            title=q.text,
            categories=[f.name for f in result.fields],
            series=series,
            row_header=_("Handlungsfeld"),
            max_value=5,
        )
    return None


# Exports -------------------------------------------------------------------------------------


def export_table(survey: Survey) -> tuple[list[str], list[list[object]]]:
    """One row per response, one column per question (per field and measure for matrix-field
    questions); multiple choices joined with " | ". Four queries."""
    questions = list(survey.questions.all())
    fields = (
        matrix_fields(survey) if any(q.kind == QuestionKind.MATRIX_FIELD for q in questions) else []
    )
    choice_text = {c.pk: c.text for q in questions for c in q.choices.all()}
    header = [_("Antwortbogen"), _("Datum"), _("Bereich"), _("mit Konto")]
    columns: list[tuple[int, str, str]] = []  # (question id, field key or "", measure)
    for q in questions:
        if q.kind == QuestionKind.MATRIX_FIELD:
            for f in fields:
                if q.ask_perceived:
                    header.append(f"{q.text} – {f.name} ({_('Stand')})")
                    columns.append((q.pk, f.key, "perceived"))
                header.append(f"{q.text} – {f.name} ({_('Wichtigkeit')})")
                columns.append((q.pk, f.key, "importance"))
        else:
            header.append(q.text)
            columns.append((q.pk, "", q.kind))
    responses = list(Response.objects.filter(survey=survey).order_by("created", "pk"))
    cells: dict[int, dict[tuple[int, str, str], Any]] = defaultdict(dict)
    for a in Answer.objects.filter(response__survey=survey).order_by("pk"):
        row = cells[a.response_id]
        if a.field_key:
            row[(a.question_id, a.field_key, "perceived")] = a.perceived
            row[(a.question_id, a.field_key, "importance")] = a.importance
        elif a.choice_id is not None:
            slot = (a.question_id, "", "choice")
            text = choice_text.get(a.choice_id, "")
            row[slot] = f"{row[slot]} | {text}" if slot in row else text
        elif a.number is not None:
            row[(a.question_id, "", "number")] = a.number
        else:
            row[(a.question_id, "", "text")] = a.text
    sectors = dict(Sector.choices)
    rows: list[list[object]] = []
    for index, response in enumerate(responses, start=1):
        row = cells.get(response.pk, {})
        out: list[object] = [
            index,
            timezone.localtime(response.created).date(),
            str(sectors.get(response.sector, "")),
            response.user_id is not None,
        ]
        for qid, key, measure in columns:
            if key:
                out.append(row.get((qid, key, measure)))
            elif measure in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                out.append(row.get((qid, "", "choice"), ""))
            elif measure == QuestionKind.SCALE:
                out.append(row.get((qid, "", "number")))
            else:
                out.append(row.get((qid, "", "text"), ""))
        rows.append(out)
    return header, rows


def export_csv(survey: Survey, *, language: str | None = None) -> bytes:
    header, rows = export_table(survey)
    return csvexport.csv_bytes(header, rows, language=language)


def export_xlsx(survey: Survey) -> bytes:
    from openpyxl import Workbook

    header, rows = export_table(survey)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Antworten")[:31]
    sheet.append([defuse(h) for h in header])
    for row in rows:
        sheet.append([defuse(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The matrix page's self-assessment column (core.registry.field_perceptions) -----------------


def field_perceptions(agenda: Any, assessment_round: Any) -> dict[str, Any] | None:
    """The public self-assessment of ``assessment_round``: ``{"responses": n, "fields":
    {key: {"answers", "perceived_n", "perceived", "importance"}}}``, or None without answers.
    One query, with or without a survey (the matrix page's count stays fixed)."""
    rows = list(
        Answer.objects.filter(
            response__survey__agenda_id=agenda.pk,
            response__survey__assessment_round_id=assessment_round.pk,
            question__kind=QuestionKind.MATRIX_FIELD,
        )
        .exclude(field_key="")
        .values("field_key", "response__survey__response_count")
        .annotate(
            answers=Count("id"),
            perceived_n=Count("id", filter=Q(perceived__isnull=False)),
            perceived=Avg("perceived"),
            importance=Avg("importance"),
        )
        .order_by()
    )
    if not rows:
        return None
    return {
        "responses": max(row["response__survey__response_count"] for row in rows),
        "fields": {
            row["field_key"]: {
                "answers": row["answers"],
                "perceived_n": row["perceived_n"],
                "perceived": row["perceived"],
                "importance": row["importance"],
            }
            for row in rows
        },
    }


def open_self_assessment(agenda: Any, user: Person) -> Survey | None:
    """The agenda's running self-assessment the viewer may answer (for the matrix's links)."""
    from regioagenda.core import permissions

    for survey in Survey.objects.filter(
        agenda_id=agenda.pk, kind=SurveyKind.SELF_ASSESSMENT, is_open=True
    ).order_by("-created"):
        survey.agenda = agenda
        if permissions.can_answer_survey(user, survey):
            return survey
    return None


def round_survey(assessment_round: Any) -> Survey | None:
    return Survey.objects.filter(assessment_round_id=assessment_round.pk).first()


def sector_choices() -> list[tuple[str, str]]:
    return [("", _("keine Angabe"))] + [(k, str(v)) for k, v in Sector.choices]


# Agenda home and the matrix page --------------------------------------------------------------

_HOME_CACHE = "_participation_home_surveys"


def _home_surveys(agenda: Any) -> list[Survey]:
    """The agenda's open or answered surveys, once per agenda object (one query for all steps)."""
    cached: list[Survey] | None = getattr(agenda, _HOME_CACHE, None)
    if cached is None:
        cached = list(
            Survey.objects.filter(agenda_id=agenda.pk)
            .filter(Q(is_open=True) | Q(response_count__gt=0))
            .order_by("-is_open", "-created", "-pk")
        )
        for survey in cached:
            survey.agenda = agenda
        setattr(agenda, _HOME_CACHE, cached)
    return cached


def agenda_section(agenda: Any, user: Person, step: str) -> dict[str, Any] | None:
    """The surveys of ``step`` on the agenda home, or None without any."""
    from regioagenda.core import permissions

    surveys = [s for s in _home_surveys(agenda) if s.step == step]
    if not surveys:
        return None
    return {
        "agenda": agenda,
        "surveys": [
            {"survey": s, "can_answer": bool(permissions.can_answer_survey(user, s))}
            for s in surveys
        ],
        "minimum": PUBLIC_MINIMUM,
    }


# To-dos on "Mein Bereich" ----------------------------------------------------------------------


def todos(user: Person, agendas: list[Any]) -> list[Any]:
    """For those who manage surveys: open surveys (an info), and open ones that should be
    closed — a self-assessment whose round is closed, a survey past its end (actions). One
    query however many agendas."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import ngettext

    from regioagenda.core import permissions
    from regioagenda.core.registry import Todo

    managed = {a.pk: a for a in agendas if permissions.can_manage_surveys(user, a)}
    if not managed:
        return []
    now = timezone.now()
    out = []
    for survey in Survey.objects.filter(agenda_id__in=list(managed), is_open=True).select_related(
        "assessment_round"
    ):
        agenda = managed[survey.agenda_id]
        url = reverse("participation:survey_manage", args=[agenda.slug, survey.pk])
        detail = ngettext(
            "%(n)d Antwort bisher.", "%(n)d Antworten bisher.", survey.response_count
        ) % {"n": survey.response_count}
        title = {"title": survey.title}
        round_closed = survey.assessment_round is not None and survey.assessment_round.is_closed
        if round_closed:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Selbsteinschätzung schließen: Die Runde „%(round)s“ ist abgeschlossen")
                    % {"round": survey.assessment_round.title},  # type: ignore[union-attr]
                    detail=detail,
                    url=url,
                    priority=60,
                    count=survey.response_count,
                )
            )
        elif survey.closes_at and survey.closes_at <= now:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Umfrage schließen: „%(title)s“ ist abgelaufen") % title,
                    detail=detail,
                    url=url,
                    priority=60,
                    count=survey.response_count,
                )
            )
        else:
            out.append(
                Todo(
                    agenda=agenda,
                    title=_("Umfrage ist offen: „%(title)s“") % title,
                    detail=detail,
                    url=url,
                    kind=Todo.INFO,
                    priority=60,
                    count=survey.response_count,
                )
            )
    return out
