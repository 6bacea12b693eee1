"""Months and quarters: an outlet's frozen weeks of the period summed and scored again by DESIGN's
rules, recomputed here by hand from the frozen rows; ranks, the change on the previous period, paging."""

from datetime import date

from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Outlet, WeeklyOutletScore
from complaint_console.domain.scores import MIN_SAMPLE, shown, tier_of, weighted
from complaint_console.services import score_periods
from tests.integration.test_score_headline import freeze_demo


def by_hand(db, weeks: list[date]) -> dict[str, float | None]:
    w = WeeklyOutletScore
    sums: dict[str, dict[str, int]] = {}
    for row, code in db.exec(select(w, Outlet.code).join(Outlet, Outlet.id == w.outlet_id).where(w.week_start.in_(weeks))):
        total = sums.setdefault(code, dict.fromkeys(("n", "r", "t", "s", "ok"), 0))
        total["n"] += row.cohort_size
        total["r"] += row.resolved_count
        total["t"] += row.timely_count
        total["s"] += row.survey_count
        total["ok"] += row.satisfied_count
    out = {}
    for code, c in sums.items():
        rates = {
            "resolution": c["r"] / c["n"] if c["n"] else None,
            "timeliness": c["t"] / c["n"] if c["n"] else None,
            "satisfaction": c["ok"] / c["s"] if c["s"] else None,
        }
        out[code] = (shown(weighted(rates, {"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3})), c["n"])
    return out


def test_a_month_is_its_weeks_summed_and_scored_again(db):
    freeze_demo(db)
    frozen = score_table.frozen_weeks(db)
    assert score_periods.periods(frozen, "month")[:2] == ["2026-11", "2026-10"]
    assert score_periods.periods(frozen, "quarter")[0] == "2026-Q4"
    november = [w for w in frozen if w.month == 11 and w.year == 2026]
    expected, october = by_hand(db, november), by_hand(db, [w for w in frozen if w.month == 10])
    rows, total, weeks = score_periods.page(db, "month", "2026-11", page_no=0)
    assert weeks == sorted(november) and total == 60 and len(rows) == 50
    everything = rows + score_periods.page(db, "month", "2026-11", page_no=1)[0]
    assert {r.code for r in everything} == set(expected)
    for r in everything:
        score, cohort = expected[r.code]
        assert r.score == score and r.cohort == cohort and r.weeks == len(november)
        assert r.tier == (tier_of(score) if cohort >= MIN_SAMPLE else None)
        before = october[r.code][0]
        assert r.change == (None if score is None or before is None else score - before)
    ranked = [r for r in everything if r.rank is not None]
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked) and ranked[0].rank == 1
    assert all((a.score > b.score) == (a.rank < b.rank) for a, b in zip(ranked, ranked[1:], strict=False) if a.score != b.score)


def test_a_region_and_a_quarter(db):
    freeze_demo(db)
    rows, total, weeks = score_periods.page(db, "quarter", "2026-Q4", region="EAST")
    assert total == 20 and {r.region for r in rows} == {"EAST"}
    assert weeks and all(w.month >= 10 for w in weeks)
