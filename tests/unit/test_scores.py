"""DESIGN's score formula: rates, renormalised weights, tiers, and competition ranking."""

import pytest

from complaint_console.domain.scores import OutletWeek, ranked, score_week, tier_of, weighted


def test_rates_and_the_weighted_score():
    s = score_week(OutletWeek(1, cohort_size=10, resolved_count=9, timely_count=7, survey_count=4, satisfied_count=3))
    assert (s.resolution_rate, s.timeliness_rate, s.satisfaction_rate) == (0.9, 0.7, 0.75)
    assert s.score == pytest.approx(100 * (0.4 * 0.9 + 0.3 * 0.75 + 0.3 * 0.7))
    assert s.tier == "C" and not s.insufficient


def test_a_metric_without_data_drops_out_and_the_weights_are_renormalised():
    s = score_week(OutletWeek(1, cohort_size=10, resolved_count=10, timely_count=5))
    assert s.satisfaction_rate is None
    assert s.score == pytest.approx(100 * (0.4 * 1.0 + 0.3 * 0.5) / 0.7)
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
