"""Outlet scores on real databases: a demo week recomputed by independent SQL, golden weeks,
versioned settings, early warning, the live week and the table paged in SQL."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import select

from complaint_console.db import outlet_scores, score_table
from complaint_console.db.models import LiveOutletScore, Survey, Ticket, TicketEvent, WeeklyOutletScore, WeeklyReport
from complaint_console.domain.access import Actor
from complaint_console.domain.vocabulary import Role
from complaint_console.services import live_scores, score_settings
from complaint_console.services.rollup import freeze_week
from seeds import demo
from tests import factories as f

WEEK = date(2026, 11, 9)  # a Monday
START = datetime(2026, 11, 8, 16, 0, tzinfo=UTC)  # Monday 00:00 in Asia/Shanghai
END = START + timedelta(days=7)
NOW = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)  # the Monday after
DEMO_NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)

INDEPENDENT = """
WITH c AS (
  SELECT outlet_id, COUNT(*) AS n,
    SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at < :end THEN 1 ELSE 0 END) AS r,
    SUM(CASE WHEN resolved_at IS NOT NULL AND resolved_at < :end AND first_response_at IS NOT NULL
             AND first_response_at <= response_due_at AND resolved_at <= resolution_due_at THEN 1 ELSE 0 END) AS t
  FROM ticket WHERE resolution_due_at >= :start AND resolution_due_at < :end GROUP BY outlet_id
), s AS (
  SELECT tk.outlet_id, COUNT(*) AS n, SUM(CASE WHEN sv.rating >= 4 THEN 1 ELSE 0 END) AS ok
  FROM survey sv JOIN ticket tk ON tk.id = sv.ticket_id
  WHERE sv.answered_at >= :start AND sv.answered_at < :end AND sv.rating IS NOT NULL GROUP BY tk.outlet_id
), rates AS (
  SELECT o.id, COALESCE(c.n, 0) AS cohort, 1.0 * c.r / c.n AS res, 1.0 * c.t / c.n AS tim, 1.0 * s.ok / s.n AS sat
  FROM outlet o LEFT JOIN c ON c.outlet_id = o.id LEFT JOIN s ON s.outlet_id = o.id WHERE o.active
), scored AS (
  SELECT id, cohort, res, tim, sat,
    100.0 * (COALESCE(0.4 * res, 0) + COALESCE(0.3 * sat, 0) + COALESCE(0.3 * tim, 0))
      / NULLIF(CASE WHEN res IS NULL THEN 0 ELSE 0.4 END + CASE WHEN sat IS NULL THEN 0 ELSE 0.3 END
               + CASE WHEN tim IS NULL THEN 0 ELSE 0.3 END, 0) AS score
  FROM rates
), shown AS (  -- DESIGN: the score rounded (half up) to one decimal decides tier and rank
  SELECT id, cohort, res, tim, sat, ROUND(CAST(score AS NUMERIC) + 0.0000001, 1) AS score FROM scored
)
SELECT id, cohort, res, tim, sat, score,
  CASE WHEN cohort >= 5 AND score IS NOT NULL THEN
    (SELECT COUNT(*) FROM shown b WHERE b.cohort >= 5 AND b.score IS NOT NULL AND b.score > shown.score + 1e-9) + 1
  END AS rnk
FROM shown ORDER BY id
"""


def test_a_frozen_demo_week_matches_independent_sql_for_every_outlet(db):
    demo.load(db, DEMO_NOW)
    week = date(2026, 11, 9)  # the last complete week before DEMO_NOW
    assert freeze_week(db, week, DEMO_NOW)
    start = datetime(2026, 11, 8, 16, 0, tzinfo=UTC)  # Monday 00:00 at UTC+8, worked out by hand
    stamp = Ticket.__table__.c.created_at.type
    query = sa.text(INDEPENDENT).bindparams(
        sa.bindparam("start", start, type_=stamp), sa.bindparam("end", start + timedelta(days=7), type_=stamp)
    )
    expected = db.execute(query).all()
    frozen = {r.outlet_id: r for r in db.exec(select(WeeklyOutletScore).where(WeeklyOutletScore.week_start == week)).all()}
    assert len(expected) == len(frozen) == 60
    assert sum(e.cohort for e in expected) > 300 and sum(1 for e in expected if e.rnk) > 30

    def same(a, b):
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9)

    for e in expected:
        row = frozen[e.id]
        assert row.cohort_size == e.cohort
        for mine, theirs in ((row.resolution_rate, e.res), (row.timeliness_rate, e.tim), (row.satisfaction_rate, e.sat)):
            assert same(mine, None if theirs is None else float(theirs)), e
        assert same(row.score, None if e.score is None else float(e.score)), (row.score, e)
        assert row.rank == e.rnk, e


# --- golden weeks --------------------------------------------------------------------------


def cohort_ticket(db, number, outlet_id, *, resolved_at=None, responded=True, due=None):
    t = f.ticket(db, number, outlet_id)
    due = due or START + timedelta(days=2)
    t.created_at = due - timedelta(hours=24)
    t.response_due_at, t.resolution_due_at = t.created_at + timedelta(minutes=30), due
    t.first_response_at = t.created_at + timedelta(minutes=10) if responded else None
    t.resolved_at = resolved_at
    t.stage = "resolved" if resolved_at else "investigating"
    return t


def on_time(db, number, outlet_id):
    return cohort_ticket(db, number, outlet_id, resolved_at=START + timedelta(days=1))


def row(db, outlet_id, week=WEEK) -> WeeklyOutletScore:
    return db.exec(
        select(WeeklyOutletScore).where(WeeklyOutletScore.week_start == week, WeeklyOutletScore.outlet_id == outlet_id)
    ).one()


def test_golden_no_surveys_renormalises_the_weights(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    for i in range(4):
        on_time(db, f"CP-20261110-00000{i}", o.id)
    cohort_ticket(db, "CP-20261110-000009", o.id)  # open
    db.commit()
    freeze_week(db, WEEK, NOW)
    r = row(db, o.id)
    assert r.satisfaction_rate is None and r.survey_count == 0
    assert r.score == pytest.approx(100 * (0.4 * 0.8 + 0.3 * 0.8) / 0.7)  # = 80: satisfaction dropped out
    assert r.tier == "B" and r.rank == 1


def test_golden_ties_share_the_better_rank_and_a_small_cohort_is_shown_unranked(db):
    f.region(db)
    outlets = [f.outlet(db, f"EAST-00{i}") for i in range(1, 6)]
    plan = {0: (5, 5), 1: (5, 4), 2: (5, 4), 3: (5, 3), 4: (3, 3)}  # (cohort, resolved on time)
    n = 0
    for index, (size, good) in plan.items():
        for k in range(size):
            n += 1
            number = f"CP-20261110-{n:06d}"
            on_time(db, number, outlets[index].id) if k < good else cohort_ticket(db, number, outlets[index].id)
    db.commit()
    freeze_week(db, WEEK, NOW)
    assert [row(db, o.id).rank for o in outlets] == [1, 2, 2, 4, None]
    small = row(db, outlets[4].id)
    assert small.score == pytest.approx(100.0) and small.cohort_size == 3  # shown with its score, not ranked


def test_golden_reopened_and_late_resolved_tickets_count_as_not_resolved(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    for i in range(3):
        on_time(db, f"CP-20261110-00000{i}", o.id)
    reopened = cohort_ticket(db, "CP-20261110-000005", o.id)  # was resolved on Tuesday, reopened on Thursday
    db.flush()
    db.add(
        TicketEvent(
            ticket_id=reopened.id,
            at=START + timedelta(days=1),
            kind="stage",
            from_stage="executing",
            to_stage="resolved",
            note="",
        )
    )
    db.add(
        TicketEvent(
            ticket_id=reopened.id,
            at=START + timedelta(days=3),
            kind="stage",
            from_stage="resolved",
            to_stage="investigating",
            note="reopened",
        )
    )
    cohort_ticket(db, "CP-20261110-000006", o.id, resolved_at=END + timedelta(hours=2))  # resolved after the week ended
    db.commit()
    freeze_week(db, WEEK, NOW)
    r = row(db, o.id)
    assert (r.cohort_size, r.resolved_count, r.timely_count) == (5, 3, 3)
    assert r.resolution_rate == pytest.approx(0.6) and r.timeliness_rate == pytest.approx(0.6)


def test_golden_escalations_and_average_compensation_are_shown_not_scored(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    paid = [on_time(db, f"CP-20261110-00000{i}", o.id) for i in range(4)]  # resolved on Tuesday
    paid[0].compensation_amount, paid[1].compensation_amount, paid[2].compensation_amount = 100, Decimal("300.50"), 0
    late = cohort_ticket(db, "CP-20261110-000008", o.id, resolved_at=END + timedelta(hours=1))
    late.compensation_amount = 900  # paid the week after: not this week's
    db.flush()
    for ticket, at in (
        (paid[0], START + timedelta(days=1)),
        (paid[0], START + timedelta(days=2)),
        (paid[1], START - timedelta(hours=1)),
        (paid[3], END + timedelta(minutes=1)),
    ):
        db.add(TicketEvent(ticket_id=ticket.id, at=at, kind="escalated", note="→ region"))
    db.commit()
    freeze_week(db, WEEK, NOW)
    r = row(db, o.id)
    assert (r.escalated_count, r.compensated_count, r.compensation_total) == (1, 2, Decimal("400.50"))
    shown = score_table.score_table(db, score_table.TableQuery(WEEK))[0][0]
    assert shown.escalated == 1 and shown.average_compensation == Decimal("200.25")
    assert shown.score == pytest.approx(80.0)  # 4 of 5 resolved and on time: neither changes the score


# --- settings, early warning, change -------------------------------------------------------

ADMIN = Actor(1, "admin", "Admin", Role.HQ_ADMIN, None)


def test_settings_are_versioned_validated_and_frozen_weeks_keep_theirs(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    admin = f.user(db, "admin", Role.HQ_ADMIN)
    actor = Actor(admin.id, "admin", "Admin", Role.HQ_ADMIN, None)
    for i in range(5):
        on_time(db, f"CP-20261110-00000{i}", o.id)
    db.commit()
    freeze_week(db, WEEK, NOW)
    errors = score_settings.save_score_settings(
        db, actor, {"resolution": "2", "satisfaction": "0.3", "timeliness": "0.3"}, {"A": "90", "B": "95", "C": "60"}, NOW
    )
    assert errors == {"weights.resolution": "scores.error_weight_range", "tiers.B": "scores.error_tier_order"}
    assert score_settings.weights_at(db, NOW + timedelta(days=1))["resolution"] == 0.4  # nothing stored
    later = NOW + timedelta(hours=1)
    new = ({"resolution": "0.5", "satisfaction": "0.25", "timeliness": "0.25"}, {"A": "95", "B": "85", "C": "70"})
    assert score_settings.save_score_settings(db, actor, *new, later) == {}
    assert score_settings.weights_at(db, later) == {"resolution": 0.5, "satisfaction": 0.25, "timeliness": 0.25}
    assert score_settings.weights_at(db, NOW) == {"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3}  # as it was before
    assert score_settings.tiers_at(db, later) == {"A": 95.0, "B": 85.0, "C": 70.0}
    assert row(db, o.id).weights == {"resolution": 0.4, "satisfaction": 0.3, "timeliness": 0.3}  # the frozen week kept its
    next_week = WEEK + timedelta(weeks=1)
    freeze_week(db, next_week, later + timedelta(days=7))
    assert row(db, o.id, next_week).weights["resolution"] == 0.5 and row(db, o.id, next_week).tiers["A"] == 95.0


def test_early_warning_and_change_are_frozen_with_the_week(db):
    f.region(db)
    calm, spiking = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    for back in range(1, 9):  # eight previous weeks, as frozen
        for o in (calm, spiking):
            db.add(
                WeeklyOutletScore(
                    week_start=WEEK - timedelta(weeks=back),
                    outlet_id=o.id,
                    received_count=5 + back % 2,
                    score=100.0 if back % 2 else 98.0,
                    computed_at=NOW,
                )
            )
    for i in range(5):
        on_time(db, f"CP-20261110-00000{i}", calm.id)
        t = on_time(db, f"CP-20261110-00001{i}", spiking.id)
        t.created_at = START + timedelta(hours=1)
    for i in range(20):  # a burst of complaints received this week (due next week)
        t = cohort_ticket(db, f"CP-20261111-{i:06d}", spiking.id, due=END + timedelta(days=2))
        t.created_at = START + timedelta(days=3)
    db.commit()
    freeze_week(db, WEEK, NOW)
    assert row(db, calm.id).warning is None
    assert row(db, spiking.id).warning == "received"
    assert row(db, calm.id).score_change == pytest.approx(0.0)  # 100 this week, 100 the week before
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == WEEK)).one()
    assert report.summary["warnings"] == [{"outlet": "EAST-002", "on": "received"}]


# --- the table: live week, filters, sort and pages in SQL ----------------------------------


@pytest.fixture
def network(db):
    f.region(db)
    f.region(db, "NORTH")
    n = 0
    for index in range(1, 8):
        o = f.outlet(db, f"{'EAST' if index < 5 else 'NORTH'}-00{index}", "EAST" if index < 5 else "NORTH")
        for k in range(6):
            n += 1
            number = f"CP-20261110-{n:06d}"
            on_time(db, number, o.id) if k < index - 1 else cohort_ticket(db, number, o.id)
    db.commit()
    freeze_week(db, WEEK, NOW)


def test_the_table_sorts_filters_and_pages_in_the_database(db, network):
    q = score_table.TableQuery(WEEK)
    rows, total = score_table.score_table(db, live_scores.ready(db, q, NOW))
    assert total == 7 and [r.code for r in rows][:2] == ["NORTH-007", "NORTH-006"]  # rank 1 first
    rows, _ = score_table.score_table(db, score_table.TableQuery(WEEK, sort="timeliness", descending=False))
    assert [r.code for r in rows][0] == "EAST-001" and rows[0].timeliness_rate == 0
    page, total = score_table.score_table(db, score_table.TableQuery(WEEK, sort="code"), page=1, size=3)
    assert [r.code for r in page] == ["EAST-004", "NORTH-005", "NORTH-006"] and total == 7
    rows, total = score_table.score_table(db, score_table.TableQuery(WEEK, region="NORTH"))
    assert total == 3 and {r.region for r in rows} == {"NORTH"}
    rows, total = score_table.score_table(db, score_table.TableQuery(WEEK, search="east-00"))
    assert total == 4
    for key in score_table.SORT_KEYS:  # every column sorts, both ways
        for descending in (False, True):
            assert score_table.score_table(db, score_table.TableQuery(WEEK, sort=key, descending=descending))[1] == 7
    assert sum(score_table.distribution(db, live_scores.ready(db, q, NOW))) == 7
    assert [r.code for r in score_table.weakest(db, live_scores.ready(db, q, NOW), 2)] == ["EAST-001", "EAST-002"]
    assert {r[0] for r in score_table.by_region(db, live_scores.ready(db, q, NOW))} == {"EAST", "NORTH"}
    assert score_table.frozen_weeks(db) == [WEEK]


def test_the_live_week_uses_the_same_module_and_marks_change(db, network):
    during = START + timedelta(days=2, hours=12)  # Wednesday of WEEK, which is frozen above: compare both
    frozen = {r.code: r for r in score_table.score_table(db, score_table.TableQuery(WEEK), size=None)[0]}
    live, total = score_table.score_table(
        db, live_scores.ready(db, score_table.TableQuery(WEEK, live=True, sort="score", descending=True), during), size=None
    )
    assert total == 7 and live_scores.current_week(during) == WEEK
    assert live[0].code == "NORTH-007"
    for r in live:
        assert r.score == pytest.approx(frozen[r.code].score, abs=1e-9) or (r.score is None and frozen[r.code].score is None)
        assert (r.escalated, r.compensated, r.compensation_total) == (
            frozen[r.code].escalated,
            frozen[r.code].compensated,
            frozen[r.code].compensation_total,
        )


def test_the_live_week_is_a_snapshot_kept_for_a_minute_and_paged_in_sql(db, network):
    during = START + timedelta(days=2, hours=12)
    q = score_table.TableQuery(WEEK, live=True, sort="code")
    page, total = score_table.score_table(db, live_scores.ready(db, q, during), page=1, size=3)
    assert total == 7 and [r.code for r in page] == ["EAST-004", "NORTH-005", "NORTH-006"]
    assert set(db.exec(select(LiveOutletScore.computed_at)).all()) == {during}
    f.outlet(db, "WEST-001")  # a new outlet joins the network
    db.commit()
    later = during + timedelta(seconds=live_scores.LIVE_SECONDS)
    assert (
        score_table.score_table(db, live_scores.ready(db, q, later - timedelta(seconds=1)))[1] == 7
    )  # the snapshot still serves
    assert score_table.score_table(db, live_scores.ready(db, q, later))[1] == 8  # a minute on, it is computed again
    assert sum(score_table.distribution(db, live_scores.ready(db, q, later))) == 7  # the new outlet has no score yet
    assert set(db.exec(select(LiveOutletScore.computed_at)).all()) == {later}
    next_week = score_table.score_table(db, live_scores.ready(db, q, during + timedelta(days=7)), size=None)[
        0
    ]  # the next week replaces it
    assert len(next_week) == 8 and {w for w in db.exec(select(LiveOutletScore.week_start)).all()} == {WEEK + timedelta(days=7)}


def test_an_outlet_page_shows_only_what_the_actor_may_see(db, network):
    east1 = outlet_scores.outlet_by_code(db, "EAST-001", None)
    assert east1 is not None
    assert outlet_scores.outlet_by_code(db, "EAST-001", east1.id + 1) is None  # another outlet's manager: not found
    missed, total = outlet_scores.missed_tickets(db, east1.id, WEEK)
    assert total == 6 and len(missed) == 6
    assert outlet_scores.breakdown(db, east1.id, WEEK, "category") == [("delay", 6)]
    assert outlet_scores.sla_by_severity(db, east1.id, WEEK) == [("general", 6, 0)]
    assert len(outlet_scores.outlet_trend(db, east1.id, WEEK)) == 1


def test_surveys_are_counted_by_answer_time(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    for i in range(5):
        t = on_time(db, f"CP-20261110-00000{i}", o.id)
    db.flush()
    db.add(Survey(ticket_id=t.id, sent_at=START, answered_at=START + timedelta(days=1), rating=5))
    db.add(Survey(ticket_id=t.id, sent_at=START, answered_at=END + timedelta(hours=1), rating=1))  # next week's
    db.commit()
    freeze_week(db, WEEK, NOW)
    assert row(db, o.id).satisfaction_rate == 1.0
