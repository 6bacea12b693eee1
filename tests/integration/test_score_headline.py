"""The /scores headline on the demo weeks, recomputed here without pandas from the frozen rows and
the tickets: network score, tier counts and changes, who fell a tier, the biggest drops and what
moved under them, early warnings with direction and size; the region filter; the live week."""

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import select

from complaint_console.db import score_table
from complaint_console.db.models import Outlet, Ticket, WeeklyOutletScore
from complaint_console.db.scores import week_bounds
from complaint_console.domain.scores import OutletWeek, score_week
from complaint_console.services import live_scores
from complaint_console.services.rollup import freeze_week
from complaint_console.services.score_headline import SHOWN, headline
from seeds import demo
from tests.integration.test_scores import DEMO_NOW

WEEK = date(2026, 11, 16)
BEFORE = WEEK - timedelta(weeks=1)


def frozen(db, week, region=""):
    w = WeeklyOutletScore
    stmt = select(w, Outlet).join(Outlet, Outlet.id == w.outlet_id).where(w.week_start == week)
    rows = db.exec(stmt.where(Outlet.region == region) if region else stmt).all()
    return {o.code: r for r, o in rows}


def network(rows):
    totals = {
        k: sum(getattr(r, k) for r in rows)
        for k in ("cohort_size", "resolved_count", "timely_count", "survey_count", "satisfied_count")
    }
    return score_week(OutletWeek(0, **totals)).score


def freeze_demo(db):
    demo.load(db, DEMO_NOW)
    for week in (WEEK - timedelta(weeks=k) for k in range(9, -1, -1)):
        freeze_week(db, week, DEMO_NOW)


def test_the_headline_of_a_frozen_week_matches_the_rows_recomputed_by_hand(db):
    freeze_demo(db)
    now, before = frozen(db, WEEK), frozen(db, BEFORE)
    got = headline(db, score_table.TableQuery(WEEK), DEMO_NOW)

    assert got.score == network(now.values()) and got.previous_score == network(before.values())
    assert got.change == got.score - got.previous_score
    assert got.tiers == {t: sum(1 for r in now.values() if r.tier == t) for t in "ABCD"}
    assert sum(got.tiers.values()) == sum(1 for r in now.values() if r.cohort_size >= 5)  # insufficient: no tier
    assert got.tier_change("D") == got.tiers["D"] - Counter(r.tier for r in before.values())["D"]

    order = "ABCD"
    both = [c for c in now if now[c].tier and c in before and before[c].tier]
    fell = sorted((now[c].score - before[c].score, c) for c in both if order.index(now[c].tier) > order.index(before[c].tier))
    assert got.fell_total == len(fell) and [m.code for m in got.fell] == [c for _, c in fell[: SHOWN * 2]]
    drops = sorted((now[c].score - before[c].score, c) for c in both if now[c].score < before[c].score)[:SHOWN]
    assert drops, "the demo weeks have outlets whose score fell"
    assert [(m.code, round(m.change, 6)) for m in got.drops] == [(c, round(d, 6)) for d, c in drops]

    # What grew most under the biggest drop: its cohort counted by category and by root cause, this week and last.
    top = got.drops[0]
    assert top.cause in ("category", "root_cause") and top.cause_change > 0
    outlet_id = db.exec(select(Outlet.id).where(Outlet.code == top.code)).one()

    def moved(column, value):
        def count(week):
            start, end = week_bounds(week, "Asia/Shanghai")
            return db.exec(
                select(sa.func.count())
                .select_from(Ticket)
                .where(
                    Ticket.outlet_id == outlet_id,
                    Ticket.resolution_due_at >= start,
                    Ticket.resolution_due_at < end,
                    getattr(Ticket, column) == value,
                )
            ).one()

        return count(WEEK) - count(BEFORE)

    assert top.cause_change == moved(top.cause, top.cause_value)
    for column in ("category", "root_cause"):  # nothing else grew more
        field = getattr(Ticket, column)
        values = db.exec(select(field).where(Ticket.outlet_id == outlet_id, field.is_not(None)).distinct()).all()
        assert all(moved(column, v) <= top.cause_change for v in values if v)


def test_early_warnings_carry_direction_and_size_from_the_outlets_own_weeks(db):
    freeze_demo(db)
    now = frozen(db, WEEK)
    warned = {c for c, r in now.items() if r.warning and r.tier}
    got = headline(db, score_table.TableQuery(WEEK), DEMO_NOW)
    assert got.flagged_total == len(warned)
    for flag in got.flags:
        assert flag.code in warned and flag.on in now[flag.code].warning.split(",")
        history = [frozen(db, WEEK - timedelta(weeks=k))[flag.code] for k in range(1, 9)]
        values = [
            float(r.received_count if flag.on == "received" else r.score)
            for r in history
            if r.score is not None or flag.on == "received"
        ]
        mean = sum(values) / len(values)
        sd = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5
        assert abs(flag.mean - mean) < 1e-6 and abs(flag.sigmas - (flag.value - mean) / sd) < 1e-6
        assert abs(flag.sigmas) > 2 and flag.direction == ("up" if flag.value > mean else "down")


def test_the_region_filter_scopes_every_figure(db):
    freeze_demo(db)
    region = db.exec(select(Outlet.region).order_by(Outlet.region)).first()
    now, before = frozen(db, WEEK, region), frozen(db, BEFORE, region)
    got = headline(db, score_table.TableQuery(WEEK, region=region), DEMO_NOW)
    assert got.score == network(now.values()) and got.previous_score == network(before.values())
    assert sum(got.tiers.values()) == sum(1 for r in now.values() if r.tier)
    assert {m.code for m in got.drops + got.fell} <= set(now)


def test_the_live_week_compares_with_the_last_frozen_week_and_raises_no_warning(db):
    freeze_demo(db)
    live_week = live_scores.current_week(DEMO_NOW)
    got = headline(db, score_table.TableQuery(live_week, live=True), DEMO_NOW)
    live = live_scores.live_rows(db, DEMO_NOW)
    assert got.tiers == {t: sum(1 for r in live if r.tier == t) for t in "ABCD"}
    assert got.previous_score == network(frozen(db, live_week - timedelta(weeks=1)).values())
    assert got.flags == [] and got.flagged_total == 0


def test_a_bar_of_the_distribution_lists_the_outlets_it_counted(db):
    freeze_demo(db)
    bands = score_table.distribution(db, score_table.TableQuery(WEEK))
    for band, counted in enumerate(bands):
        rows, total = score_table.score_table(db, score_table.TableQuery(WEEK, band=band), size=None)
        assert total == counted == len(rows)
        assert all(band * 10 <= r.score < band * 10 + 10 or (band == 9 and r.score == 100) for r in rows)
        assert not any(r.insufficient for r in rows)


def test_the_trend_follows_the_region_filter(db):
    freeze_demo(db)
    east = frozen(db, WEEK, "EAST").values()
    counts = {k: sum(getattr(r, k) for r in east) for k in ("cohort_size", "resolved_count", "timely_count")}
    (last, *_) = score_table.network_trend(db, WEEK, region="EAST")[-1:]
    assert last[0] == WEEK and last[1] == counts["resolved_count"] / counts["cohort_size"]
    assert last[2] == counts["timely_count"] / counts["cohort_size"]
    assert score_table.network_trend(db, WEEK, region="EAST") != score_table.network_trend(db, WEEK)


def test_side_by_side_figures_are_each_views_own(db):
    from complaint_console.services.score_headline import figures

    freeze_demo(db)
    for region in ("", "EAST", "SOUTH"):
        rows = frozen(db, WEEK, region)
        got = figures(db, score_table.TableQuery(WEEK, region=region), DEMO_NOW)
        assert got.score == network(rows.values()) and got.outlets == len(rows)
        assert got.tiers == {t: sum(1 for r in rows.values() if r.tier == t) for t in "ABCD"}
        assert got.flagged == sum(1 for r in rows.values() if r.warning and r.tier)
        assert got.received == sum(r.received_count for r in rows.values())
        assert got.resolution == sum(r.resolved_count for r in rows.values()) / sum(r.cohort_size for r in rows.values())


def test_a_slice_lists_the_outlets_that_received_such_tickets(db):
    import sqlalchemy as sa

    from complaint_console.db.scores import week_bounds

    freeze_demo(db)
    start, end = week_bounds(WEEK, "Asia/Shanghai")
    narrower = 0
    for column in ("category", "channel"):
        field = getattr(Ticket, column)
        in_week = sa.and_(Ticket.created_at >= start, Ticket.created_at < end)
        for value in db.exec(select(field).where(in_week).distinct()).all():
            expected = set(
                db.exec(select(Outlet.code).join(Ticket, Ticket.outlet_id == Outlet.id).where(in_week, field == value)).all()
            )
            rows, total = score_table.score_table(
                db, live_scores.ready(db, score_table.TableQuery(WEEK, received=(column, value)), DEMO_NOW), size=None
            )
            assert {r.code for r in rows} == expected and total == len(expected)
            narrower += 0 < total < 60
    assert narrower  # some slices come from some outlets only


def test_each_regions_trend_is_the_score_formula_on_its_sums(db):
    from complaint_console.services.score_headline import region_trends

    freeze_demo(db)
    got = {(week, region): score for week, region, score in region_trends(db, WEEK)}
    for region in ("EAST", "SOUTH", "NORTH"):
        assert got[(WEEK, region)] == network(frozen(db, WEEK, region).values())
        assert got[(BEFORE, region)] == network(frozen(db, BEFORE, region).values())
    assert len({week for week, _ in got}) == 10  # the demo's frozen weeks up to WEEK (fewer than 12)
    assert {region for _, region, _ in region_trends(db, WEEK, region="SOUTH")} == {"SOUTH"}  # follows the filter
