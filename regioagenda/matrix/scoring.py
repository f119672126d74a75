"""The matrix's scoring rules, in one place: indicator scores, data levels, the blended field
score with its data confidence, gaps and flags, the priority suggestion and the peer benchmark.

Everything that turns ratings and indicator values into numbers lives here, so that the matrix
page, the exports, the concept document and the programme's benchmarking say the same. The
rules follow ``shared/research/maturity-anchors.md`` §3.3: indicators are scored as distance to a
fixed target (not min–max, whose ranks shift with the leader), mapped to levels with the U4SSC
bands, blended half and half with the workshop's consensus when enough indicators have data, and
otherwise the rating weighs more and the field carries a low data-confidence flag. Peer-group
percentiles are context, never part of the score.

The functions above the line "Peer benchmark" are pure (numbers in, numbers out) so they can be
tested with hand-computed figures and reused without a database.
"""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from regioagenda.matrix.models import (
    LEVEL_MAX,
    AssessmentRound,
    Consensus,
    Direction,
    IndicatorValue,
    RoundKind,
    RoundStatus,
)
from regioagenda.regions.models import RegionKind

# Indicators and data level ---------------------------------------------------------------------

# U4SSC bands: the upper bounds (exclusive) of the indicator score for data levels 1, 2, 3;
# a score of 95 or more is level 4, a score of exactly 0 is level 0.
DATA_LEVEL_BANDS = ((33, 1), (66, 2), (95, 3))


def indicator_score(value, target, worst, direction=Direction.UP):
    """Distance from ``worst`` to ``target`` as 0–100, clamped.

    ``(value − worst) / (target − worst)`` works for both directions: for "lower is better" the
    target lies below the worst value and the fraction still grows towards the target. Values
    beyond the target score 100, values beyond the worst score 0, because being far past the goal
    should not hide a weak indicator next to it. Returns None when there is no value.
    """
    if value is None:
        return None
    value, target, worst = float(value), float(target), float(worst)
    if target == worst:
        # A degenerate scale: the target is met or it is not.
        met = value >= target if direction == Direction.UP else value <= target
        return 100.0 if met else 0.0
    fraction = (value - worst) / (target - worst)
    return max(0.0, min(1.0, fraction)) * 100


def data_score(scores):
    """Mean of the indicator scores that have data (None when none has): unweighted, as DESI."""
    present = [s for s in scores if s is not None]
    if not present:
        return None
    return sum(present) / len(present)


def data_level(score):
    """The U4SSC band of a 0–100 score as a level 0–4 (None without data).

    Level 0 only for a score of exactly 0 (nothing of the target reached), so that a little
    progress already shows as "Erste Schritte".
    """
    if score is None:
        return None
    if score <= 0:
        return 0
    for upper, level in DATA_LEVEL_BANDS:
        if score < upper:
            return level
    return LEVEL_MAX


def continuous_level(score):
    """A 0–100 score on the 0–4 level scale (score / 25), used for blending with the rating."""
    if score is None:
        return None
    return score / 25


# Ratings --------------------------------------------------------------------------------------


def median_level(levels):
    """Median of the raters' levels, ignoring "kann ich nicht beurteilen" (None)."""
    present = [level for level in levels if level is not None]
    if not present:
        return None
    return float(statistics.median(present))


DEFAULT_IMPORTANCE = 3


def mean_importance(values):
    """Mean importance 1–5 of the raters; the scale's middle (3) when nobody gave one.

    The neutral default keeps a field without importance answers from dropping out of the
    priority suggestion, while fields that raters called important still rank above it.
    """
    present = [v for v in values if v is not None]
    if not present:
        return float(DEFAULT_IMPORTANCE)
    return sum(present) / len(present)


# Field score -----------------------------------------------------------------------------------


class DataConfidence:
    HIGH = "high"
    LOW = "low"
    NONE = "none"

    LABELS = {
        HIGH: _("hoch"),
        LOW: _("gering"),
        NONE: _("keine Daten"),
    }


# Enough indicators with data for an equal blend of rating and data (§3.3: "≥ 3 indicators").
INDICATORS_FOR_HIGH_CONFIDENCE = 3
RATING_WEIGHT = {DataConfidence.HIGH: 0.5, DataConfidence.LOW: 0.75, DataConfidence.NONE: 1.0}
# A difference of one full level between the rating and the data is a workshop topic.
RATING_DATA_GAP = 1


@dataclass(frozen=True)
class FieldScore:
    ist: float | None
    soll: float | None
    gap: float | None
    data_score: float | None  # 0–100, mean of the indicator scores with data
    data_level: int | None  # 0–4 (U4SSC band of data_score)
    data_level_continuous: float | None  # data_score / 25
    indicators_total: int
    indicators_with_data: int
    confidence: str  # DataConfidence
    rating_weight: float | None
    level: float | None  # blended, 0–4, one decimal
    score: float | None  # blended, 0–100 (level × 25), one decimal
    rating_data_gap: bool

    @property
    def confidence_label(self):
        return DataConfidence.LABELS[self.confidence]


def round_half_up(value, places=1):
    """Round as people do (2.25 → 2.3), not to even as ``round`` does; None stays None."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def data_confidence(indicators_with_data, indicators_total):
    """How far the indicator data can be trusted for a field.

    "high" when at least three indicators (or all of a field that has fewer) have data, "low"
    when some but fewer have, "none" when none has.
    """
    if indicators_with_data <= 0:
        return DataConfidence.NONE
    if indicators_with_data >= min(INDICATORS_FOR_HIGH_CONFIDENCE, indicators_total):
        return DataConfidence.HIGH
    return DataConfidence.LOW


def field_score(*, ist, soll, indicator_scores):
    """Blend the rating (consensus IST, or the raters' median) with the field's indicator data.

    ``indicator_scores`` has one entry per indicator of the field: its 0–100 score, or None
    without data. The rating always counts; the data counts half when the confidence is high and
    a quarter when it is low, so a field is not judged on one lonely number. The rating and the
    data level both stay visible; ``rating_data_gap`` marks a difference of a full level or more.
    """
    scores = list(indicator_scores)
    with_data = sum(1 for s in scores if s is not None)
    mean = data_score(scores)
    level_data = data_level(mean)
    level_continuous = continuous_level(mean)
    confidence = data_confidence(with_data, len(scores))
    weight = RATING_WEIGHT[confidence]
    if ist is None:
        blended = None
    elif level_continuous is None:
        blended = float(ist)
    else:
        blended = weight * float(ist) + (1 - weight) * level_continuous
    gap = None if ist is None or soll is None else float(soll) - float(ist)
    return FieldScore(
        ist=None if ist is None else float(ist),
        soll=None if soll is None else float(soll),
        gap=gap,
        data_score=round_half_up(mean),
        data_level=level_data,
        data_level_continuous=round_half_up(level_continuous, 2),
        indicators_total=len(scores),
        indicators_with_data=with_data,
        confidence=confidence,
        rating_weight=None if ist is None else weight,
        level=round_half_up(blended),
        score=None if blended is None else round_half_up(blended * 25),
        rating_data_gap=(
            ist is not None
            and level_data is not None
            and abs(float(ist) - level_data) >= RATING_DATA_GAP
        ),
    )


# Priority suggestion ---------------------------------------------------------------------------


def target_below_current(ist, soll):
    """True when the target (SOLL) lies below today's level (IST): almost always a slip.

    A rating and a consensus with such levels are kept only when the person confirms that the
    target is meant to be lower (``matrix.services.rounds.check_target``).
    """
    return ist is not None and soll is not None and soll < ist


PRIORITIES_MIN, PRIORITIES_MAX = 3, 5
# Fields within this share of the strongest candidate's score are suggested too.
PRIORITY_THRESHOLD = 0.6


def priority_score(gap, importance):
    """Gap (SOLL − IST) × mean importance: where much is missing and much is at stake."""
    if gap is None:
        return None
    return gap * (importance if importance is not None else DEFAULT_IMPORTANCE)


@dataclass(frozen=True)
class PriorityCandidate:
    key: str
    gap: float | None
    importance: float
    score: float | None


def suggest_priorities(candidates):
    """Pick 3–5 priority fields from ``candidates`` (PriorityCandidate, in framework order).

    Only fields with a positive gap qualify. Sorted by score (ties keep the framework order), the
    suggestion takes every field within 60 % of the top score, then fills up to three and cuts at
    five, so one outstanding field does not stand alone and a flat profile does not flood the
    list. With fewer than three gaps, fewer are suggested.
    """
    eligible = [c for c in candidates if c.gap is not None and c.gap > 0]
    ranked = sorted(eligible, key=lambda c: -c.score)  # sorted() is stable: order breaks ties
    if not ranked:
        return []
    threshold = PRIORITY_THRESHOLD * ranked[0].score
    chosen = [c for c in ranked if c.score >= threshold]
    if len(chosen) < PRIORITIES_MIN:
        chosen = ranked[:PRIORITIES_MIN]
    return chosen[:PRIORITIES_MAX]


# Peer benchmark ---------------------------------------------------------------------------------

# Size classes by population (lower bound inclusive, upper bound exclusive). They follow the
# classes of the Bavarian statistics office for Gemeinden and separate the big Kreise and cities.
SIZE_CLASSES = (
    (0, 5_000, _("unter 5.000 Einwohner")),
    (5_000, 10_000, _("5.000 bis unter 10.000 Einwohner")),
    (10_000, 20_000, _("10.000 bis unter 20.000 Einwohner")),
    (20_000, 50_000, _("20.000 bis unter 50.000 Einwohner")),
    (50_000, 100_000, _("50.000 bis unter 100.000 Einwohner")),
    (100_000, 250_000, _("100.000 bis unter 250.000 Einwohner")),
    (250_000, None, _("250.000 Einwohner und mehr")),
)

# Kinds whose regions do the same job. A Markt or a Stadt is a kreisangehörige Gemeinde like any
# other (the title is history, the tasks are the same), so they are compared as one kind within
# their size class; kreisfreie Städte and Landkreise stay apart.
_KREISANGEHOERIG = frozenset(
    {RegionKind.GEMEINDE, RegionKind.MARKT, RegionKind.STADT, RegionKind.GROSSE_KREISSTADT}
)
_ALLIANCES = frozenset({RegionKind.ALLIANCE, RegionKind.LEADER})

# Below this many peer agendas the peer median is not shown: with one or two it would reveal
# another agenda's own assessment, which may not be public.
PEER_AGENDAS_MIN = 3


def size_class(population):
    """The index and label of the size class, or None without a population."""
    if population is None:
        return None
    for index, (lower, upper, label) in enumerate(SIZE_CLASSES):
        if population >= lower and (upper is None or population < upper):
            return index, label
    return None


def peer_kinds(kind):
    if kind in _KREISANGEHOERIG:
        return _KREISANGEHOERIG
    if kind in _ALLIANCES:
        return _ALLIANCES
    return frozenset({kind})


def peer_kind_label(region):
    """How the peer group's kind reads on the page ("kreisangehörige Gemeinden", "Landkreis")."""
    if region.kind in _KREISANGEHOERIG:
        return str(_("kreisangehörige Gemeinden, Märkte und Städte"))
    if region.kind in _ALLIANCES:
        return str(_("Zusammenschlüsse (ILE, LEADER)"))
    return region.get_kind_display()


def peer_filter(region, prefix=""):
    """A Q for the regions in ``region``'s peer group (the region itself included).

    Same level, same kind (see ``peer_kinds``), same size class, current in the register and, for
    regions with an official key, in the same Land. None when the region has no population.
    """
    found = size_class(region.population)
    if found is None:
        return None
    lower, upper, _label = SIZE_CLASSES[found[0]]
    conditions = {
        f"{prefix}level": region.level,
        f"{prefix}kind__in": sorted(peer_kinds(region.kind)),
        f"{prefix}population__gte": lower,
        f"{prefix}is_current": True,
    }
    if upper is not None:
        conditions[f"{prefix}population__lt"] = upper
    if region.ags:
        conditions[f"{prefix}ags__startswith"] = region.ags[:2]
    return Q(**conditions)


def percentile(worse, equal, others):
    """Mid-rank percentile: the share of peers doing worse, ties counted half (None without peers).

    100 means better than every peer, 50 the middle of the group.
    """
    if not others:
        return None
    return round_half_up(100 * (worse + 0.5 * equal) / others)


@dataclass(frozen=True)
class PeerStat:
    indicator_id: int
    peers: int  # peer regions with a value (the region itself not counted)
    worse: int
    equal: int
    better: int
    percentile: float | None  # None when the region has no value or there are no peers
    peer_mean: Decimal | None


def peer_benchmark(region, indicators, *, include_examples=False):
    """The region's percentile per indicator among its peers, in ONE aggregate query.

    ``indicators`` are Indicator rows (direction is read from them, no query). Each peer counts
    with its latest value (NOT EXISTS a newer one); the region's own latest value is compared in
    the same statement through a correlated subquery, and conditional counts give the peers above,
    below and level with it per indicator. The query touches only the peers' latest values, so it
    stays one statement for all 2,152 Bavarian bodies. Returns {indicator_id: PeerStat}.
    """
    indicators = list(indicators)
    peers = peer_filter(region, prefix="region__")
    if peers is None or not indicators:
        return {}
    newer = IndicatorValue.objects.filter(
        region=OuterRef("region"), indicator=OuterRef("indicator"), date__gt=OuterRef("date")
    )
    own = (
        IndicatorValue.objects.filter(region=region, indicator=OuterRef("indicator"))
        .order_by("-date")
        .values("value")[:1]
    )
    values = IndicatorValue.objects.filter(peers, indicator__in=[i.pk for i in indicators])
    if not include_examples:
        values = values.filter(is_example=False)
    rows = (
        values.exclude(region=region)
        .filter(~Exists(newer))
        .annotate(own=Subquery(own))
        .values("indicator_id")
        .annotate(
            peers=Count("id"),
            above=Count("id", filter=Q(value__gt=F("own"))),
            below=Count("id", filter=Q(value__lt=F("own"))),
            level=Count("id", filter=Q(value=F("own"))),
            peer_mean=Avg("value"),
        )
        .order_by()
    )
    direction = {i.pk: i.direction for i in indicators}
    result = {}
    for row in rows:
        up = direction[row["indicator_id"]] != Direction.DOWN
        worse, better = (row["below"], row["above"]) if up else (row["above"], row["below"])
        has_own = row["above"] + row["below"] + row["level"] > 0
        result[row["indicator_id"]] = PeerStat(
            indicator_id=row["indicator_id"],
            peers=row["peers"],
            worse=worse,
            equal=row["level"],
            better=better,
            percentile=percentile(worse, row["level"], row["peers"]) if has_own else None,
            peer_mean=row["peer_mean"],
        )
    return result


def peer_median_ist(agenda, *, include_examples=None):
    """Median consensus IST per field key among the peer regions' agendas (one query).

    Each peer agenda counts with its latest closed assessment (not a follow-up round). Fields
    are matched by key, so agendas on another framework version still compare. A median is only
    given where at least ``PEER_AGENDAS_MIN`` agendas have a consensus. Returns
    ``{key: (median, number_of_agendas)}``.
    """
    peers = peer_filter(agenda.region, prefix="round__agenda__region__")
    if peers is None:
        return {}
    if include_examples is None:
        include_examples = agenda.is_example
    later = AssessmentRound.objects.filter(
        agenda=OuterRef("round__agenda"),
        status=RoundStatus.CLOSED,
        closed__gt=OuterRef("round__closed"),
    ).exclude(kind=RoundKind.FOLLOW_UP)
    rows = (
        Consensus.objects.filter(peers, round__status=RoundStatus.CLOSED)
        .exclude(round__kind=RoundKind.FOLLOW_UP)
        .exclude(round__agenda=agenda)
        .filter(~Exists(later))
    )
    if not include_examples:
        rows = rows.filter(round__agenda__is_example=False)
    by_key: dict[str, list[int]] = {}
    for key, ist in rows.values_list("field__key", "ist"):
        by_key.setdefault(key, []).append(ist)
    return {
        key: (float(statistics.median(levels)), len(levels))
        for key, levels in by_key.items()
        if len(levels) >= PEER_AGENDAS_MIN
    }
