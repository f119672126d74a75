"""Planning a process step's phase, and announcing a step's start to the agenda's followers."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regioagenda.accounts.models import User
from regioagenda.community import services as community
from regioagenda.community.models import NotificationKind
from regioagenda.core import permissions
from regioagenda.core.html import sanitize_html
from regioagenda.participation.models import Module, Phase
from regioagenda.participation.models.phases import PLAIN_SUMMARY_MAX_LENGTH
from regioagenda.regions import process
from regioagenda.regions.audit import record_event
from regioagenda.regions.models import Agenda, AgendaStep, AuditAction, StepState

MIN_VOTE_POINTS = 1
MAX_VOTE_POINTS = 100


def _points(value: Any) -> int:
    """The dot-voting points as a whole number in range; ``²``, ``10.5`` and ``-3`` refused."""
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit to Python but no number of points.
    if not text.isascii() or not text.isdecimal():
        raise ValidationError(
            {"vote_points": _("Bitte geben Sie die Punkte als ganze Zahl an, z. B. 10.")}
        )
    points = int(text)
    if not MIN_VOTE_POINTS <= points <= MAX_VOTE_POINTS:
        raise ValidationError(
            {
                "vote_points": _("Die Punkte pro Person liegen zwischen %(low)s und %(high)s.")
                % {"low": MIN_VOTE_POINTS, "high": MAX_VOTE_POINTS}
            }
        )
    return points


@transaction.atomic
def update_phase(
    *,
    actor: User,
    agenda: Agenda,
    step: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    description: str,
    plain_summary: str,
    modules: list[str],
    vote_points: Any,
) -> Phase:
    """Plan one step: dates, public texts, the modules it enables and the dot-voting points."""
    permissions.require(permissions.can_manage_phases, actor, agenda)
    if step not in process.STEPS:
        raise ValidationError(_("Unbekannter Prozessschritt „%(key)s“.") % {"key": step})
    errors: dict[str, Any] = {}
    unknown = sorted(set(modules) - set(Module.values))
    if unknown:
        errors["modules"] = _("Unbekannte Beteiligungsform: %(names)s.") % {
            "names": ", ".join(unknown)
        }
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Das geplante Ende liegt vor dem Beginn.")
    plain_summary = (plain_summary or "").strip()
    if len(plain_summary) > PLAIN_SUMMARY_MAX_LENGTH:
        errors["plain_summary"] = _(
            "Der Text in einfacher Sprache hat höchstens %(limit)s Zeichen."
        ) % {"limit": PLAIN_SUMMARY_MAX_LENGTH}
    try:
        points = _points(vote_points)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        points = 0
    try:
        clean_description = sanitize_html(description)
    except ValidationError as exc:
        errors["description"] = exc.messages
        clean_description = ""
    if errors:
        raise ValidationError(errors)
    phase, _created = Phase.objects.select_for_update().get_or_create(agenda=agenda, step=step)
    phase.starts_on = starts_on
    phase.ends_on = ends_on
    phase.description = clean_description
    phase.plain_summary = plain_summary
    # Stored in the process page's order, each once.
    phase.modules = [module for module in Module.values if module in set(modules)]
    phase.vote_points = points
    phase.full_clean()
    phase.save()
    record_event(
        actor=actor,
        agenda=agenda,
        action=AuditAction.PHASE_UPDATED,
        detail=f"{step}: {phase.starts_on or '–'}–{phase.ends_on or '–'}, {','.join(phase.modules)}",
    )
    return phase


def announce_step_start(*, agenda: Agenda, step: str) -> bool:
    """Tell the agenda's followers that ``step`` started — once per step and agenda, however
    often its state is saved as current afterwards. True when the announcement went out now."""
    with transaction.atomic():
        phase, _created = Phase.objects.select_for_update().get_or_create(agenda=agenda, step=step)
        if phase.start_announced_at is not None:
            return False
        phase.start_announced_at = timezone.now()
        phase.save(update_fields=["start_announced_at"])
        name = str(process.STEPS[step].name)
        summary = phase.plain_summary or str(process.STEPS[step].purpose)
        community.notify(
            actor=None,
            agenda=agenda,
            kind=NotificationKind.STEP_STARTED,
            subject=gettext("%(agenda)s: Der Schritt „%(step)s“ hat begonnen")
            % {"agenda": agenda.title, "step": name},
            text=gettext(
                "Im Beteiligungsprozess „%(agenda)s“ beginnt jetzt „%(step)s“.\n\n%(summary)s"
            )
            % {"agenda": agenda.title, "step": name, "summary": summary},
            url=reverse("participation:process", args=[agenda.slug]),
            target=agenda,
        )
    return True


def on_step_saved(
    sender: type[AgendaStep], instance: AgendaStep, raw: bool = False, **kwargs: Any
) -> None:
    """``post_save`` of ``regions.AgendaStep``: a step that is current now has started.

    Runs inside the saving transaction (``regions.services.update_step`` is atomic), so the
    announcement's mark commits or rolls back with the step."""
    if raw or instance.state != StepState.CURRENT:
        return
    announce_step_start(agenda=instance.agenda, step=instance.key)
