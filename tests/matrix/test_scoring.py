"""The scoring rules with hand-computed numbers: indicators, data level, blend, flags, priorities."""

import pytest

from regioagenda.matrix import scoring
from regioagenda.matrix.models import Direction
from regioagenda.matrix.scoring import DataConfidence, PriorityCandidate

# Indicator score: (value − worst) / (target − worst), clamped to 0–100 ---------------------------


@pytest.mark.parametrize(
    ("value", "target", "worst", "direction", "expected"),
    [
        (40, 100, 0, Direction.UP, 40.0),
        (100, 100, 0, Direction.UP, 100.0),
        (150, 100, 0, Direction.UP, 100.0),  # beyond the target: clamped
        (-5, 100, 0, Direction.UP, 0.0),  # below the worst: clamped
        # "lower is better": target 10, worst 110 → 60 is half way
        (60, 10, 110, Direction.DOWN, 50.0),
        (35, 10, 110, Direction.DOWN, 75.0),
        (5, 10, 110, Direction.DOWN, 100.0),
        (200, 10, 110, Direction.DOWN, 0.0),
        (None, 100, 0, Direction.UP, None),
        # degenerate scale: met or not
        (3, 3, 3, Direction.UP, 100.0),
        (2, 3, 3, Direction.UP, 0.0),
        (2, 3, 3, Direction.DOWN, 100.0),
    ],
)
def test_indicator_score(value, target, worst, direction, expected):
    assert scoring.indicator_score(value, target, worst, direction) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (None, None),
        (0, 0),
        (0.1, 1),
        (32.9, 1),
        (33, 2),
        (65.9, 2),
        (66, 3),
        (94.9, 3),
        (95, 4),
        (100, 4),
    ],
)
def test_data_level_follows_the_u4ssc_bands(score, level):
    assert scoring.data_level(score) == level


def test_continuous_level_is_score_over_25():
    assert scoring.continuous_level(45) == 1.8
    assert scoring.continuous_level(None) is None


# Field score ---------------------------------------------------------------------------------------


def test_two_of_two_indicators_with_data_blend_half_and_half():
    # scores 40 and 50 → mean 45 → data level 2, continuous 1.8; 0.5 × 2 + 0.5 × 1.8 = 1.9
    result = scoring.field_score(ist=2, soll=4, indicator_scores=[40.0, 50.0])
    assert result.confidence == DataConfidence.HIGH
    assert result.rating_weight == 0.5
    assert result.data_score == 45.0
    assert result.data_level == 2
    assert result.level == 1.9
    assert result.score == 47.5
    assert result.gap == 2
    assert result.rating_data_gap is False


def test_one_of_two_indicators_weights_the_rating_three_quarters():
    # score 80 → data level 3, continuous 3.2; 0.75 × 2 + 0.25 × 3.2 = 2.3
    result = scoring.field_score(ist=2, soll=3, indicator_scores=[80.0, None])
    assert result.confidence == DataConfidence.LOW
    assert result.rating_weight == 0.75
    assert result.indicators_with_data == 1
    assert result.indicators_total == 2
    assert result.level == 2.3
    assert result.score == 57.5
    assert result.data_level == 3
    assert result.rating_data_gap is True  # |2 − 3| ≥ 1


def test_no_indicator_data_means_the_rating_alone_and_confidence_none():
    result = scoring.field_score(ist=1, soll=3, indicator_scores=[None, None])
    assert result.confidence == DataConfidence.NONE
    assert result.data_level is None
    assert result.level == 1.0
    assert result.score == 25.0
    assert result.gap == 2
    assert result.rating_data_gap is False
    assert result.confidence_label == "keine Daten"


def test_three_indicators_are_enough_for_high_confidence_in_a_bigger_field():
    assert scoring.data_confidence(3, 5) == DataConfidence.HIGH
    assert scoring.data_confidence(2, 5) == DataConfidence.LOW
    assert scoring.data_confidence(2, 2) == DataConfidence.HIGH
    assert scoring.data_confidence(0, 4) == DataConfidence.NONE
    assert scoring.data_confidence(0, 0) == DataConfidence.NONE


def test_rating_data_gap_flags_a_full_level_in_either_direction():
    # IST 4 but data at 40 (level 2): the workshop rated higher than the data show
    high = scoring.field_score(ist=4, soll=4, indicator_scores=[40.0, 40.0])
    assert high.rating_data_gap is True
    # IST 1, data 50 (level 2): exactly one level → flagged
    low = scoring.field_score(ist=1, soll=2, indicator_scores=[50.0, 50.0])
    assert low.rating_data_gap is True
    # IST 2, data 50 (level 2): agrees
    same = scoring.field_score(ist=2, soll=2, indicator_scores=[50.0, 50.0])
    assert same.rating_data_gap is False


def test_a_median_rating_blends_like_a_consensus():
    # IST 2.5 (median), data 100 → continuous 4: 0.5 × 2.5 + 0.5 × 4 = 3.25 → 3.3 (half up)
    result = scoring.field_score(ist=2.5, soll=3.5, indicator_scores=[100.0, 100.0])
    assert result.level == 3.3
    assert result.score == 81.3  # 81.25 half up
    assert result.gap == 1.0
    assert result.rating_data_gap is True  # |2.5 − 4| ≥ 1


def test_without_a_rating_there_is_no_field_score_but_the_data_stay():
    result = scoring.field_score(ist=None, soll=None, indicator_scores=[20.0, None])
    assert result.level is None
    assert result.score is None
    assert result.gap is None
    assert result.data_level == 1
    assert result.rating_data_gap is False


def test_rounding_is_half_up():
    assert scoring.round_half_up(2.25) == 2.3
    assert scoring.round_half_up(2.35) == 2.4
    assert scoring.round_half_up(1.05) == 1.1
    assert scoring.round_half_up(None) is None


def test_median_and_importance():
    assert scoring.median_level([1, 2, 3, 4]) == 2.5
    assert scoring.median_level([None, 3, None]) == 3
    assert scoring.median_level([None]) is None
    assert scoring.mean_importance([4, 5, None]) == 4.5
    assert scoring.mean_importance([None, None]) == 3.0
    assert scoring.mean_importance([]) == 3.0


# Priority suggestion ---------------------------------------------------------------------------------


def candidates(*specs):
    return [
        PriorityCandidate(key=key, gap=gap, importance=imp, score=scoring.priority_score(gap, imp))
        for key, gap, imp in specs
    ]


def keys(chosen):
    return [c.key for c in chosen]


def test_priority_score_is_gap_times_importance():
    assert scoring.priority_score(2, 4.5) == 9.0
    assert scoring.priority_score(2, None) == 6  # default importance 3
    assert scoring.priority_score(None, 5) is None


def test_suggestion_takes_fields_within_sixty_percent_of_the_top():
    # scores: a 15, b 8, c 9, d 5, e 10; threshold 0.6 × 15 = 9 → a, e, c
    chosen = scoring.suggest_priorities(
        candidates(("a", 3, 5), ("b", 2, 4), ("c", 3, 3), ("d", 1, 5), ("e", 2, 5))
    )
    assert keys(chosen) == ["a", "e", "c"]
    assert [c.score for c in chosen] == [15, 10, 9]


def test_suggestion_fills_up_to_three_when_one_field_stands_out():
    # a 20 alone above 12; the next two are added so the region has 3 to choose from
    chosen = scoring.suggest_priorities(
        candidates(("a", 4, 5), ("b", 1, 5), ("c", 1, 4), ("d", 1, 3))
    )
    assert keys(chosen) == ["a", "b", "c"]


def test_suggestion_stops_at_five_and_ties_keep_the_framework_order():
    chosen = scoring.suggest_priorities(candidates(*[(f"f{i}", 2, 4) for i in range(8)]))
    assert keys(chosen) == ["f0", "f1", "f2", "f3", "f4"]


def test_only_fields_with_a_positive_gap_are_suggested_even_if_fewer_than_three():
    chosen = scoring.suggest_priorities(
        candidates(("a", 2, 3), ("b", 0, 5), ("c", -1, 5), ("d", 1, 2), ("e", None, 5))
    )
    assert keys(chosen) == ["a", "d"]
    assert scoring.suggest_priorities(candidates(("a", 0, 5), ("b", -2, 5))) == []


# Peer groups: size classes and percentiles ---------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "index"),
    [(0, 0), (4_999, 0), (5_000, 1), (9_999, 1), (10_000, 2), (49_999, 3), (99_999, 4),
     (100_000, 5), (249_999, 5), (250_000, 6), (1_500_000, 6), (None, None)],
)  # fmt: skip
def test_size_classes(population, index):
    found = scoring.size_class(population)
    assert (found[0] if found else None) == index


def test_markt_and_stadt_compare_with_gemeinden_but_not_with_kreisfreie_staedte():
    from regioagenda.regions.models import RegionKind

    assert RegionKind.MARKT in scoring.peer_kinds(RegionKind.GEMEINDE)
    assert RegionKind.KREISFREIE_STADT not in scoring.peer_kinds(RegionKind.STADT)
    assert scoring.peer_kinds(RegionKind.LANDKREIS) == {RegionKind.LANDKREIS}


def test_percentile_counts_ties_half():
    assert scoring.percentile(worse=10, equal=2, others=20) == 55.0
    assert scoring.percentile(worse=0, equal=0, others=5) == 0.0
    assert scoring.percentile(worse=5, equal=0, others=5) == 100.0
    assert scoring.percentile(worse=0, equal=0, others=0) is None
