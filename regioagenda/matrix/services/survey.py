"""The public self-assessment: citizens' perceived maturity and importance per field.

Kept apart from the expert ratings on purpose: it answers "how do people experience it?", not
"where does the region stand?", and the matrix page shows both side by side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import permissions
from regioagenda.core.permissions import Person
from regioagenda.matrix.models import (
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    AssessmentRound,
    MatrixField,
    SurveyAnswer,
    SurveyResponse,
)


def set_survey_open(
    *, actor: User, assessment_round: AssessmentRound, is_open: bool
) -> AssessmentRound:
    permissions.require(permissions.can_manage_assessment, actor, assessment_round.agenda)
    if is_open and not assessment_round.agenda.is_public:
        raise ValidationError(
            _("Die öffentliche Selbsteinschätzung braucht eine öffentliche Agenda.")
        )
    assessment_round.survey_open = is_open
    assessment_round.save(update_fields=["survey_open"])
    return assessment_round


def respondent_key(
    *, assessment_round: AssessmentRound, user: Person = None, session_key: str = ""
) -> str:
    """A stable, non-reversible key per person (account) or browser (session) and round."""
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    elif session_key:
        raw = f"session:{session_key}"
    else:
        raise ValueError("A survey answer needs a user or a session.")
    return hashlib.sha256(f"{assessment_round.pk}:{raw}".encode()).hexdigest()


def has_answered(
    *, assessment_round: AssessmentRound, user: Person = None, session_key: str = ""
) -> bool:
    key = respondent_key(assessment_round=assessment_round, user=user, session_key=session_key)
    return SurveyResponse.objects.filter(round=assessment_round, respondent=key).exists()


@transaction.atomic
def submit_survey(
    *,
    actor: Person,
    assessment_round: AssessmentRound,
    answers: Mapping[MatrixField, tuple[int | None, int | None]],
    session_key: str = "",
) -> SurveyResponse:
    """Store one person's answers: ``answers`` maps a field to ``(perceived, importance)``.

    ``perceived`` is 0–4 or None ("weiß nicht"); ``importance`` is 1–5 or None.
    """
    permissions.require(permissions.can_take_survey, actor, assessment_round)
    field_ids = set(assessment_round.version.fields.values_list("pk", flat=True))
    rows: list[tuple[MatrixField, int | None, int | None]] = []
    for field, (perceived, importance) in answers.items():
        if field.pk not in field_ids:
            raise ValidationError(
                _("Das Feld „%(field)s“ gehört nicht zu dieser Umfrage.") % {"field": field.name}
            )
        if perceived is not None and not LEVEL_MIN <= perceived <= LEVEL_MAX:
            raise ValidationError(
                _("„%(field)s“: die Einschätzung muss zwischen 0 und 4 liegen.")
                % {"field": field.name}
            )
        if importance is not None and not IMPORTANCE_MIN <= importance <= IMPORTANCE_MAX:
            raise ValidationError(
                _("„%(field)s“: die Wichtigkeit muss zwischen 1 und 5 liegen.")
                % {"field": field.name}
            )
        if perceived is not None or importance is not None:
            rows.append((field, perceived, importance))
    if not rows:
        raise ValidationError(_("Bitte schätzen Sie mindestens ein Handlungsfeld ein."))
    key = respondent_key(assessment_round=assessment_round, user=actor, session_key=session_key)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                round=assessment_round,
                respondent=key,
                user=actor if isinstance(actor, User) and actor.is_authenticated else None,
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("Sie haben an dieser Selbsteinschätzung bereits teilgenommen. Vielen Dank!")
        ) from exc
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, field=field, perceived=perceived, importance=importance)
        for field, perceived, importance in rows
    )
    return response
