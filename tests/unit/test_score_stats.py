"""The vectorised early warning (services/score_stats.py) against the rule it twins
(domain.scores.History / beyond / early_warning), outlet by outlet, on many made-up histories:
short ones, flat ones, missing scores, values exactly on the edge, insufficient samples."""

import random

import pandas as pd
import pytest

from complaint_console.domain.scores import History, early_warning
from complaint_console.services import score_stats


def outlets(seed: int, count: int = 400):
    rng = random.Random(seed)
    current, history, expected = [], [], {}
    for outlet_id in range(1, count + 1):
        weeks = rng.choice([0, 1, 2, 3, 4, 5, 8, 8, 8])
        flat = rng.random() < 0.1
        received = [10 if flat else rng.randint(0, 40) for _ in range(weeks)]
        scores = [None if rng.random() < 0.1 else (80.0 if flat else round(rng.uniform(30, 100), 1)) for _ in range(weeks)]
        now_received = rng.choice([rng.randint(0, 80), received[0] if received else 5])
        now_score = None if rng.random() < 0.05 else round(rng.uniform(20, 100), 1)
        insufficient = rng.random() < 0.1
        r_h, s_h = History.of(received), History.of(scores)
        current.append({"outlet_id": outlet_id, "received": now_received, "score": now_score, "insufficient": insufficient})
        if weeks:
            history.append((outlet_id, r_h.n, r_h.total, r_h.squares, s_h.n, s_h.total, s_h.squares))
        reasons = [] if insufficient else early_warning(now_received, now_score, r_h, s_h)
        if reasons:
            expected[outlet_id] = ",".join(reasons)
    return pd.DataFrame(current), history, expected


@pytest.mark.parametrize("seed", range(5))
def test_the_vectorised_warning_flags_exactly_what_the_rule_flags(seed):
    current, history, expected = outlets(seed)
    got = score_stats.warnings(score_stats.with_history(current, history))
    assert got == expected
    assert expected  # the made-up weeks do raise some warnings


def test_mean_and_sigma_match_the_rules_history():
    values = [12.0, 15.0, 9.0, 30.0, 11.0]
    h = History.of(values)
    mean, sd = score_stats.spread(pd.Series([h.n]), pd.Series([h.total]), pd.Series([h.squares]))
    assert mean[0] == pytest.approx(h.mean) and sd[0] == pytest.approx(h.stdev)
    _, none = score_stats.spread(pd.Series([1]), pd.Series([5.0]), pd.Series([25.0]))
    assert none.isna()[0]  # one value: no standard deviation


def test_no_outlets_or_no_history_flags_nothing():
    empty = pd.DataFrame({"outlet_id": [], "received": [], "score": [], "insufficient": []})
    assert score_stats.warnings(score_stats.with_history(empty, [])) == {}
    one = pd.DataFrame({"outlet_id": [1], "received": [40], "score": [50.0], "insufficient": [False]})
    assert score_stats.warnings(score_stats.with_history(one, [])) == {}  # a first week: no history to judge by
