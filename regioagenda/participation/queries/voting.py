"""Read paths of dot voting: the voting page and the results, each in a fixed number of queries.

Results by sector never show a sector with fewer than ``MIN_GROUP`` voters: its voters are shown
as "< 5" and its points are left out, so a small group's allocation cannot be read off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from regioagenda.actors.models import Sector
from regioagenda.core import permissions
from regioagenda.core.charts import Chart, bar_chart
from regioagenda.core.permissions import Person
from regioagenda.core.permissions.roles import signed_in
from regioagenda.participation.models import (
    Ballot,
    BallotPoint,
    Idea,
    IdeaStatus,
    Module,
    Participant,
    Phase,
    VoteRelease,
)
from regioagenda.regions.models import Agenda, AgendaStep, StepState

MIN_GROUP = 5
NO_SECTOR = ""
CHART_IDEAS = 15  # the chart shows the leading ideas; the table shows all
# Ideas one cannot give points to: merged ones (their points moved to the target) and rejected.
EXCLUDED_STATUSES = (IdeaStatus.MERGED, IdeaStatus.REJECTED)


@dataclass(frozen=True)
class VotingWindow:
    """Whether a step's vote runs (the module rule of ``queries/phases.py``); ``ended`` makes
    results public; ``reason`` says why closed."""

    phase: Phase | None
    is_open: bool
    ended: bool
    reason: str
    ends_on: datetime.date | None


def voting_window(agenda: Agenda, step: str, *, today: datetime.date | None = None) -> VotingWindow:
    from regioagenda.participation.queries.phases import decide

    today = today or timezone.localdate()
    phase = Phase.objects.filter(agenda=agenda, step=step).first()
    if phase is None or not phase.enables(Module.PRIORITISATION):
        return VotingWindow(
            phase, False, False, _("In diesem Schritt gibt es keine Priorisierung."), None
        )
    state = (
        AgendaStep.objects.filter(agenda=agenda, key=step).values_list("state", flat=True).first()
    ) or StepState.UPCOMING
    # The one module rule decides whether points can be given; "ended" tells the results
    # pages that the vote is over (the step is done or its planned end has passed).
    decision = decide(phase, state, Module.PRIORITISATION, today)
    if decision:
        return VotingWindow(phase, True, False, "", phase.ends_on)
    ended = state == StepState.DONE or (phase.ends_on is not None and today > phase.ends_on)
    if ended:
        return VotingWindow(
            phase,
            False,
            True,
            _("Die Priorisierung ist beendet; Punkte können nicht mehr geändert werden."),
            phase.ends_on,
        )
    return VotingWindow(phase, False, False, decision.reason, phase.ends_on)


def eligible_ideas(agenda: Agenda, step: str) -> QuerySet[Idea]:
    """The ideas one may give points to in ``step``: visible, not merged, not rejected."""
    return Idea.objects.filter(agenda=agenda, step=step, hidden__isnull=True).exclude(
        status__in=EXCLUDED_STATUSES
    )


@dataclass
class VotingPage:
    window: VotingWindow
    limit: int
    ideas: list[Idea]
    allocation: dict[int, int]
    points_used: int
    can_vote: bool
    vote_refusal: str

    @property
    def remaining(self) -> int:
        return max(self.limit - self.points_used, 0)


def voting_page(agenda: Agenda, step: str, user: Person) -> VotingPage:
    window = voting_window(agenda, step)
    limit = window.phase.vote_points if window.phase else 0
    ideas = list(eligible_ideas(agenda, step).order_by("title", "pk").only("pk", "title", "agenda"))
    allocation: dict[int, int] = {}
    answer = permissions.can_contribute(user, agenda)
    person = signed_in(user)
    if person is not None:
        allocation = dict(
            BallotPoint.objects.filter(
                ballot__agenda=agenda, ballot__step=step, ballot__user=person
            ).values_list("idea_id", "points")
        )
    return VotingPage(
        window=window,
        limit=limit,
        ideas=ideas,
        allocation=allocation,
        points_used=sum(allocation.values()),
        can_vote=bool(answer) and window.is_open,
        vote_refusal="" if answer else str(permissions.reason(permissions.can_contribute, answer)),
    )


def results_visible(agenda: Agenda, step: str, user: Person, window: VotingWindow) -> bool:
    """Public after the vote ended or after an early release; the team sees them live."""
    if window.phase is None:
        return False
    if window.ended or permissions.can_view_live_vote_results(user, agenda):
        return True
    return VoteRelease.objects.filter(agenda=agenda, step=step).exists()


@dataclass
class ResultRow:
    idea: Idea
    points: int = 0
    voters: int = 0
    share: float = 0.0  # of all points given, in percent
    by_sector: dict[str, int] = field(default_factory=dict)


@dataclass
class SectorColumn:
    key: str
    name: str
    voters: int
    shown: bool  # at least MIN_GROUP voters

    @property
    def voters_label(self) -> str:
        return str(self.voters) if self.shown else f"< {MIN_GROUP}"


@dataclass
class Results:
    rows: list[ResultRow]
    sectors: list[SectorColumn]
    voters: int
    points: int
    released_early: bool
    chart: Chart | None

    @property
    def shown_sectors(self) -> list[SectorColumn]:
        return [sector for sector in self.sectors if sector.shown]

    def sector_cells(self, row: ResultRow) -> list[int]:
        return [row.by_sector.get(sector.key, 0) for sector in self.shown_sectors]


def _sector_of_ballot() -> Subquery:
    return Subquery(
        Participant.objects.filter(agenda=OuterRef("agenda"), user=OuterRef("user")).values(
            "sector"
        )[:1]
    )


def results(agenda: Agenda, step: str) -> Results:
    """Points and voters per idea, overall and by sector (five queries, whatever the size)."""
    per_idea_sector = (
        BallotPoint.objects.filter(ballot__agenda=agenda, ballot__step=step)
        .annotate(
            sector=Subquery(
                Participant.objects.filter(
                    agenda=OuterRef("ballot__agenda"), user=OuterRef("ballot__user")
                ).values("sector")[:1]
            )
        )
        .values("idea_id", "sector")
        .annotate(points=Sum("points"), voters=Count("ballot_id"))
        .order_by()
    )
    totals: dict[int, ResultRow] = {}
    cells: list[dict[str, Any]] = [dict(cell) for cell in per_idea_sector]
    idea_ids = {cell["idea_id"] for cell in cells}
    ideas = (
        Idea.objects.filter(agenda=agenda, step=step)
        .filter(Q(pk__in=idea_ids) | Q(pk__in=eligible_ideas(agenda, step).values("pk")))
        .only("pk", "title", "agenda", "status")
    )
    for idea in ideas:
        totals[idea.pk] = ResultRow(idea=idea)
    for cell in cells:
        row = totals.get(cell["idea_id"])
        if row is None:
            continue
        sector = cell["sector"] or NO_SECTOR
        row.points += cell["points"]
        row.voters += cell["voters"]
        row.by_sector[sector] = row.by_sector.get(sector, 0) + cell["points"]
    voters_by_sector: dict[str, int] = {}
    for group in (
        Ballot.objects.filter(agenda=agenda, step=step, points_used__gt=0)
        .annotate(sector=_sector_of_ballot())
        .values("sector")
        .annotate(voters=Count("pk"))
        .order_by()
    ):
        key = group["sector"] or NO_SECTOR
        voters_by_sector[key] = voters_by_sector.get(key, 0) + group["voters"]
    names = dict(Sector.choices)
    sectors = [
        SectorColumn(
            key, str(names[key]), voters_by_sector[key], voters_by_sector[key] >= MIN_GROUP
        )
        for key in names
        if key in voters_by_sector
    ]
    if NO_SECTOR in voters_by_sector:
        count = voters_by_sector[NO_SECTOR]
        sectors.append(SectorColumn(NO_SECTOR, _("ohne Angabe"), count, count >= MIN_GROUP))
    rows = sorted(totals.values(), key=lambda r: (-r.points, -r.voters, r.idea.title, r.idea.pk))
    points = sum(row.points for row in rows)
    for row in rows:
        row.share = round(100 * row.points / points, 1) if points else 0.0
    leading = [row for row in rows if row.points][:CHART_IDEAS]
    chart = (
        bar_chart(
            title=_("Punkte je Idee"),
            description=_("Die %(count)s Ideen mit den meisten Punkten") % {"count": len(leading)},
            row_header=_("Idee"),
            categories=[row.idea.title for row in leading],
            series=[(_("Punkte"), [row.points for row in leading])],
        )
        if leading
        else None
    )
    return Results(
        rows=rows,
        sectors=sectors,
        voters=sum(voters_by_sector.values()),
        points=points,
        released_early=VoteRelease.objects.filter(agenda=agenda, step=step).exists(),
        chart=chart,
    )


def csv_rows(result: Results) -> tuple[list[str], list[list[object]]]:
    """The results as a table for ``core.csvexport``: one row per idea, sectors with at least
    five voters as columns."""
    header = [_("Idee"), _("Nr."), _("Punkte"), _("Anteil in %"), _("Personen")]
    header += [_("Punkte: %(sector)s") % {"sector": s.name} for s in result.shown_sectors]
    rows: list[list[object]] = []
    for row in result.rows:
        line: list[object] = [row.idea.title, row.idea.pk, row.points, row.share, row.voters]
        line += result.sector_cells(row)
        rows.append(line)
    return header, rows


def agenda_section(agenda: Agenda, user: Person, step: str) -> dict[str, object] | None:
    """The dot vote of ``step`` on the agenda home: a link to vote and, when visible, to the
    results; None when the step has no prioritisation. The steps with a dot vote are read once
    per agenda object, so the blocks of all steps cost one query when there is none."""
    steps: set[str] | None = getattr(agenda, "_voting_steps", None)
    if steps is None:
        steps = {
            phase_step
            for phase_step, modules in Phase.objects.filter(agenda=agenda).values_list(
                "step", "modules"
            )
            if Module.PRIORITISATION in (modules or [])
        }
        setattr(agenda, "_voting_steps", steps)  # noqa: B010 - a per-request cache
    if step not in steps:
        return None
    window = voting_window(agenda, step)
    if window.phase is None:
        return None
    return {
        "agenda": agenda,
        "step": step,
        "window": window,
        "results_visible": results_visible(agenda, step, user, window),
    }
