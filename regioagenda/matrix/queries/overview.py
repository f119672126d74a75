"""Read paths of the matrix page, the priority page, the exports and the agenda-home block.

``matrix_overview`` gathers one closed assessment with everything the outputs show, in a fixed
number of queries however many raters, ratings, indicator values or survey answers there are:
rounds, consensus, rating aggregates (plus one query for medians when a field lacks a
consensus), fields, indicators, the region's values, priorities, survey averages, the peer
benchmark and the peer median. The numbers themselves come from ``matrix.scoring``.

A follow-up round ("zweite Runde") re-rates only the disputed fields of the round it follows;
its consensus overrides that round's for those fields, so the page shows one complete matrix.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from regioagenda.core import pagecache, permissions
from regioagenda.core.charts import Chart, HeatColumn, bar_chart, heatmap, radar
from regioagenda.core.numbers import decimals_of
from regioagenda.core.permissions import Person
from regioagenda.core.registry import field_perceptions
from regioagenda.matrix import scoring
from regioagenda.matrix.models import (
    AssessmentRound,
    Consensus,
    FrameworkVersion,
    Indicator,
    IndicatorValue,
    MatrixField,
    PriorityField,
    Rating,
    RoundKind,
    RoundStatus,
)
from regioagenda.regions.models import Agenda, Region

TOP = 3  # strengths, weaknesses, challenges


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: IndicatorValue | None
    score: float | None
    peer: scoring.PeerStat | None = None


@dataclass
class Levels:
    """IST/SOLL of one field in one assessment, and where they come from."""

    ist: float | None = None
    soll: float | None = None
    source: str | None = None  # "consensus", "median" or None
    rationale: str = ""
    raters: int = 0
    importance: float | None = None  # mean of the raters' importance, None without any
    round_id: int | None = None


@dataclass
class FieldRow:
    field: MatrixField
    levels: Levels
    scoring: scoring.FieldScore
    importance: float
    priority_score: float | None
    indicators: list[IndicatorRow]
    priority: PriorityField | None = None
    suggested: bool = False
    # The public self-assessment of this field (core.registry.field_perceptions): answers,
    # perceived_n, perceived, importance; None without answers.
    survey: dict[str, Any] | None = None
    peer_median: float | None = None
    peer_agendas: int = 0

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def ist(self) -> float | None:
        return self.scoring.ist

    @property
    def soll(self) -> float | None:
        return self.scoring.soll

    @property
    def gap(self) -> float | None:
        return self.scoring.gap


@dataclass
class Comparison:
    then: AssessmentRound
    rows: list[tuple[FieldRow, float | None, float | None, float | None]]  # row, then, now, change


@dataclass
class Overview:
    agenda: Agenda
    round: AssessmentRound
    rounds: list[AssessmentRound]  # closed main rounds, oldest first
    fields: list[FieldRow]
    suggestion: list[FieldRow]  # suggested as priorities, best first
    priorities: list[FieldRow]  # confirmed, by rank
    comparison: Comparison | None = None
    peer_class: str = ""
    peer_kind: str = ""
    # IndicatorRows with peer stats
    peer_indicators: list[IndicatorRow] = dataclasses.field(default_factory=list)
    survey_responses: int = 0
    details: bool = True

    def row(self, key: str) -> FieldRow | None:
        return next((row for row in self.fields if row.key == key), None)

    @property
    def rated(self) -> list[FieldRow]:
        return [row for row in self.fields if row.ist is not None]

    @property
    def strengths(self) -> list[FieldRow]:
        return sorted(self.rated, key=lambda r: -(r.ist or 0))[:TOP]

    @property
    def weaknesses(self) -> list[FieldRow]:
        return sorted(self.rated, key=lambda r: r.ist or 0)[:TOP]

    @property
    def challenges(self) -> list[FieldRow]:
        gaps = [row for row in self.fields if row.gap is not None and row.gap > 0]
        return sorted(gaps, key=lambda r: -(r.gap or 0))[:TOP]

    @property
    def has_survey(self) -> bool:
        return any(row.survey for row in self.fields)

    # Cached: the template reads these once per indicator row (the decimals were 40 % of the
    # matrix page's time when computed on every read).
    @cached_property
    def peer_rows(self) -> list[IndicatorRow]:
        """Indicators with a value of the region or of a peer; the rest would be a wall of dashes."""
        return [r for r in self.peer_indicators if r.value is not None or r.peer is not None]

    @cached_property
    def peer_decimals(self) -> dict[str, int]:
        """Decimals per numeric column of the peer table, so a column's values line up."""
        rows = self.peer_rows
        return {
            "value": decimals_of(r.value.value for r in rows if r.value is not None),
            "target": decimals_of(r.indicator.target for r in rows),
            "mean": decimals_of(r.peer.peer_mean for r in rows if r.peer is not None),
        }

    @property
    def peer_missing(self) -> int:
        return len(self.peer_indicators) - len(self.peer_rows)

    @property
    def has_peer_median(self) -> bool:
        return any(row.peer_median is not None for row in self.fields)


# Rounds ----------------------------------------------------------------------------------------


def closed_rounds(agenda: Agenda) -> list[AssessmentRound]:
    """The agenda's closed assessments (baseline, re-assessments), oldest first; one query."""
    return list(
        AssessmentRound.objects.filter(agenda=agenda, status=RoundStatus.CLOSED)
        .exclude(kind=RoundKind.FOLLOW_UP)
        .select_related("version")
        .order_by("closed", "created", "pk")
    )


def _levels(main_rounds: list[AssessmentRound]) -> dict[int, dict[str, Levels]]:
    """``{main round id: {field key: Levels}}`` for the given closed main rounds.

    Two queries (three when a field has no consensus and falls back to the raters' median): the
    consensus of the rounds and their closed follow-ups, and the ratings aggregated per round and
    field in the database.
    """
    main_ids = [r.pk for r in main_rounds]
    if not main_ids:
        return {}
    in_scope = Q(round_id__in=main_ids) | Q(
        round__follows_id__in=main_ids,
        round__kind=RoundKind.FOLLOW_UP,
        round__status=RoundStatus.CLOSED,
    )
    result: dict[int, dict[str, Levels]] = {pk: {} for pk in main_ids}
    # Later rounds win: the follow-up's consensus overrides its round's for the disputed fields.
    consensus = (
        Consensus.objects.filter(in_scope)
        .order_by("round__closed", "round_id")
        .values_list(
            "round_id", "round__follows_id", "field__key", "ist", "soll", "rationale", "field_id"
        )
    )
    for round_id, follows_id, key, ist, soll, rationale, _field_id in consensus:
        main = round_id if round_id in result or follows_id is None else follows_id
        result[main][key] = Levels(
            ist=ist, soll=soll, source="consensus", rationale=rationale, round_id=round_id
        )
    rating_scope = Q(invitation__round_id__in=main_ids) | Q(
        invitation__round__follows_id__in=main_ids,
        invitation__round__kind=RoundKind.FOLLOW_UP,
        invitation__round__status=RoundStatus.CLOSED,
    )
    aggregates = (
        Rating.objects.filter(rating_scope)
        .values("invitation__round_id", "invitation__round__follows_id", "field__key")
        .annotate(raters=Count("id", filter=Q(ist__isnull=False)), importance=Avg("importance"))
        .order_by("invitation__round__closed", "invitation__round_id")
    )
    # (round id, key) -> (raters with a level, mean importance)
    per_round: dict[tuple[int | None, str], tuple[int, float | None]] = {}
    # (main id, key) -> the latest round in which someone gave a level
    latest_rated: dict[tuple[int, str], int] = {}
    for row in aggregates:
        round_id, key = row["invitation__round_id"], row["field__key"]
        follows_id = row["invitation__round__follows_id"]
        main = round_id if round_id in result or follows_id is None else follows_id
        per_round[(round_id, key)] = (row["raters"], row["importance"])
        if row["raters"]:
            latest_rated[(main, key)] = round_id
    missing: list[tuple[int, str]] = []
    for (main, key), round_id in latest_rated.items():
        if key not in result[main]:
            result[main][key] = Levels(round_id=round_id)
            missing.append((round_id, key))
    for main_levels in result.values():
        for key, levels in main_levels.items():
            raters, importance = per_round.get((levels.round_id, key), (0, None))
            levels.raters = raters
            levels.importance = None if importance is None else float(importance)
    if missing:
        medians: dict[tuple[int | None, str], tuple[list[int | None], list[int | None]]] = {}
        for rated_round_id, key, rated_ist, rated_soll in Rating.objects.filter(
            invitation__round_id__in={r for r, _k in missing},
            field__key__in={k for _r, k in missing},
            ist__isnull=False,
        ).values_list("invitation__round_id", "field__key", "ist", "soll"):
            entry = medians.setdefault((rated_round_id, key), ([], []))
            entry[0].append(rated_ist)
            entry[1].append(rated_soll)
        for main_levels in result.values():
            for key, levels in main_levels.items():
                if levels.source is None and (levels.round_id, key) in medians:
                    ists, solls = medians[(levels.round_id, key)]
                    levels.ist = scoring.median_level(ists)
                    levels.soll = scoring.median_level(solls)
                    levels.source = "median"
    return result


# The matrix ------------------------------------------------------------------------------------


def _latest_values(region: Region, version: FrameworkVersion) -> dict[int, IndicatorValue]:
    """The region's latest value per indicator of ``version`` (one query)."""
    latest: dict[int, IndicatorValue] = {}
    for value in IndicatorValue.objects.filter(
        region=region, indicator__field__version=version
    ).order_by("indicator_id", "-date", "-pk"):
        latest.setdefault(value.indicator_id, value)
    return latest


def matrix_overview(
    agenda: Agenda, round: AssessmentRound | int | None = None, *, details: bool = True
) -> Overview | None:
    """One closed assessment of ``agenda`` with scores, priorities and comparisons.

    ``round`` picks one of the agenda's closed assessments (default: the latest). Returns None
    when the agenda has no closed assessment yet. ``details=False`` leaves out what only the
    matrix page needs (survey, peer benchmark, comparison with the baseline).
    """
    rounds = closed_rounds(agenda)
    if round is None:
        if not rounds:
            return None
        current = rounds[-1]
    else:
        chosen = next((r for r in rounds if r.pk == getattr(round, "pk", round)), None)
        if chosen is None:
            raise Http404(_("Diese abgeschlossene Bewertungsrunde gibt es in dieser Agenda nicht."))
        current = chosen
    baseline = rounds[0] if details and rounds[0].pk != current.pk else None
    levels = _levels([current] + ([baseline] if baseline else []))
    version = current.version

    fields = list(MatrixField.objects.filter(version=version).order_by("order"))
    indicators = list(Indicator.objects.filter(field__version=version).order_by("order", "pk"))
    latest = _latest_values(agenda.region, version)
    fields_by_id = {f.pk: f for f in fields}
    by_field: dict[int, list[IndicatorRow]] = {}
    for indicator in indicators:
        indicator.field = fields_by_id[indicator.field_id]  # known already: no query per row
        value = latest.get(indicator.pk)
        score = scoring.indicator_score(
            value.value if value else None, indicator.target, indicator.worst, indicator.direction
        )
        by_field.setdefault(indicator.field_id, []).append(IndicatorRow(indicator, value, score))

    rows = []
    for matrix_field in fields:
        field_levels = levels[current.pk].get(matrix_field.key, Levels())
        indicator_rows = by_field.get(matrix_field.pk, [])
        result = scoring.field_score(
            ist=field_levels.ist,
            soll=field_levels.soll,
            indicator_scores=[row.score for row in indicator_rows],
        )
        importance = (
            field_levels.importance
            if field_levels.importance is not None
            else float(scoring.DEFAULT_IMPORTANCE)
        )
        rows.append(
            FieldRow(
                field=matrix_field,
                levels=field_levels,
                scoring=result,
                importance=importance,
                priority_score=scoring.priority_score(result.gap, importance),
                indicators=indicator_rows,
            )
        )

    suggested = scoring.suggest_priorities(
        scoring.PriorityCandidate(
            key=row.key, gap=row.gap, importance=row.importance, score=row.priority_score
        )
        for row in rows
    )
    by_key = {row.key: row for row in rows}
    suggestion = [by_key[c.key] for c in suggested]
    for row in suggestion:
        row.suggested = True
    priorities = []
    for priority in PriorityField.objects.filter(round=current).order_by("rank"):
        chosen_row = next((r for r in rows if r.field.pk == priority.field_id), None)
        if chosen_row is not None:
            chosen_row.priority = priority
            priorities.append(chosen_row)

    overview = Overview(
        agenda=agenda,
        round=current,
        rounds=rounds,
        fields=rows,
        suggestion=suggestion,
        priorities=priorities,
        details=details,
    )
    if not details:
        return overview

    # The public self-assessment comes from the survey engine (participation) through the
    # registry: beside the expert values, never mixed into IST, SOLL or the score.
    perception = field_perceptions.perceptions(agenda, current)
    if perception is not None:
        perceived = perception.get("fields", {})
        for row in rows:
            row.survey = perceived.get(row.key)
        overview.survey_responses = perception.get("responses", 0)

    if baseline is not None:
        then = levels[baseline.pk]
        compared = []
        for row in rows:
            before = then.get(row.key, Levels()).ist
            change = None if before is None or row.ist is None else row.ist - before
            compared.append((row, before, row.ist, change))
        overview.comparison = Comparison(then=baseline, rows=compared)

    region = agenda.region
    found = scoring.size_class(region.population)
    if found is not None:
        overview.peer_class = str(found[1])
        overview.peer_kind = scoring.peer_kind_label(region)
        stats = scoring.peer_benchmark(region, indicators, include_examples=agenda.is_example)
        for indicator_rows in by_field.values():
            for indicator_row in indicator_rows:
                indicator_row.peer = stats.get(indicator_row.indicator.pk)
                overview.peer_indicators.append(indicator_row)
        overview.peer_indicators.sort(key=lambda r: (r.indicator.field.order, r.indicator.order))
        medians = scoring.peer_median_ist(agenda)
        for row in rows:
            if row.key in medians:
                row.peer_median, row.peer_agendas = medians[row.key]
    return overview


# Charts ----------------------------------------------------------------------------------------


def matrix_heatmap(overview: Overview) -> Chart:
    return heatmap(
        title=_("Reifegrad je Handlungsfeld: IST, SOLL und Lücke"),
        description=_(
            "Stufen 0 (nicht begonnen) bis 4 (gesteuert & übertragen); die Lücke ist SOLL minus "
            "IST. Jede Zelle nennt ihren Wert."
        ),
        row_header=_("Handlungsfeld"),
        columns=[
            HeatColumn(_("IST")),
            HeatColumn(_("SOLL")),
            HeatColumn(_("Lücke"), scale="gap", signed=True),
        ],
        rows=[(row.name, (row.ist, row.soll, row.gap)) for row in overview.fields],
    )


def matrix_radar(overview: Overview) -> Chart:
    series = [
        (_("IST"), [row.ist for row in overview.fields]),
        (_("SOLL"), [row.soll for row in overview.fields]),
    ]
    if overview.has_peer_median:
        series.append(
            (_("Median Vergleichsgruppe (IST)"), [r.peer_median for r in overview.fields])
        )
    return radar(
        title=_("Profil der Handlungsfelder"),
        description=_("Netzdiagramm der Stufen 0 bis 4 je Handlungsfeld."),
        row_header=_("Handlungsfeld"),
        axes=[row.name for row in overview.fields],
        series=series,
    )


def comparison_chart(overview: Overview) -> Chart | None:
    comparison = overview.comparison
    if comparison is None:
        return None
    return bar_chart(
        title=_("IST je Handlungsfeld: %(then)s und %(now)s")
        % {"then": comparison.then.title, "now": overview.round.title},
        description=_("Balken je Handlungsfeld, Stufen 0 bis 4."),
        row_header=_("Handlungsfeld"),
        categories=[row.name for row, *_rest in comparison.rows],
        series=[
            (comparison.then.title, [before for _row, before, _now, _c in comparison.rows]),
            (overview.round.title, [now for _row, _before, now, _c in comparison.rows]),
        ],
        max_value=4,
    )


def overview_charts(overview: Overview) -> dict[str, Chart | None]:
    return {
        "heatmap": matrix_heatmap(overview),
        "radar": matrix_radar(overview),
        "comparison": comparison_chart(overview),
    }


def overview_page(
    agenda: Agenda, round: AssessmentRound | int | None = None
) -> tuple[Overview | None, dict[str, Chart | None] | None]:
    """The matrix page's assessment and charts, computed once per data version for everyone who
    may see the page (they depend on no viewer; ``core.pagecache.per_version``)."""
    round_id = getattr(round, "pk", round)

    def compute() -> tuple[Overview | None, dict[str, Chart | None] | None]:
        data = matrix_overview(agenda, round=round_id)
        return data, overview_charts(data) if data is not None else None

    return pagecache.per_version("matrix-overview", agenda.pk, round_id, compute=compute)


def brief_overview(agenda: Agenda) -> Overview | None:
    """The latest assessment without the matrix page's details (``details=False``), once per
    data version: for pages that only read it (agenda home, priorities). Not inside a write."""
    return pagecache.per_version(
        "matrix-overview-brief", agenda.pk, compute=lambda: matrix_overview(agenda, details=False)
    )


# Links to the matrix's pages -------------------------------------------------------------------


@dataclass
class MatrixLinks:
    """The matrix's pages a viewer may open, for the matrix page and the agenda-home block.

    A URL is None when the viewer may not follow it (no link that answers 403) or there is
    nothing behind it yet (no round for the consensus, no open survey).
    """

    rounds_url: str | None = None
    consensus_url: str | None = None
    consensus_round: AssessmentRound | None = None
    indicators_url: str | None = None
    import_url: str | None = None
    survey_url: str | None = None

    @property
    def internal(self) -> bool:
        """Any link beyond the public ones (indicators, survey): the viewer works on the matrix."""
        return bool(self.rounds_url or self.consensus_url or self.import_url)


def matrix_links(agenda: Agenda, user: Person) -> MatrixLinks:
    """Where the viewer can go from the matrix: rounds, consensus, indicators, import, survey.

    Two queries at most (the latest rated round, none once per data version; the open
    self-assessment through ``core.registry.field_perceptions``);
    permissions come from ``core.permissions`` with the roles cached on the user.
    """
    slug = agenda.slug
    links = MatrixLinks(indicators_url=reverse("matrix:indicators", args=[slug]))
    if permissions.can_view_rounds(user, agenda):
        links.rounds_url = reverse("matrix:round_list", args=[slug])
    # The rounds are the agenda's data, the same for every viewer (who sees a link is decided
    # here per request): each kept per data version, asked for only when a link needs it.
    if permissions.can_set_consensus(user, agenda):
        rated = pagecache.per_version(
            "matrix-links-rated",
            agenda.pk,
            compute=lambda: (
                AssessmentRound.objects.filter(agenda=agenda)
                .exclude(status=RoundStatus.DRAFT)
                .order_by("-created")
                .first()
            ),
        )
        if rated is not None:
            links.consensus_round = rated
            links.consensus_url = reverse("matrix:consensus", args=[slug, rated.pk])
    if permissions.can_enter_indicators(user, agenda):
        links.import_url = reverse("matrix:indicator_import", args=[slug])
    if agenda.is_public:
        link = field_perceptions.answer_link(agenda, user)
        if link is not None:
            links.survey_url = link.url
    return links


# Agenda home -----------------------------------------------------------------------------------


def agenda_section(agenda: Agenda, user: Person) -> dict[str, object] | None:
    """The matrix block on the agenda home: priorities and highlights of the latest assessment,
    and the links to the matrix's pages the viewer may open.

    None when there is nothing to show yet: no closed assessment, no running round, no open
    survey, and the viewer does not work on the matrix (not a member).
    """
    links = matrix_links(agenda, user)
    overview = brief_overview(agenda)
    if overview is None:
        running = (
            AssessmentRound.objects.filter(agenda=agenda, status=RoundStatus.OPEN)
            .order_by("-created")
            .first()
        )
        if running is None and not links.internal and links.survey_url is None:
            return None
        return {"agenda": agenda, "running": running, "overview": None, "links": links}
    return {
        "agenda": agenda,
        "running": None,
        "overview": overview,
        "links": links,
        "priorities": overview.priorities,
        "suggestion": overview.suggestion if not overview.priorities else [],
        "strengths": overview.strengths,
        "challenges": overview.challenges,
    }
