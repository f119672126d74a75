"""Surveys: creating and editing them, opening and closing, and answering them.

Every answer is checked here, not only by the form (a script or an old browser tab posts
anything): unknown questions or choices, numbers outside the scale, over-long text, missing
required answers are refused with a message per question, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.actors.models import Sector
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import html, once, permissions
from regioagenda.core.permissions import Person
from regioagenda.matrix.models import AssessmentRound, MatrixField
from regioagenda.matrix.queries.framework import active_versions
from regioagenda.participation.models.surveys import (
    CHOICE_MAX_LENGTH,
    HELP_MAX_LENGTH,
    IMPORTANCE_MAX,
    IMPORTANCE_MIN,
    MAX_CHOICES,
    MAX_QUESTIONS,
    PERCEIVED_MAX,
    PERCEIVED_MIN,
    QUESTION_MAX_LENGTH,
    SCALE_LIMIT,
    TEXT_ANSWER_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Answer,
    Choice,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyKind,
)
from regioagenda.regions import process
from regioagenda.regions.audit import record_event
from regioagenda.regions.models import Agenda, AuditAction

WINDOW_SECONDS = 3600  # the limit per client address counts anonymous responses per hour

# An answer as the form cleaned it: a choice id (single), choice ids (multiple), a number
# (scale), a text, or {field_key: (perceived, importance)} (matrix fields). None: not answered.
RawAnswer = int | str | Sequence[int] | Mapping[str, tuple[int | None, int | None]] | None


def _already_answered() -> str:
    return _("Sie haben an dieser Umfrage bereits teilgenommen. Vielen Dank!")


def _staff_check(actor: User, survey: Survey) -> None:
    permissions.require(permissions.can_manage_surveys, actor, survey.agenda)


def _touch(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(updated=timezone.now())


# Surveys ------------------------------------------------------------------------------------


def _checked_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("Das Ende muss nach dem Beginn liegen.")})


def _checked_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Bitte geben Sie einen Titel an.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Der Titel ist zu lang (höchstens %(n)d Zeichen).")
                % {"n": TITLE_MAX_LENGTH}
            }
        )
    return title


def _checked_step(step: str) -> str:
    if step not in process.STEPS:
        raise ValidationError({"step": _("Diesen Prozessschritt gibt es nicht.")})
    return step


def create_survey(
    *,
    actor: User,
    agenda: Agenda,
    title: str,
    step: str,
    intro: str = "",
    anonymous_allowed: bool = True,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    kind: str = SurveyKind.GENERAL,
    assessment_round: AssessmentRound | None = None,
    form_token: str = "",
) -> Survey:
    """A new survey (closed until opened). Sending the same form twice raises
    ``once.AlreadySubmitted`` naming the survey the first one created."""
    permissions.require(permissions.can_manage_surveys, actor, agenda)
    _checked_dates(opens_at, closes_at)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.survey")
        survey = Survey.objects.create(
            agenda=agenda,
            title=_checked_title(title),
            step=_checked_step(step),
            intro=html.sanitize_html(intro),
            anonymous_allowed=anonymous_allowed,
            opens_at=opens_at,
            closes_at=closes_at,
            kind=kind,
            assessment_round=assessment_round,
            created_by=actor,
        )
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.PARTICIPATION_SURVEY_CREATED,
            detail=survey.title,
        )
        claimed.done(survey)
    return survey


def update_survey(
    *,
    actor: User,
    survey: Survey,
    title: str,
    step: str,
    intro: str = "",
    anonymous_allowed: bool = True,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Survey:
    _staff_check(actor, survey)
    _checked_dates(opens_at, closes_at)
    survey.title = _checked_title(title)
    survey.step = _checked_step(step)
    survey.intro = html.sanitize_html(intro)
    survey.anonymous_allowed = anonymous_allowed
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    with transaction.atomic():
        survey.save()
        record_event(
            actor=actor,
            agenda=survey.agenda,
            action=AuditAction.PARTICIPATION_SURVEY_CHANGED,
            detail=survey.title,
        )
    return survey


def set_survey_open(*, actor: User, survey: Survey, is_open: bool) -> Survey:
    _staff_check(actor, survey)
    if is_open:
        if not survey.agenda.is_public and survey.anonymous_allowed:
            raise ValidationError(
                _(
                    "Eine Umfrage ohne Konto braucht eine öffentliche Agenda. Stellen Sie die "
                    "Umfrage auf „nur mit Konto“ um oder machen Sie die Agenda öffentlich."
                )
            )
        if not survey.questions.exists():
            raise ValidationError(_("Die Umfrage hat noch keine Fragen."))
    with transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(is_open=is_open, updated=timezone.now())
        survey.is_open = is_open
        record_event(
            actor=actor,
            agenda=survey.agenda,
            action=AuditAction.PARTICIPATION_SURVEY_OPENED
            if is_open
            else AuditAction.PARTICIPATION_SURVEY_CLOSED,
            detail=survey.title,
        )
        if is_open and survey.kind == SurveyKind.GENERAL:
            community.notify(
                actor=actor,
                agenda=survey.agenda,
                kind=NotificationKind.NEWS,
                subject=_("Neue Umfrage: %(title)s") % {"title": survey.title},
                text=_("Die Umfrage „%(title)s“ ist geöffnet. Machen Sie mit!")
                % {"title": survey.title},
                url=survey.get_absolute_url(),
            )
    return survey


def self_assessment_for_round(*, actor: User, assessment_round: AssessmentRound) -> Survey:
    """The public self-assessment of ``assessment_round``: created on first use, with one
    matrix-field question (perceived level and importance per field)."""
    agenda = assessment_round.agenda
    permissions.require(permissions.can_manage_surveys, actor, agenda)
    existing = Survey.objects.filter(assessment_round=assessment_round).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        try:
            with transaction.atomic():
                survey = Survey.objects.create(
                    agenda=agenda,
                    step="assessment",
                    kind=SurveyKind.SELF_ASSESSMENT,
                    title=_("Öffentliche Selbsteinschätzung: %(round)s")
                    % {"round": assessment_round.title},
                    intro=html.sanitize_html(self_assessment_intro()),
                    anonymous_allowed=True,
                    assessment_round=assessment_round,
                    created_by=actor,
                )
        except IntegrityError:  # created by a parallel request
            return Survey.objects.get(assessment_round=assessment_round)
        Question.objects.create(
            survey=survey,
            position=1,
            kind=QuestionKind.MATRIX_FIELD,
            text=_("Wie erleben Sie die Digitalisierung in unserer Region?"),
            help=_(
                "Schätzen Sie je Handlungsfeld ein, wie weit die Region heute ist (0 bis 4) und "
                "wie wichtig Ihnen das Feld ist (1 bis 5). „Weiß nicht“ ist eine gute Antwort."
            ),
            required=True,
        )
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.PARTICIPATION_SURVEY_CREATED,
            detail=survey.title,
        )
    return survey


def self_assessment_intro() -> str:
    text = _(
        "Wie erleben Sie die Digitalisierung in der Region? Ihre Einschätzung steht auf der "
        "Seite der Smart-Region-Matrix neben der Einschätzung der Fachleute. Die Teilnahme ist "
        "anonym und dauert etwa fünf Minuten."
    )
    return f"<p>{text}</p>"


# Questions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    help: str = ""
    required: bool = False
    choices: Sequence[str] = ()
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    ask_perceived: bool = True


def _checked_question(data: QuestionInput) -> QuestionInput:
    errors: dict[str, str] = {}
    if data.kind not in QuestionKind.values:
        errors["kind"] = _("Diesen Fragetyp gibt es nicht.")
    text = (data.text or "").strip()
    if not text:
        errors["text"] = _("Bitte geben Sie die Frage ein.")
    elif len(text) > QUESTION_MAX_LENGTH:
        errors["text"] = _("Die Frage ist zu lang (höchstens %(n)d Zeichen).") % {
            "n": QUESTION_MAX_LENGTH
        }
    if len(data.help or "") > HELP_MAX_LENGTH:
        errors["help"] = _("Der Hinweis ist zu lang (höchstens %(n)d Zeichen).") % {
            "n": HELP_MAX_LENGTH
        }
    choices = [c.strip() for c in data.choices if c and c.strip()]
    if data.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(choices) < 2:
            errors["choices"] = _("Bitte geben Sie mindestens zwei Antwortmöglichkeiten an.")
        elif len(choices) > MAX_CHOICES:
            errors["choices"] = _("Höchstens %(n)d Antwortmöglichkeiten.") % {"n": MAX_CHOICES}
        elif any(len(c) > CHOICE_MAX_LENGTH for c in choices):
            errors["choices"] = _(
                "Eine Antwortmöglichkeit ist zu lang (höchstens %(n)d Zeichen)."
            ) % {"n": CHOICE_MAX_LENGTH}
        elif len(set(choices)) != len(choices):
            errors["choices"] = _("Jede Antwortmöglichkeit nur einmal, bitte.")
    else:
        choices = []
    if data.kind == QuestionKind.SCALE and not (
        0 <= data.scale_min < data.scale_max <= SCALE_LIMIT
    ):
        errors["scale_max"] = _(
            "Die Skala läuft von einer kleineren zu einer größeren Zahl zwischen 0 und %(n)d."
        ) % {"n": SCALE_LIMIT}
    if errors:
        raise ValidationError(errors)
    return QuestionInput(
        kind=data.kind,
        text=text,
        help=(data.help or "").strip(),
        required=data.required,
        choices=choices,
        scale_min=data.scale_min,
        scale_max=data.scale_max,
        scale_min_label=(data.scale_min_label or "").strip()[:60],
        scale_max_label=(data.scale_max_label or "").strip()[:60],
        ask_perceived=data.ask_perceived,
    )


def _has_answers(survey: Survey) -> bool:
    return survey.response_count > 0 or Response.objects.filter(survey=survey).exists()


def add_question(
    *, actor: User, survey: Survey, data: QuestionInput, form_token: str = ""
) -> Question:
    _staff_check(actor, survey)
    checked = _checked_question(data)
    with transaction.atomic():
        claimed = once.claim(form_token, user=actor, kind="participation.question")
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        count = Question.objects.filter(survey=locked).count()
        if count >= MAX_QUESTIONS:
            raise ValidationError(_("Höchstens %(n)d Fragen je Umfrage.") % {"n": MAX_QUESTIONS})
        last = Question.objects.filter(survey=locked).aggregate(m=Max("position"))["m"] or 0
        question = Question.objects.create(
            survey=locked,
            position=last + 1,
            kind=checked.kind,
            text=checked.text,
            help=checked.help,
            required=checked.required,
            scale_min=checked.scale_min,
            scale_max=checked.scale_max,
            scale_min_label=checked.scale_min_label,
            scale_max_label=checked.scale_max_label,
            ask_perceived=checked.ask_perceived,
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=i, text=text)
            for i, text in enumerate(checked.choices, start=1)
        )
        _touch(survey)
        claimed.done(question)
    return question


def update_question(*, actor: User, question: Question, data: QuestionInput) -> Question:
    """Change a question. Once answers exist, its type, scale and the existing choices stay
    (answers would change meaning); the text, hints and new choices can still be changed."""
    survey = question.survey
    _staff_check(actor, survey)
    checked = _checked_question(data)
    with transaction.atomic():
        answered = Answer.objects.filter(question=question).exists()
        old = list(question.choices.order_by("position", "pk"))
        if answered:
            if checked.kind != question.kind or (checked.scale_min, checked.scale_max) != (
                question.scale_min,
                question.scale_max,
            ):
                raise ValidationError(
                    {
                        "kind": _(
                            "Zu dieser Frage gibt es schon Antworten: Fragetyp und Skala bleiben."
                        )
                    }
                )
            kept = [c.text for c in old]
            if checked.choices[: len(kept)] != kept and set(kept) - set(checked.choices):
                raise ValidationError(
                    {
                        "choices": _(
                            "Zu dieser Frage gibt es schon Antworten: vorhandene "
                            "Antwortmöglichkeiten bleiben; neue können Sie anhängen."
                        )
                    }
                )
        question.kind = checked.kind
        question.text = checked.text
        question.help = checked.help
        question.required = checked.required
        question.scale_min, question.scale_max = checked.scale_min, checked.scale_max
        question.scale_min_label = checked.scale_min_label
        question.scale_max_label = checked.scale_max_label
        question.ask_perceived = checked.ask_perceived
        question.save()
        by_text = {c.text: c for c in old}
        wanted = list(checked.choices)
        for position, text in enumerate(wanted, start=1):
            choice = by_text.pop(text, None)
            if choice is None:
                Choice.objects.create(question=question, position=position, text=text)
            elif choice.position != position:
                Choice.objects.filter(pk=choice.pk).update(position=position)
        Choice.objects.filter(pk__in=[c.pk for c in by_text.values()]).delete()
        _touch(survey)
    return question


def remove_question(*, actor: User, question: Question) -> None:
    survey = question.survey
    _staff_check(actor, survey)
    with transaction.atomic():
        if Answer.objects.filter(question=question).exists():
            raise ValidationError(
                _(
                    "Zu dieser Frage gibt es schon Antworten; sie bleibt, damit die Ergebnisse "
                    "vollständig sind."
                )
            )
        question.delete()
        _touch(survey)


def move_question(*, actor: User, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (``up``) or below; positions renumbered."""
    survey = question.survey
    _staff_check(actor, survey)
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)
        ids = list(
            Question.objects.filter(survey=survey)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        index = ids.index(question.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(ids):
            ids[index], ids[other] = ids[other], ids[index]
        for position, pk in enumerate(ids, start=1):
            Question.objects.filter(pk=pk).update(position=position)
        _touch(survey)


def hide_text_answer(*, actor: User, answer: Answer, hidden: bool) -> Answer:
    """Hide a free-text answer from the public results (insults, personal data)."""
    agenda = answer.question.survey.agenda
    permissions.require(permissions.can_moderate, actor, agenda)
    with transaction.atomic():
        answer.hidden = timezone.now() if hidden else None
        answer.hidden_by = actor if hidden else None
        answer.save(update_fields=["hidden", "hidden_by"])
        record_event(
            actor=actor,
            agenda=agenda,
            action=AuditAction.PARTICIPATION_SURVEY_ANSWER_HIDDEN,
            detail=answer.text[:200]
            if hidden
            else _("wieder sichtbar: %(t)s") % {"t": answer.text[:180]},
        )
    return answer


# Answering -----------------------------------------------------------------------------------


def _key_base(survey: Survey) -> str:
    # The self-assessment keeps the keys of the matrix's old survey (the round's id), so people
    # who answered before the move are still recognised.
    if survey.assessment_round_id is not None:
        return str(survey.assessment_round_id)
    return f"survey-{survey.pk}"


def respondent_key(*, survey: Survey, user: Person = None, session_key: str = "") -> str:
    """A stable, non-reversible key per person (account) or browser (session) and survey."""
    if user is not None and user.is_authenticated:
        raw = f"user:{user.pk}"
    elif session_key:
        raw = f"session:{session_key}"
    else:
        raise ValueError("A survey response needs a user or a session.")
    return hashlib.sha256(f"{_key_base(survey)}:{raw}".encode()).hexdigest()


def has_answered(*, survey: Survey, user: Person = None, session_key: str = "") -> bool:
    if (user is None or not user.is_authenticated) and not session_key:
        return False
    key = respondent_key(survey=survey, user=user, session_key=session_key)
    return Response.objects.filter(survey=survey, respondent=key).exists()


class SurveyLimitReached(ValidationError):
    """Refused: too many anonymous responses from one client address within the hour."""


@dataclass(frozen=True)
class Admission:
    admitted: bool
    count: int
    burst: bool = False


def admit_response(*, survey: Survey, client: str, now: float | None = None) -> Admission:
    """Count an anonymous response from ``client`` against
    ``REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR`` in the shared cache. A refusal is counted on
    the survey; the first of an address in an hour also in the audit trail."""
    limit = settings.REGIOAGENDA_SURVEY_ANSWERS_PER_ADDRESS_HOUR
    window = int((time.time() if now is None else now) // WINDOW_SECONDS)
    client_hash = salted_hmac(
        "regioagenda.participation.survey.client", f"{survey.pk}:{client}"
    ).hexdigest()[:32]
    key = f"participation:survey:{survey.pk}:{client_hash}:{window}"
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
        Survey.objects.filter(pk=survey.pk).update(
            refused=F("refused") + 1, bursts=F("bursts") + (1 if burst else 0)
        )
        if burst:
            record_event(
                actor=None,
                agenda=survey.agenda,
                action=AuditAction.SURVEY_BURST,
                detail=_(
                    "„%(survey)s“: mehr als %(limit)d Antworten in einer Stunde von derselben "
                    "Adresse (Kennung %(client)s); weitere werden in dieser Stunde abgewiesen."
                )
                % {"survey": survey.title, "limit": limit, "client": client_hash[:8]},
            )
    return Admission(admitted=False, count=count, burst=burst)


def matrix_fields(survey: Survey) -> list[MatrixField]:
    """The fields a matrix-field question asks about: the round's framework version for a
    self-assessment, else the active version."""
    if survey.assessment_round_id is not None:
        qs = MatrixField.objects.filter(version__rounds=survey.assessment_round_id)
    else:
        qs = MatrixField.objects.filter(version__in=active_versions())
    return list(qs.order_by("order", "pk"))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_one(
    question: Question, raw: RawAnswer, choice_ids: set[int], field_keys: set[str]
) -> tuple[list[dict[str, Any]], str | None]:
    """The answer rows for ``question`` (as Answer keyword arguments), or an error sentence."""
    kind = question.kind
    empty = raw is None or raw == "" or raw == [] or raw == ()
    if kind == QuestionKind.MATRIX_FIELD and isinstance(raw, Mapping):
        empty = all(p is None and i is None for p, i in raw.values())
    if empty:
        if question.required:
            return [], _("Bitte beantworten Sie diese Frage.")
        return [], None
    if kind == QuestionKind.SINGLE:
        if not _is_int(raw) or raw not in choice_ids:
            return [], _("Bitte wählen Sie eine der angebotenen Antworten.")
        return [{"choice_id": raw}], None
    if kind == QuestionKind.MULTIPLE:
        if isinstance(raw, str | Mapping) or not isinstance(raw, Sequence):
            return [], _("Bitte wählen Sie aus den angebotenen Antworten.")
        ids = list(raw)
        if not all(_is_int(i) and i in choice_ids for i in ids):
            return [], _("Bitte wählen Sie aus den angebotenen Antworten.")
        return [{"choice_id": i} for i in dict.fromkeys(ids)], None
    if kind == QuestionKind.SCALE:
        if not _is_int(raw) or not question.scale_min <= raw <= question.scale_max:  # type: ignore[operator]
            return [], _("Bitte wählen Sie einen Wert von %(min)d bis %(max)d.") % {
                "min": question.scale_min,
                "max": question.scale_max,
            }
        return [{"number": raw}], None
    if kind == QuestionKind.TEXT:
        if not isinstance(raw, str):
            return [], _("Bitte geben Sie einen Text ein.")
        text = raw.strip()
        if len(text) > TEXT_ANSWER_MAX_LENGTH:
            return [], _("Die Antwort ist zu lang (höchstens %(n)d Zeichen).") % {
                "n": TEXT_ANSWER_MAX_LENGTH
            }
        if not text:
            return (
                ([], _("Bitte beantworten Sie diese Frage.")) if question.required else ([], None)
            )
        return [{"text": text}], None
    if kind == QuestionKind.MATRIX_FIELD:
        if not isinstance(raw, Mapping):
            return [], _("Bitte schätzen Sie die Handlungsfelder ein.")
        rows = []
        for key, pair in raw.items():
            if key not in field_keys or not isinstance(pair, tuple) or len(pair) != 2:
                return [], _("Dieses Handlungsfeld gehört nicht zu dieser Umfrage.")
            perceived, importance = pair
            if not question.ask_perceived:
                perceived = None
            if perceived is not None and (
                not _is_int(perceived) or not PERCEIVED_MIN <= perceived <= PERCEIVED_MAX
            ):
                return [], _("Die Einschätzung muss zwischen %(min)d und %(max)d liegen.") % {
                    "min": PERCEIVED_MIN,
                    "max": PERCEIVED_MAX,
                }
            if importance is not None and (
                not _is_int(importance) or not IMPORTANCE_MIN <= importance <= IMPORTANCE_MAX
            ):
                return [], _("Die Wichtigkeit muss zwischen %(min)d und %(max)d liegen.") % {
                    "min": IMPORTANCE_MIN,
                    "max": IMPORTANCE_MAX,
                }
            if perceived is not None or importance is not None:
                rows.append({"field_key": key, "perceived": perceived, "importance": importance})
        if not rows and question.required:
            return [], _("Bitte schätzen Sie mindestens ein Handlungsfeld ein.")
        return rows, None
    return [], _("Diesen Fragetyp gibt es nicht.")


def check_answers(
    survey: Survey, answers: Mapping[int, RawAnswer]
) -> list[tuple[Question, dict[str, Any]]]:
    """Every answer checked against the survey's questions; a ``ValidationError`` keyed
    ``q<id>`` per question otherwise (the form shows each at its question)."""
    questions = list(survey.questions.prefetch_related("choices").order_by("position", "pk"))
    by_id = {q.pk: q for q in questions}
    unknown = [k for k in answers if k not in by_id]
    if unknown:
        raise ValidationError(
            _("Die Antworten passen nicht zu dieser Umfrage. Bitte laden Sie die Seite neu.")
        )
    needs_fields = any(q.kind == QuestionKind.MATRIX_FIELD for q in questions)
    field_keys = {f.key for f in matrix_fields(survey)} if needs_fields else set()
    rows: list[tuple[Question, dict[str, Any]]] = []
    errors: dict[str, str] = {}
    for question in questions:
        choice_ids = {c.pk for c in question.choices.all()}
        found, error = _check_one(question, answers.get(question.pk), choice_ids, field_keys)
        if error:
            errors[f"q{question.pk}"] = error
        rows.extend((question, row) for row in found)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Bitte beantworten Sie mindestens eine Frage."))
    return rows


def submit_response(
    *,
    actor: Person,
    survey: Survey,
    answers: Mapping[int, RawAnswer],
    sector: str = "",
    session_key: str = "",
    client: str = "",
    created: datetime | None = None,
    is_example: bool = False,
) -> Response:
    """Store one person's answers: ``answers`` maps a question id to its cleaned answer
    (``RawAnswer``).

    Signed-in people answer once per account; without an account once per browser session,
    limited per client address and hour (``admit_response``). A second response says
    "bereits teilgenommen" — also when two requests race (the unique constraint decides).
    """
    permissions.require(permissions.can_answer_survey, actor, survey)
    account = actor if isinstance(actor, User) and actor.is_authenticated else None
    if sector and sector not in Sector.values:
        raise ValidationError({"sector": _("Diesen Bereich gibt es nicht.")})
    rows = check_answers(survey, answers)
    key = respondent_key(survey=survey, user=account, session_key=session_key)
    if Response.objects.filter(survey=survey, respondent=key).exists():
        raise ValidationError(_already_answered(), code="already_answered")
    if account is None and client:
        # Counted outside the transaction that stores the response: a refusal is recorded
        # although nothing else is written.
        admission = admit_response(survey=survey, client=client)
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
                response = Response.objects.create(
                    survey=survey,
                    respondent=key,
                    user=account,
                    sector=sector,
                    created=created or timezone.now(),
                    is_example=is_example,  # the demo's; a real visitor's never is
                )
        except IntegrityError as exc:
            raise ValidationError(_already_answered(), code="already_answered") from exc
        Answer.objects.bulk_create(
            Answer(response=response, question=question, **row) for question, row in rows
        )
        Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    return response
