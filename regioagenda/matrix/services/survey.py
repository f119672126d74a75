"""The public self-assessment: citizens' perceived maturity and importance per field.

Kept apart from the expert ratings on purpose: it answers "how do people experience it?", not
"where does the region stand?", and the matrix page shows both side by side.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac
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
from regioagenda.regions.audit import record_event
from regioagenda.regions.models import AuditAction

WINDOW_SECONDS = 3600  # the limit per client address counts answers per hour


def _already_answered() -> str:
    return _("Sie haben an dieser Selbsteinschätzung bereits teilgenommen. Vielen Dank!")


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


class SurveyLimitReached(ValidationError):
    """Refused: too many anonymous answers from one client address within the hour."""


@dataclass(frozen=True)
class Admission:
    """What the limit per client address decided for one anonymous answer."""

    admitted: bool
    count: int  # answers from this address in this round and hour, this one included
    burst: bool = False  # the first refusal of this address in this hour (reported)


def _window(now: float) -> int:
    return int(now // WINDOW_SECONDS)


def _client_hash(assessment_round: AssessmentRound, client: str) -> str:
    """Non-reversible (keyed with the secret key): no address is kept in the cache."""
    return salted_hmac(
        "regioagenda.matrix.survey.client", f"{assessment_round.pk}:{client}"
    ).hexdigest()[:32]


def admit_answer(
    *, assessment_round: AssessmentRound, client: str, now: float | None = None
) -> Admission:
    """Count an anonymous answer from ``client`` (an address) against
    ``REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR`` in the shared cache (database or Redis, so
    all workers count together). A refused one is added to the round's ``survey_refused``; the
    first refusal of an address in an hour also to ``survey_bursts`` and, as
    ``matrix.survey_burst``, to the audit trail the moderators read."""
    limit = settings.REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR
    window = _window(time.time() if now is None else now)
    client_hash = _client_hash(assessment_round, client)
    key = f"matrix:survey:{assessment_round.pk}:{client_hash}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    if count <= limit:
        return Admission(admitted=True, count=count)
    burst = cache.add(f"{key}:reported", True, timeout=WINDOW_SECONDS + 60)
    with transaction.atomic():
        AssessmentRound.objects.filter(pk=assessment_round.pk).update(
            survey_refused=F("survey_refused") + 1,
            survey_bursts=F("survey_bursts") + (1 if burst else 0),
        )
        if burst:
            record_event(
                actor=None,
                agenda=assessment_round.agenda,
                action=AuditAction.SURVEY_BURST,
                detail=_(
                    "„%(round)s“: mehr als %(limit)d Antworten in einer Stunde von derselben "
                    "Adresse (Kennung %(client)s); weitere werden in dieser Stunde abgewiesen."
                )
                % {"round": assessment_round.title, "limit": limit, "client": client_hash[:8]},
            )
    return Admission(admitted=False, count=count, burst=burst)


def _checked_rows(
    assessment_round: AssessmentRound,
    answers: Mapping[MatrixField, tuple[int | None, int | None]],
) -> list[tuple[MatrixField, int | None, int | None]]:
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
    return rows


def submit_survey(
    *,
    actor: Person,
    assessment_round: AssessmentRound,
    answers: Mapping[MatrixField, tuple[int | None, int | None]],
    session_key: str = "",
    client: str = "",
) -> SurveyResponse:
    """Store one person's answers: ``answers`` maps a field to ``(perceived, importance)``.

    ``perceived`` is 0–4 or None ("weiß nicht"); ``importance`` is 1–5 or None.

    An anonymous answer from ``client`` (the address, ``core.http.client_address``) counts
    against the limit per address and hour (``admit_answer``); beyond it ``SurveyLimitReached``
    says so, and nothing of the answer is stored. Signed-in people answer once per account and
    are not limited by address (so a shared network can still take part by signing in).
    """
    permissions.require(permissions.can_take_survey, actor, assessment_round)
    rows = _checked_rows(assessment_round, answers)
    key = respondent_key(assessment_round=assessment_round, user=actor, session_key=session_key)
    account = actor if isinstance(actor, User) and actor.is_authenticated else None
    signed_in = account is not None
    if SurveyResponse.objects.filter(round=assessment_round, respondent=key).exists():
        raise ValidationError(_already_answered())
    # Counted outside the transaction that stores the answer: a refusal is recorded even though
    # nothing else is written.
    if not signed_in and client:
        admission = admit_answer(assessment_round=assessment_round, client=client)
        if not admission.admitted:
            raise SurveyLimitReached(
                _(
                    "Von Ihrer Internetverbindung sind in der letzten Stunde schon viele "
                    "Antworten eingegangen; weitere nehmen wir erst später wieder an. Bitte "
                    "versuchen Sie es in einer Stunde noch einmal, oder melden Sie sich an: "
                    "angemeldet können Sie jederzeit teilnehmen."
                ),
                code="rate_limited",
            )
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    round=assessment_round,
                    respondent=key,
                    user=account,
                )
        except IntegrityError as exc:
            raise ValidationError(_already_answered()) from exc
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, field=field, perceived=perceived, importance=importance)
            for field, perceived, importance in rows
        )
    return response
