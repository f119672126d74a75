"""Participation's blocks on the agenda home: the process (under "Auftakt") and each step's phase.

The agenda home asks every section separately with the same agenda object; the phases and the
statistics are read once and kept on that object for the other sections of the same page.
"""

from __future__ import annotations

from typing import Any

from regioagenda.core.permissions import Person
from regioagenda.participation.queries import news as news_queries
from regioagenda.participation.queries.phases import PhaseView, phase_views
from regioagenda.participation.queries.statistics import Statistics, statistics
from regioagenda.regions.models import Agenda

_PHASES = "_participation_phase_views"
_STATS = "_participation_statistics"


def _phases(agenda: Agenda) -> dict[str, PhaseView]:
    found: dict[str, PhaseView] | None = getattr(agenda, _PHASES, None)
    if found is None:
        found = {view.key: view for view in phase_views(agenda)}
        setattr(agenda, _PHASES, found)
    return found


def _stats(agenda: Agenda) -> Statistics:
    found: Statistics | None = getattr(agenda, _STATS, None)
    if found is None:
        found = statistics(agenda)
        setattr(agenda, _STATS, found)
    return found


def process_section(agenda: Agenda, user: Person) -> dict[str, Any]:
    """Under the first step: the way into the process, the latest news, the overall numbers."""
    return {
        "agenda": agenda,
        "stats": _stats(agenda),
        "latest": news_queries.published_news(agenda).first(),
    }


def step_section(agenda: Agenda, user: Person, step: str) -> dict[str, Any] | None:
    """Under each step: its plan, open modules and that step's numbers; None when empty."""
    view = _phases(agenda)[step]
    stats = _stats(agenda)
    row = stats.for_step(step)
    phase = view.phase
    has_plan = bool(phase.starts_on or phase.ends_on or phase.plain_summary or phase.modules)
    has_numbers = row is not None and row.total.value > 0
    if not has_plan and not has_numbers:
        return None
    return {
        "agenda": agenda,
        "step": view,
        "row": row if has_numbers else None,
        "labels": [label for _key, label in stats.sources],
    }
