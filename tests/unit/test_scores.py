"""DESIGN's score formula: rates, renormalised weights, tiers, and competition ranking."""

import pytest

from complaint_console.domain.scores import (
    History,
    OutletWeek,
    beyond,
    change,
    early_warning,
    ranked,
    score_week,
    tier_of,
    validate_tiers,
    validate_weights,
    weighted,
)


def test_rates_and_the_weighted_score():
    s = score_week(OutletWeek(1, cohort_size=10, resolved_count=9, timely_count=7, survey_count=4, satisfied_count=3))
    assert (s.resolution_rate, s.timeliness_rate, s.satisfaction_rate) == (0.9, 0.7, 0.75)
    assert s.score == pytest.approx(100 * (0.4 * 0.9 + 0.3 * 0.75 + 0.3 * 0.7))
    assert s.tier == "C" and not s.insufficient


def test_a_metric_without_data_drops_out_and_the_weights_are_renormalised():
    s = score_week(OutletWeek(1, cohort_size=10, resolved_count=10, timely_count=5))
    assert s.satisfaction_rate is None
    assert s.score == 78.6  # 78.5714… shown and stored to one decimal (DESIGN)
    empty = score_week(OutletWeek(2))
    assert (empty.resolution_rate, empty.score, empty.tier) == (None, None, None)
    assert weighted({"resolution": 0.5}, {"resolution": 0.0, "timeliness": 1.0}) is None


@pytest.mark.parametrize(("score", "tier"), [(90, "A"), (89.99, "B"), (80, "B"), (60, "C"), (59.9, "D"), (0, "D")])
def test_tiers(score, tier):
    assert tier_of(score) == tier


def test_equal_scores_share_the_better_rank_and_small_cohorts_are_not_ranked():
    def week(outlet, cohort, resolved):
        return score_week(OutletWeek(outlet, cohort_size=cohort, resolved_count=resolved, timely_count=resolved))

    scores = ranked([week(1, 10, 9), week(2, 10, 10), week(3, 10, 9), week(4, 10, 5), week(5, 4, 4)])
    assert [s.rank for s in scores] == [2, 1, 2, 4, None]
    assert scores[4].insufficient and scores[4].score == 100.0


# --- tier thresholds as a parameter, settings validation, early warning, change ----------


def test_tier_floors_are_a_parameter():
    floors = {"A": 95.0, "B": 85.0, "C": 70.0}
    assert [tier_of(s, floors) for s in (95, 94.9, 85, 70, 69.9)] == ["A", "B", "B", "C", "D"]
    s = score_week(OutletWeek(1, cohort_size=10, resolved_count=9, timely_count=9), tiers=floors)
    assert s.score == pytest.approx(90.0) and s.tier == "B"


def test_weights_validation_says_which_field_is_wrong():
    assert validate_weights({"resolution": "0.5", "satisfaction": "0.25", "timeliness": "0.25"}) == (
        {"resolution": 0.5, "satisfaction": 0.25, "timeliness": 0.25},
        {},
    )
    _, errors = validate_weights({"resolution": "x", "satisfaction": "1.5", "timeliness": "0"})
    assert errors == {"resolution": "scores.error_number", "satisfaction": "scores.error_weight_range"}
    _, errors = validate_weights({"resolution": "0", "satisfaction": "0", "timeliness": "0"})
    assert errors == {"resolution": "scores.error_weights_zero"}
    _, errors = validate_weights({"resolution": "nan", "satisfaction": "0.3", "timeliness": "0.3"})
    assert errors == {"resolution": "scores.error_weight_range"}


def test_tier_validation_needs_falling_floors_within_0_to_100():
    assert validate_tiers({"A": "92", "B": "82", "C": "65"}) == ({"A": 92.0, "B": 82.0, "C": 65.0}, {})
    wrong_order = validate_tiers({"A": "90", "B": "90", "C": "95"})[1]
    assert wrong_order == {"B": "scores.error_tier_order", "C": "scores.error_tier_order"}
    assert validate_tiers({"A": "120", "B": "", "C": "0"})[1] == {
        "A": "scores.error_tier_range",
        "B": "scores.error_number",
        "C": "scores.error_tier_range",
    }


def test_history_sums_give_mean_and_sample_standard_deviation():
    h = History.of([10, 12, 14, None, 16])
    assert (h.n, h.mean) == (4, 13.0)
    assert h.stdev == pytest.approx(2.5819888974716)  # statistics.stdev([10, 12, 14, 16])
    assert History.of([5]).stdev is None


def test_early_warning_beyond_two_standard_deviations_of_the_own_previous_weeks():
    received = History.of([10, 12, 14, 16, 10, 12, 14, 16])  # mean 13, sd ≈ 2.39
    score = History.of([80, 82, 80, 82, 80, 82, 80, 82])  # mean 81, sd ≈ 1.07
    assert early_warning(13, 81.0, received, score) == []
    assert early_warning(18, 81.0, received, score) == ["received"]  # 5 > 2 × 2.39
    assert early_warning(17, 81.0, received, score) == []  # 4 < 4.78
    assert early_warning(13, 78.0, received, score) == ["score"]
    assert early_warning(30, 60.0, received, score) == ["received", "score"]
    assert early_warning(30, None, received, score) == ["received"]  # no score this week: only the count can warn
    assert not beyond(100.0, History.of([80, 80, 80]))  # under four previous weeks: too little to judge
    assert beyond(81.0, History.of([80, 80, 80, 80]))  # a flat history: any move is beyond it


def test_change_against_the_previous_week():
    assert change(82.5, 80.0) == pytest.approx(2.5)
    assert change(None, 80.0) is None and change(80.0, None) is None


def test_scores_equal_but_for_float_noise_share_a_rank():
    a = score_week(OutletWeek(1, cohort_size=5, resolved_count=4, timely_count=3, survey_count=5, satisfied_count=4))
    b = score_week(OutletWeek(2, cohort_size=5, resolved_count=4, timely_count=4, survey_count=5, satisfied_count=3))
    assert a.score == pytest.approx(b.score)
    assert [s.rank for s in ranked([a, b])] == [1, 1]
