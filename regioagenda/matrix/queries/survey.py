"""Read paths of the public self-assessment."""

from __future__ import annotations

from typing import TypedDict

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from regioagenda.matrix.models import AssessmentRound, SurveyAnswer, SurveyResponse
from regioagenda.regions.models import Agenda


class SurveyRow(TypedDict):
    """The public's answers on one field: counts and means (None without answers)."""

    field__key: str
    answers: int
    perceived_n: int
    perceived: float | None
    importance: float | None


def survey_round(agenda: Agenda, round_id: int) -> AssessmentRound:
    assessment_round = (
        AssessmentRound.objects.select_related("agenda", "version")
        .filter(agenda=agenda, pk=round_id)
        .first()
    )
    if assessment_round is None:
        raise Http404(_("Diese Bewertungsrunde gibt es in dieser Agenda nicht."))
    return assessment_round


def survey_summary(assessment_round: AssessmentRound) -> dict[str, SurveyRow]:
    """Per field key: number of answers, mean perceived level and mean importance (one query)."""
    rows = (
        SurveyAnswer.objects.filter(response__round=assessment_round)
        .values("field__key")
        .annotate(
            answers=Count("id"),
            perceived_n=Count("id", filter=Q(perceived__isnull=False)),
            perceived=Avg("perceived"),
            importance=Avg("importance"),
        )
    )
    return {row["field__key"]: row for row in rows}


class SurveyModeration(TypedDict):
    """For the moderators: answers stored, answers refused by the limit per client address,
    and how often one address hit it (each also a ``matrix.survey_burst`` audit event)."""

    responses: int
    refused: int
    bursts: int


def survey_moderation(assessment_round: AssessmentRound) -> SurveyModeration:
    """One query: the counters live on the round."""
    return {
        "responses": SurveyResponse.objects.filter(round=assessment_round).count(),
        "refused": assessment_round.survey_refused,
        "bursts": assessment_round.survey_bursts,
    }
