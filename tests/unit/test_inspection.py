"""Quality-inspection rules: the rubric form, the draw form, the seeded choice, averages."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from complaint_console.domain.inspection import MAX_SIZE, RUBRIC, choose, overall, validate_draw, validate_review

FULL = {
    "reply_speed": "5",
    "remedy_accuracy": "4",
    "empathy": "3",
    "policy_compliance": "2",
    "record_completeness": "1",
    "comment": "Good tone, record lacked the root cause.",
}


def test_a_complete_review_passes_and_averages_the_five_ratings():
    review, errors = validate_review(FULL)
    assert errors == {}
    assert review.scores == {
        "reply_speed": 5,
        "remedy_accuracy": 4,
        "empathy": 3,
        "policy_compliance": 2,
        "record_completeness": 1,
    }
    assert review.overall == 3.0
    assert review.comment == FULL["comment"]


def test_each_missing_or_out_of_range_rating_has_its_own_message():
    form = {**FULL, "reply_speed": "", "empathy": "6", "policy_compliance": "0", "record_completeness": "x", "comment": "  "}
    review, errors = validate_review(form)
    assert review is None
    assert errors == {
        "reply_speed": "inspection.error.rating_required",
        "empathy": "inspection.error.rating_range",
        "policy_compliance": "inspection.error.rating_range",
        "record_completeness": "inspection.error.rating_range",
        "comment": "inspection.error.comment_required",
    }


def test_a_long_comment_is_refused():
    _, errors = validate_review({**FULL, "comment": "x" * 2001})
    assert errors == {"comment": "inspection.error.comment_long"}


def test_overall_is_the_plain_mean():
    assert overall([1, 2, 3, 4, 5]) == 3.0
    assert overall([5, 5, 5, 5, 4]) == 4.8


def test_the_draw_form_wants_a_listed_week_and_1_to_50():
    weeks = [date(2026, 11, 16), date(2026, 11, 9)]
    assert validate_draw(date(2026, 11, 16), "5", weeks) == (5, {})
    assert validate_draw(date(2026, 11, 16), str(MAX_SIZE), weeks) == (MAX_SIZE, {})
    assert validate_draw(date(2026, 11, 23), "51", weeks) == (
        None,
        {"week": "inspection.error.week", "size": "inspection.error.size"},
    )
    assert validate_draw(None, "0", weeks)[1].keys() == {"week", "size"}
    assert validate_draw(date(2026, 11, 9), "abc", weeks)[1] == {"size": "inspection.error.size"}


def test_rubric_has_the_five_dimensions_of_the_issue():
    assert RUBRIC == ("reply_speed", "remedy_accuracy", "empathy", "policy_compliance", "record_completeness")


@given(st.sets(st.integers(1, 10_000), max_size=200), st.integers(1, 50), st.integers(0, 2**31))
def test_choose_takes_n_distinct_ids_or_all_and_is_reproducible(ids, n, seed):
    picked = choose(list(ids), n, seed)
    assert len(picked) == min(n, len(ids))
    assert set(picked) <= ids and len(set(picked)) == len(picked)
    assert picked == choose(list(reversed(sorted(ids))), n, seed)


def test_targets_per_outlet_and_proportional_to_volume():
    from complaint_console.domain.inspection import PER_OUTLET, PROPORTIONAL, targets

    closed = {1: 9, 2: 3, 3: 2, 4: 0}
    assert targets(PER_OUTLET, 3, closed) == {1: 3, 2: 3, 3: 2}  # all of an outlet's when fewer; none when none
    # 2 per outlet on average over the 3 busy outlets = 6, shared 9:3:2 -> 3.86, 1.29, 0.86
    assert targets(PROPORTIONAL, 2, closed) == {1: 4, 2: 1, 3: 1}
    assert targets(PROPORTIONAL, 1, {1: 100, 2: 1}) == {1: 2, 2: 1}  # at least one each
    assert targets(PROPORTIONAL, 50, {1: 3, 2: 1}) == {1: 3, 2: 1}  # never more than closed
    assert targets(PROPORTIONAL, 3, {}) == {}


@given(st.lists(st.integers(1, 10_000), unique=True, max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_a_top_up_adds_only_new_tickets_up_to_the_target(closed, target, already):
    from complaint_console.domain.inspection import top_up

    sampled = closed[: min(already, len(closed))]
    added = top_up(target, sampled, closed, seed=1)
    assert not set(added) & set(sampled) and len(set(added)) == len(added) and set(added) <= set(closed)
    assert len(sampled) + len(added) == max(len(sampled), min(target, len(closed)))


def test_agreement_counts_every_pair_per_dimension():
    from complaint_console.domain.inspection import agreement

    a = dict.fromkeys(RUBRIC, 3)
    b = {**a, "empathy": 5, "reply_speed": 4}  # 2 apart and 1 apart
    c = {**a, "empathy": 1}
    ag = agreement([[a, b], [a, c, b], [a]])  # pairs: (a,b) + (a,c) (a,b) (c,b); a lone review adds none
    assert ag.pairs == dict.fromkeys(RUBRIC, 4)
    assert ag.agreed["empathy"] == 0 and ag.agreed["reply_speed"] == 4 and ag.agreed["policy_compliance"] == 4
    assert ag.mean_diff["empathy"] == (2 + 2 + 2 + 4) / 4
    assert ag.rate() == (4 * 4 + 0) / 20 and ag.rate("empathy") == 0.0
    assert agreement([]).rate() is None and agreement([]).mean_diff["empathy"] is None
