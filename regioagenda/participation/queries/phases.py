"""Which participation modules are open in which step: the one rule every topic asks.

**The rule** (``module_state``). A module (ideas, events, prioritisation, survey, consultation) is
open in a step of an agenda when

1. the step's phase enables the module, and
2. the step is not done (a coordinator who closes a step closes its modules), and
3. its planned end, if any, has not passed (the end date is the promise to the public: a dot
   vote is changeable until the day the step ends, inclusive), and
4. the step is current, **or** its planned start has come (so a survey can open on the planned
   date before the coordinator moves the agenda on).

Everything else is closed, with a sentence that says why. Dates are the agenda's local days
(``timezone.localdate``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from regioagenda.participation.models import Module, Phase
from regioagenda.regions import process
from regioagenda.regions.models import Agenda, AgendaStep, StepState


@dataclass(frozen=True)
class ModuleState:
    open: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.open


@dataclass
class PhaseView:
    """A step with its phase settings and state, for the process page and the rule."""

    key: str
    number: int
    definition: process.StepDefinition
    phase: Phase
    state: str = StepState.UPCOMING
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    note: str = ""
    open_modules: list[str] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.state == StepState.CURRENT


def phase_for(agenda: Agenda, step: str) -> Phase:
    """The phase of ``step`` in ``agenda``; an unsaved default one when none was planned yet."""
    if step not in process.STEPS:
        raise ValueError(f"Unknown process step {step!r}.")
    phase = Phase.objects.filter(agenda=agenda, step=step).first()
    return phase or Phase(agenda=agenda, step=step, modules=[])


def _state_of(agenda: Agenda, step: str) -> str:
    state = AgendaStep.objects.filter(agenda=agenda, key=step).values_list("state", flat=True)
    return next(iter(state), StepState.UPCOMING)


def decide(
    phase: Phase, state: str, module: str, today: datetime.date | None = None
) -> ModuleState:
    """The rule of this module's docstring for one phase in one state (no queries)."""
    today = today or timezone.localdate()
    if not phase.enables(module):
        return ModuleState(
            False, _("In diesem Prozessschritt ist diese Beteiligungsform nicht vorgesehen.")
        )
    if state == StepState.DONE:
        return ModuleState(False, _("Dieser Prozessschritt ist abgeschlossen."))
    if phase.ends_on and today > phase.ends_on:
        return ModuleState(
            False,
            _("Dieser Prozessschritt endete am %(date)s.")
            % {"date": formats.date_format(phase.ends_on, "SHORT_DATE_FORMAT")},
        )
    if state == StepState.CURRENT:
        return ModuleState(True)
    if phase.starts_on and phase.starts_on <= today:
        return ModuleState(True)
    if phase.starts_on:
        return ModuleState(
            False,
            _("Dieser Prozessschritt beginnt am %(date)s.")
            % {"date": formats.date_format(phase.starts_on, "SHORT_DATE_FORMAT")},
        )
    return ModuleState(False, _("Dieser Prozessschritt hat noch nicht begonnen."))


def module_state(agenda: Agenda, step: str, module: str) -> ModuleState:
    """Whether ``module`` is open in ``step`` of ``agenda`` now, and why not (two queries)."""
    if module not in Module.values:
        raise ValueError(f"Unknown participation module {module!r}.")
    return decide(phase_for(agenda, step), _state_of(agenda, step), module)


def is_module_open(agenda: Agenda, step: str, module: str) -> bool:
    return module_state(agenda, step, module).open


def phase_views(agenda: Agenda) -> list[PhaseView]:
    """All seven steps of ``agenda`` with phase and state, in process order (two queries)."""
    phases = {phase.step: phase for phase in Phase.objects.filter(agenda=agenda)}
    steps: dict[str, dict[str, Any]] = {
        row["key"]: dict(row)
        for row in AgendaStep.objects.filter(agenda=agenda).values(
            "key", "state", "started_on", "completed_on", "note"
        )
    }
    today = timezone.localdate()
    views = []
    for number, key in enumerate(process.STEP_KEYS, start=1):
        phase = phases.get(key) or Phase(agenda=agenda, step=key, modules=[])
        row: dict[str, Any] = steps.get(key, {})
        state = row.get("state", StepState.UPCOMING)
        views.append(
            PhaseView(
                key=key,
                number=number,
                definition=process.STEPS[key],
                phase=phase,
                state=state,
                started_on=row.get("started_on"),
                completed_on=row.get("completed_on"),
                note=row.get("note", ""),
                open_modules=[
                    module for module in Module.values if decide(phase, state, module, today).open
                ],
            )
        )
    return views


def running_phase(agenda: Agenda, module: str) -> Phase | None:
    """The phase in which ``module`` is open now — the current step's if it is one of them,
    else the earliest step in process order; None when the module is closed everywhere."""
    if module not in Module.values:
        raise ValueError(f"Unknown participation module {module!r}.")
    open_views = [view for view in phase_views(agenda) if module in view.open_modules]
    if not open_views:
        return None
    current = [view for view in open_views if view.is_current]
    return (current or open_views)[0].phase
