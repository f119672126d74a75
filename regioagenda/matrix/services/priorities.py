"""Confirming the agenda's priority fields: the coordinator's decision, with a reason per field.

The matrix suggests 3–5 fields (``scoring.suggest_priorities``); the coordinator may follow the
suggestion or not, but must say why for every field, because the priorities steer the strategy
and the concept that follow.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from regioagenda.accounts.models import User
from regioagenda.core import permissions
from regioagenda.matrix.models import (
    AssessmentRound,
    MatrixField,
    PriorityField,
    RoundKind,
    RoundStatus,
    max_length_of,
)
from regioagenda.matrix.scoring import PRIORITIES_MAX, PRIORITIES_MIN
from regioagenda.regions.audit import AuditAction, record_event

REASON_MAX_LENGTH = max_length_of(PriorityField, "reason")


@transaction.atomic
def confirm_priorities(
    *,
    actor: User,
    assessment_round: AssessmentRound,
    choices: Iterable[tuple[MatrixField | str, str]],
) -> list[PriorityField]:
    """Replace the round's priority fields by ``choices``: ``[(field, reason), …]`` in rank order.

    ``field`` may be a MatrixField or its key. All or nothing: any bad entry leaves the previous
    priorities untouched and raises a ValidationError that names the field; its error dict is
    keyed by the field's key (``__all__`` for a field outside the round's version).
    """
    permissions.require(permissions.can_manage_assessment, actor, assessment_round.agenda)
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.status != RoundStatus.CLOSED:
        raise ValidationError(
            _(
                "Prioritätsfelder werden nach Abschluss der Bewertungsrunde bestätigt; "
                "„%(title)s“ ist noch nicht abgeschlossen."
            )
            % {"title": assessment_round.title}
        )
    if assessment_round.kind == RoundKind.FOLLOW_UP:
        raise ValidationError(
            _(
                "Eine zweite Runde bewertet nur strittige Felder; bestätigen Sie die "
                "Prioritätsfelder in der Runde, der sie folgt."
            )
        )
    choices = list(choices)
    if not PRIORITIES_MIN <= len(choices) <= PRIORITIES_MAX:
        raise ValidationError(
            _(
                "Bitte wählen Sie %(min)d bis %(max)d Prioritätsfelder aus; "
                "ausgewählt sind %(count)d."
            )
            % {"min": PRIORITIES_MIN, "max": PRIORITIES_MAX, "count": len(choices)},
            code="priority_count",
        )
    fields = {f.key: f for f in MatrixField.objects.filter(version=assessment_round.version_id)}
    errors: dict[str, list[str]] = {}
    chosen: list[tuple[MatrixField, str]] = []
    seen: set[str] = set()
    for matrix_field, reason in choices:
        key = matrix_field.key if isinstance(matrix_field, MatrixField) else matrix_field
        own = fields.get(key)
        if own is None or (isinstance(matrix_field, MatrixField) and matrix_field.pk != own.pk):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                _("Das Handlungsfeld „%(field)s“ gehört nicht zur Matrix-Version dieser Runde.")
                % {"field": getattr(matrix_field, "name", key)}
            )
            continue
        if key in seen:
            errors.setdefault(key, []).append(
                _("Das Handlungsfeld „%(field)s“ ist doppelt ausgewählt.") % {"field": own.name}
            )
            continue
        seen.add(key)
        reason = (reason or "").strip()
        if not reason:
            errors.setdefault(key, []).append(
                _("Bitte begründen Sie, warum „%(field)s“ ein Prioritätsfeld ist.")
                % {"field": own.name}
            )
        elif len(reason) > REASON_MAX_LENGTH:
            errors.setdefault(key, []).append(
                _(
                    "Die Begründung für „%(field)s“ ist %(length)d Zeichen lang; erlaubt sind %(max)d."
                )
                % {"field": own.name, "length": len(reason), "max": REASON_MAX_LENGTH}
            )
        chosen.append((own, reason))
    if errors:
        raise ValidationError(errors)
    PriorityField.objects.filter(round=assessment_round).delete()
    created = PriorityField.objects.bulk_create(
        PriorityField(
            round=assessment_round,
            field=matrix_field,
            rank=rank,
            reason=reason,
            confirmed_by=actor,
        )
        for rank, (matrix_field, reason) in enumerate(chosen, start=1)
    )
    record_event(
        actor=actor,
        agenda=assessment_round.agenda,
        action=AuditAction.PRIORITIES_CONFIRMED,
        detail=f"{assessment_round.title}: {', '.join(f.key for f, _r in chosen)}",
    )
    return created
