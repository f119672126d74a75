"""Participation statistics of one agenda: people, contributions per step and kind, by sector and
per week — counts only, every figure through ``participation.statistics.protect``.

Two queries per registered contribution source and two for the sectors, whatever the numbers;
the result is kept per data version (``core.pagecache.per_version``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from regioagenda.actors.models import Sector
from regioagenda.core import pagecache
from regioagenda.core.charts import Chart, bar_chart
from regioagenda.participation.models import Participant, Registration
from regioagenda.participation.statistics import (
    MIN_PEOPLE,
    ContributionSource,
    Figure,
    contribution_sources,
)
from regioagenda.regions import process
from regioagenda.regions.models import Agenda

NO_STEP = ""
NO_SECTOR = ""


@dataclass(frozen=True)
class StatRow:
    key: str
    label: str
    cells: list[Figure]
    total: Figure

    @property
    def people(self) -> Figure:
        """The different people behind the row (exact for steps and sectors)."""
        return Figure(self.total.people, self.total.people)


@dataclass
class Statistics:
    sources: list[tuple[str, str]]  # (key, label) — the columns
    people: Figure
    contributions: Figure
    by_step: list[StatRow] = field(default_factory=list)
    by_sector: list[StatRow] = field(default_factory=list)
    by_week: list[StatRow] = field(default_factory=list)
    totals: list[Figure] = field(default_factory=list)
    step_people: dict[str, Figure] = field(default_factory=dict)

    @property
    def min_people(self) -> int:
        return MIN_PEOPLE

    @property
    def source_totals(self) -> list[tuple[str, Figure]]:
        return [
            (label, figure) for (_key, label), figure in zip(self.sources, self.totals, strict=True)
        ]

    @property
    def is_empty(self) -> bool:
        return self.contributions.value == 0

    def for_step(self, step: str) -> StatRow | None:
        return next((row for row in self.by_step if row.key == step), None)


def _aggregate(source: ContributionSource, agenda: Agenda) -> tuple[list[Any], list[Any]]:
    """(per step and week: count and people), (per person and step: count) — two queries."""
    rows = source.rows(agenda)
    weekly = list(
        rows.order_by()
        .values(stat_step=F(source.step), stat_week=TruncWeek(source.created))
        .annotate(stat_n=Count("pk"), stat_people=Count(source.user, distinct=True))
    )
    personal = list(
        rows.order_by()
        .values(stat_user=F(source.user), stat_step=F(source.step))
        .annotate(stat_n=Count("pk"))
    )
    return weekly, personal


def _sectors(agenda: Agenda) -> dict[int, str]:
    """Each person's sector in ``agenda``: what they told the agenda, else their latest event
    registration's (two queries)."""
    sectors: dict[int, str] = {}
    for user_id, sector in (
        Registration.objects.filter(event__agenda=agenda)
        .exclude(sector="")
        .order_by("created", "pk")
        .values_list("user_id", "sector")
    ):
        sectors[user_id] = sector
    for user_id, sector in (
        Participant.objects.filter(agenda=agenda)
        .exclude(sector="")
        .values_list("user_id", "sector")
    ):
        sectors[user_id] = sector
    return sectors


def _figure(counts: dict[int, int]) -> Figure:
    """A figure from ``{user_id: count}``."""
    return Figure(value=sum(counts.values()), people=len(counts))


def compute(agenda: Agenda) -> Statistics:
    sources = contribution_sources.all()
    labels = [(source.key, str(source.label)) for source in sources]
    # counts[(source, step)][user] and counts by week with its people (distinct per source).
    per_person: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_week: dict[tuple[str, datetime.date], list[int]] = defaultdict(lambda: [0, 0])
    for source in sources:
        weekly, personal = _aggregate(source, agenda)
        for row in personal:
            if row["stat_user"] is None:
                continue
            per_person[(source.key, row["stat_step"] or NO_STEP)][row["stat_user"]] += row["stat_n"]
        for row in weekly:
            week = row["stat_week"]
            if week is None:
                continue
            day = week.date() if isinstance(week, datetime.datetime) else week
            cell = per_week[(source.key, day)]
            cell[0] += row["stat_n"]
            cell[1] = max(cell[1], row["stat_people"])
    sectors = _sectors(agenda)

    everyone: dict[int, int] = defaultdict(int)
    for counts in per_person.values():
        for user, n in counts.items():
            everyone[user] += n
    stats = Statistics(
        sources=labels,
        people=Figure(len(everyone), len(everyone)),
        contributions=_figure(everyone),
    )

    # Per step: each source's contributions with the people behind them, and the step's people.
    steps = [(key, str(process.STEPS[key].name)) for key in process.STEP_KEYS]
    if any(step == NO_STEP for _source, step in per_person):
        steps.append((NO_STEP, _("ohne Prozessschritt")))
    for key, label in steps:
        cells = [_figure(per_person.get((source.key, key), {})) for source in sources]
        people: dict[int, int] = defaultdict(int)
        for source in sources:
            for user, n in per_person.get((source.key, key), {}).items():
                people[user] += n
        stats.step_people[key] = Figure(len(people), len(people))
        stats.by_step.append(StatRow(key, label, cells, _figure(people)))
    totals = []
    for source in sources:
        merged: dict[int, int] = defaultdict(int)
        for (key, _step), counts in per_person.items():
            if key == source.key:
                for user, n in counts.items():
                    merged[user] += n
        totals.append(_figure(merged))
    stats.totals = totals

    # By sector: the people of each sector and their contributions per source.
    sector_labels = [(value, str(label)) for value, label in Sector.choices]
    sector_labels.append((NO_SECTOR, _("ohne Angabe")))
    for key, label in sector_labels:
        cells = []
        people = defaultdict(int)
        for source in sources:
            sector_counts: dict[int, int] = defaultdict(int)
            for (source_key, _step), by_user in per_person.items():
                if source_key != source.key:
                    continue
                for user, n in by_user.items():
                    if sectors.get(user, NO_SECTOR) == key:
                        sector_counts[user] += n
                        people[user] += n
            cells.append(_figure(sector_counts))
        if people or key == NO_SECTOR:
            stats.by_sector.append(StatRow(key, label, cells, _figure(people)))

    # Per week (Monday): people are counted per source, so a week's total stands on at least
    # as many people as its largest source (a lower bound; the threshold stays safe).
    weeks = sorted({day for _key, day in per_week})
    for day in weeks:
        cells = []
        for source in sources:
            value, people_count = per_week.get((source.key, day), [0, 0])
            cells.append(Figure(value, people_count))
        total = Figure(sum(c.value for c in cells), max((c.people for c in cells), default=0))
        stats.by_week.append(StatRow(day.isoformat(), day.strftime("%d.%m.%Y"), cells, total))
    return stats


def statistics(agenda: Agenda) -> Statistics:
    """The agenda's statistics, once per data version (the same for every viewer)."""
    return pagecache.per_version(
        "participation-statistics", agenda.pk, compute=lambda: compute(agenda)
    )


def weekly_chart(stats: Statistics) -> Chart | None:
    """Contributions per week as bars; a week with fewer than ``MIN_PEOPLE`` people is left out
    of the bars (its table cell reads "< 5")."""
    if not stats.by_week:
        return None
    return bar_chart(
        title=_("Beiträge pro Woche"),
        description=_(
            "Anzahl der Beiträge aller Art je Kalenderwoche; Wochen mit weniger als %(n)s "
            "beteiligten Personen werden nicht gezeigt."
        )
        % {"n": MIN_PEOPLE},
        categories=[row.label for row in stats.by_week],
        series=[(_("Beiträge"), [row.total.chart_value for row in stats.by_week])],
        row_header=_("Woche ab"),
    )
