"""Demo surveys of the demo agenda: the matrix round's public self-assessment (36 answers, as the
matrix demo had them before the move) and a general survey "Digitale Angebote im Alltag" with
every question type and 60 varied responses with sectors. Idempotent: keyed by title."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from regioagenda.accounts.models import Role
from regioagenda.actors.models import Sector
from regioagenda.matrix.demo import IMPORTANCE, PROFILE, ROUND_TITLE
from regioagenda.matrix.models import AssessmentRound, MatrixField
from regioagenda.participation.models.surveys import (
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from regioagenda.participation.services import surveys as services

GENERAL_TITLE = "Digitale Angebote im Alltag"
RESPONSES = 60


def _pick(*parts: object, n: int) -> int:
    """A deterministic number 0..n-1, so the demo looks the same on every machine."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") % n


def _self_assessment(agenda: Any, coordinator: Any) -> None:
    assessment_round = AssessmentRound.objects.filter(agenda=agenda, title=ROUND_TITLE).first()
    if assessment_round is None:
        return
    survey = services.self_assessment_for_round(
        actor=coordinator, assessment_round=assessment_round
    )
    if survey.response_count or Response.objects.filter(survey=survey).exists():
        return
    Survey.objects.filter(pk=survey.pk).update(is_example=True)
    question = survey.questions.get()
    fields = list(MatrixField.objects.filter(version=assessment_round.version).order_by("order"))
    start = timezone.now() - datetime.timedelta(days=40)
    for person in range(36):
        response = Response.objects.create(
            survey=survey,
            respondent=f"demo-{person:03d}",
            created=start + datetime.timedelta(hours=17 * person),
            is_example=True,
        )
        rows = []
        for field in fields:
            skip = _pick(person, field.key, "skip", n=3) == 0 and person % 3 == 0
            perceived = (
                None
                if skip
                else max(
                    0, min(4, PROFILE.get(field.key, (2, 3))[0] + _pick(person, field.key, n=3) - 1)
                )
            )
            importance = max(
                1, min(5, IMPORTANCE.get(field.key, 3) + _pick(person, field.key, "i", n=3) - 1)
            )
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    field_key=field.key,
                    perceived=perceived,
                    importance=importance,
                )
            )
        Answer.objects.bulk_create(rows)
    Survey.objects.filter(pk=survey.pk).update(response_count=36)
    services.set_survey_open(actor=coordinator, survey=survey, is_open=True)


QUESTIONS: list[dict[str, Any]] = [
    {
        "kind": QuestionKind.SINGLE,
        "text": "Wie erledigen Sie Behördengänge am liebsten?",
        "required": True,
        "choices": ["Online von zu Hause", "Im Rathaus oder Landratsamt", "Telefonisch", "Egal"],
        "weights": [5, 3, 1, 1],
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "text": "Welche digitalen Angebote der Region nutzen Sie?",
        "choices": [
            "Online-Terminvereinbarung",
            "BayernPortal / BayernID",
            "Rufbus-App",
            "Digitale Bücherei (Onleihe)",
            "Telemedizin / Videosprechstunde",
            "Keines davon",
        ],
        "weights": [4, 3, 2, 3, 1, 1],
    },
    {
        "kind": QuestionKind.SCALE,
        "text": "Wie zufrieden sind Sie mit dem Internet bei Ihnen zu Hause?",
        "scale": (1, 5, "gar nicht", "sehr"),
        "required": True,
    },
    {
        "kind": QuestionKind.SCALE,
        "text": "Wie sicher fühlen Sie sich im Umgang mit digitalen Diensten?",
        "scale": (1, 5, "sehr unsicher", "sehr sicher"),
    },
    {
        "kind": QuestionKind.SINGLE,
        "text": "Würden Sie an einem Kurs „Digital fit“ in Ihrer Gemeinde teilnehmen?",
        "choices": ["Ja", "Vielleicht", "Nein"],
        "weights": [3, 3, 2],
    },
    {
        "kind": QuestionKind.MATRIX_FIELD,
        "text": "Welche Handlungsfelder sind Ihnen am wichtigsten?",
        "help": "Bitte geben Sie je Feld an, wie wichtig es Ihnen ist (1 bis 5).",
        "ask_perceived": False,
    },
    {
        "kind": QuestionKind.TEXT,
        "text": "Was fehlt Ihnen digital in unserer Region am meisten?",
    },
    {
        "kind": QuestionKind.TEXT,
        "text": "Haben Sie eine Idee, die wir aufgreifen sollten?",
    },
]

TEXTS = [
    "Ein Online-Termin für die Kfz-Zulassung, ohne Wartemarke.",
    "Schnelles Internet in den Ortsteilen, nicht nur im Hauptort.",
    "Eine App für den Rufbus, die auch am Wochenende fährt.",
    "Hilfe für ältere Menschen beim Umstieg auf Online-Banking.",
    "WLAN am Bahnhof und in der Bücherei.",
    "Digitale Sprechstunde beim Hausarzt, gerade im Winter.",
    "Ein Portal für alle Vereinstermine im Landkreis.",
    "Baugenehmigungen digital einreichen können.",
    "Mehr Mitfahrangebote für Pendler nach Regensburg.",
    "Kurse für Eltern: Medienerziehung und Datenschutz.",
    "Eine Übersicht, welche Läden im Ort online bestellen lassen.",
    "Smarte Straßenbeleuchtung, um Strom zu sparen.",
]


def _general(agenda: Any, editor: Any, participants: list[Any]) -> None:
    if Survey.objects.filter(agenda=agenda, title=GENERAL_TITLE).exists():
        return
    survey = services.create_survey(
        actor=editor,
        agenda=agenda,
        title=GENERAL_TITLE,
        step="vision",
        intro=(
            "<p>Wie digital ist Ihr Alltag im Landkreis? Mit dieser kurzen Umfrage (etwa fünf "
            "Minuten) möchten wir erfahren, welche digitalen Angebote Sie nutzen, was Ihnen fehlt "
            "und wo Sie Unterstützung wünschen. Die Ergebnisse fließen in die Ziele der Digitalen "
            "Agenda ein.</p>"
        ),
        anonymous_allowed=True,
    )
    Survey.objects.filter(pk=survey.pk).update(is_example=True)
    survey.is_example = True
    for spec in QUESTIONS:
        low, high, low_label, high_label = spec.get("scale", (1, 5, "", ""))
        services.add_question(
            actor=editor,
            survey=survey,
            data=services.QuestionInput(
                kind=spec["kind"],
                text=spec["text"],
                help=spec.get("help", ""),
                required=spec.get("required", False),
                choices=spec.get("choices", ()),
                scale_min=low,
                scale_max=high,
                scale_min_label=low_label,
                scale_max_label=high_label,
                ask_perceived=spec.get("ask_perceived", True),
            ),
        )
    services.set_survey_open(actor=editor, survey=survey, is_open=True)
    questions = list(Question.objects.filter(survey=survey).order_by("position"))
    fields = services.matrix_fields(survey)
    sectors = list(Sector.values) + ["", "", Sector.CITIZENS, Sector.CITIZENS]
    start = timezone.now() - datetime.timedelta(days=21)
    for person in range(RESPONSES):
        answers: dict[int, Any] = {}
        for index, (spec, question) in enumerate(zip(QUESTIONS, questions, strict=True)):
            choices = list(question.choices.order_by("position"))
            if question.kind == QuestionKind.SINGLE:
                weighted = [
                    c.pk for c, w in zip(choices, spec["weights"], strict=True) for _ in range(w)
                ]
                answers[question.pk] = weighted[_pick(person, index, n=len(weighted))]
            elif question.kind == QuestionKind.MULTIPLE:
                picked = [
                    c.pk
                    for c, w in zip(choices[:-1], spec["weights"], strict=False)
                    if _pick(person, index, c.pk, n=6) < w
                ]
                answers[question.pk] = picked or [choices[-1].pk]
            elif question.kind == QuestionKind.SCALE:
                answers[question.pk] = min(5, 2 + _pick(person, index, n=3) + (person % 4 == 0))
            elif question.kind == QuestionKind.MATRIX_FIELD:
                answers[question.pk] = {
                    f.key: (
                        None,
                        max(1, min(5, IMPORTANCE.get(f.key, 3) + _pick(person, f.key, n=3) - 1)),
                    )
                    for f in fields
                    if _pick(person, f.key, "rate", n=4) > 0
                }
            elif _pick(person, index, "text", n=3) == 0:
                answers[question.pk] = TEXTS[_pick(person, index, n=len(TEXTS))]
        user = participants[person] if person < len(participants) else None
        services.submit_response(
            actor=user,
            survey=survey,
            answers=answers,
            sector=sectors[_pick(person, "sector", n=len(sectors))],
            session_key="" if user else f"demo-session-{person:03d}",
            created=start + datetime.timedelta(hours=7 * person),
            is_example=True,
        )


@transaction.atomic
def load(context: dict[str, Any]) -> None:
    agenda = context["agenda"]
    users = context["users"]
    coordinator = users[Role.COORDINATOR]
    editor = users.get(Role.EDITOR, coordinator)
    participant = users.get(Role.PARTICIPANT)
    _self_assessment(agenda, coordinator)
    _general(agenda, editor, [participant] if participant is not None else [])
