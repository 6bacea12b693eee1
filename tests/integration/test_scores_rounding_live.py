"""DESIGN "Outlet scores", as changed for #13: tier and rank on the score as shown (one decimal),
the live week scored on tickets already due, an insufficient sample without tier or warning,
and `rollup --refreeze` of weeks frozen under the old rule. Golden weeks on real databases."""

from datetime import timedelta

from sqlmodel import select

from complaint_console.db import outlet_scores, score_table
from complaint_console.db.models import AdminAudit, Setting, Survey, WeeklyOutletScore, WeeklyReport
from complaint_console.domain.scores import DEFAULT_WEIGHTS, score_text, weighted
from complaint_console.services import live_scores, score_settings
from complaint_console.services.refreeze import refreeze
from complaint_console.services.rollup import freeze_week
from tests import factories as f
from tests.integration.test_scores import END, NOW, START, WEEK, cohort_ticket, on_time, row


def thirds_outlet(db, code: str, good: int, size: int, start_at: int):
    """An outlet whose cohort of `size` has `good` tickets resolved on time, the others open."""
    o = f.outlet(db, code)
    for k in range(size):
        number = f"CP-20261110-{start_at + k:06d}"
        on_time(db, number, o.id) if k < good else cohort_ticket(db, number, o.id)
    return o


def built(db, code: str, size: int, resolved: int, timely: int, surveys: int, satisfied: int, start_at: int):
    """An outlet with a cohort of `size`: `timely` resolved on time, `resolved - timely` resolved late,
    the rest open; and `surveys` answers in the week, `satisfied` of them rated 5 (the others 2)."""
    o = f.outlet(db, code)
    tickets = []
    for k in range(size):
        number = f"CP-20261110-{start_at + k:06d}"
        if k < timely:
            tickets.append(on_time(db, number, o.id))
        else:
            late = START + timedelta(days=3) if k < resolved else None  # after its Tuesday due time
            tickets.append(cohort_ticket(db, number, o.id, resolved_at=late))
    db.flush()
    for k in range(surveys):
        at = START + timedelta(days=3, hours=k)
        db.add(Survey(ticket_id=tickets[k].id, sent_at=at, answered_at=at, rating=5 if k < satisfied else 2))
    return o


def test_golden_boundaries_90_80_60_from_thirds_take_the_higher_tier(db):
    # resolution 6/6, timeliness 4/6, satisfaction 3/3: 100·(0.4 + 0.3·2/3 + 0.3) = 90 exactly in decimals,
    # 89.99999999999999 in floats (graded B by the old rule)
    f.region(db)
    a = built(db, "EAST-090", 6, 6, 4, 3, 3, 1)
    b = built(db, "EAST-080", 6, 6, 4, 3, 2, 100)  # 100·(0.4 + 0.2 + 0.2) = 80
    c = built(db, "EAST-060", 6, 3, 2, 3, 3, 200)  # 100·(0.4·1/2 + 0.3·1/3 + 0.3) = 60
    db.commit()
    assert weighted({"resolution": 1, "timeliness": 4 / 6, "satisfaction": 1}, DEFAULT_WEIGHTS) < 90  # the float trap
    freeze_week(db, WEEK, NOW)
    got = [row(db, o.id) for o in (a, b, c)]
    assert [(r.score, r.tier, r.rank) for r in got] == [(90.0, "A", 1), (80.0, "B", 2), (60.0, "C", 3)]
    shown = {r.code: r for r in score_table.score_table(db, score_table.TableQuery(WEEK), size=None)[0]}
    assert score_text(shown["EAST-090"].score) == "90.0" and shown["EAST-090"].tier == "A"


def test_golden_a_tie_after_rounding_shares_the_better_rank(db):
    # cohorts of 7 and 9: 5/7 → 71.428…→ 71.4 and … the four outlets below score 100, 71.4, 71.4, 60 as shown
    f.region(db)
    a = thirds_outlet(db, "EAST-001", 7, 7, 1)  # 100
    b = thirds_outlet(db, "EAST-002", 5, 7, 10)  # 5/7 = 71.428…
    # resolution 0.7143 and timeliness 0.7143 via a cohort of 14 with 10 on time: 71.428… again but from other counts
    c = thirds_outlet(db, "EAST-003", 10, 14, 20)
    d = thirds_outlet(db, "EAST-004", 3, 5, 40)  # 60
    db.commit()
    freeze_week(db, WEEK, NOW)
    shown = [row(db, o.id) for o in (a, b, c, d)]
    assert [r.score for r in shown] == [100.0, 71.4, 71.4, 60.0]
    assert [r.rank for r in shown] == [1, 2, 2, 4]


def test_golden_a_tie_only_after_rounding(db):
    # 100·(0.4·r)/0.4 … resolution only: 6/7 = 85.714… → 85.7 and 12/14 … use 857/1000 style: 43/50 = 86.0 vs
    # 6/7 = 85.71 (85.7) and 257/300 = 85.666… (85.7): different raw scores, the same shown score, one rank.
    f.region(db)
    a = thirds_outlet(db, "EAST-001", 6, 7, 1)  # 85.714…
    b = f.outlet(db, "EAST-002")
    n = 100
    for k in range(300):  # 257 of 300 resolved on time: 85.666…
        n += 1
        on_time(db, f"CP-20261110-{n:06d}", b.id) if k < 257 else cohort_ticket(db, f"CP-20261110-{n:06d}", b.id)
    c = thirds_outlet(db, "EAST-003", 5, 5, 500)  # 100
    db.commit()
    freeze_week(db, WEEK, NOW)
    ra, rb, rc = row(db, a.id), row(db, b.id), row(db, c.id)
    assert ra.resolution_rate != rb.resolution_rate and ra.score == rb.score == 85.7
    assert (rc.rank, ra.rank, rb.rank) == (1, 2, 2) and ra.tier == rb.tier == "B"


def test_golden_the_live_week_counts_only_tickets_already_due(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    for i in range(5):
        on_time(db, f"CP-20261110-00000{i}", o.id)  # due Tuesday, resolved Monday
    wednesday = START + timedelta(days=2, hours=12)
    for i in range(3):  # three new complaints, open, due on Friday: not yet due on Wednesday
        cohort_ticket(db, f"CP-20261111-00000{i}", o.id, due=START + timedelta(days=4))
    early = cohort_ticket(db, "CP-20261111-000009", o.id, due=START + timedelta(days=5))  # resolved early, due Saturday
    early.resolved_at = wednesday - timedelta(hours=1)
    cohort_ticket(db, "CP-20261111-000010", o.id, due=END + timedelta(days=1))  # due next week: not this week's
    db.commit()
    live, _ = score_table.score_table(db, live_scores.ready(db, score_table.TableQuery(WEEK, live=True), wednesday))
    r = live[0]
    assert (r.cohort_size, r.score, r.tier, r.rank, r.not_yet_due, r.warning) == (5, 100.0, "A", 1, 3, None)
    assert r.timeliness_rate == 1.0 and r.resolution_rate == 1.0  # the open ones are no failures
    friday_night = START + timedelta(days=4, hours=12)
    later, _ = score_table.score_table(db, live_scores.ready(db, score_table.TableQuery(WEEK, live=True), friday_night))
    assert (later[0].cohort_size, later[0].not_yet_due, later[0].resolution_rate) == (8, 0, 5 / 8)  # now due, now missed
    assert outlet_scores.missed_tickets(db, o.id, WEEK)[1] == 3  # the whole week: the three still open are missed


def test_a_partial_week_raises_no_early_warning(db):
    f.region(db)
    o = f.outlet(db, "EAST-001")
    for back in range(1, 9):  # a calm history of 5 received and 100 a week
        db.add(
            WeeklyOutletScore(
                week_start=WEEK - timedelta(weeks=back),
                outlet_id=o.id,
                received_count=5,
                cohort_size=5,
                score=100.0 if back % 2 else 98.0,
                computed_at=NOW,
            )
        )
    for i in range(5):
        on_time(db, f"CP-20261110-00000{i}", o.id)
    for i in range(30):  # a burst received on Tuesday: far beyond 2 standard deviations
        t = cohort_ticket(db, f"CP-20261111-{i:06d}", o.id, due=START + timedelta(days=2, hours=20))
        t.created_at = START + timedelta(days=1)
    db.commit()
    live, _ = score_table.score_table(
        db, live_scores.ready(db, score_table.TableQuery(WEEK, live=True), START + timedelta(days=2))
    )
    assert live[0].received == 35 and live[0].not_yet_due == 30 and live[0].warning is None
    freeze_week(db, WEEK, NOW)  # the complete week does flag it
    assert row(db, o.id).warning == "received,score"


def test_an_insufficient_sample_has_no_tier_no_warning_and_stays_out_of_the_distribution(db):
    f.region(db)
    small, _ = f.outlet(db, "EAST-001"), thirds_outlet(db, "EAST-002", 5, 5, 100)
    for back in range(1, 9):
        db.add(
            WeeklyOutletScore(
                week_start=WEEK - timedelta(weeks=back),
                outlet_id=small.id,
                received_count=1,
                cohort_size=1,
                score=100.0 if back % 2 else 98.0,
                computed_at=NOW,
            )
        )
    for i in range(3):
        cohort_ticket(db, f"CP-20261110-00000{i}", small.id)  # 3 open: 0 %, a fall far beyond 2 sigma
    db.commit()
    freeze_week(db, WEEK, NOW)
    r = row(db, small.id)
    assert (r.cohort_size, r.score, r.tier, r.rank, r.warning) == (3, 0.0, None, None, None)
    q = score_table.TableQuery(WEEK)
    assert sum(score_table.distribution(db, live_scores.ready(db, q, NOW))) == 1  # EAST-002 only
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == WEEK)).one()
    assert report.summary["warnings"] == [] and report.summary["tiers"] == {"A": 1}


def test_refreeze_rescores_old_weeks_with_their_own_weights_and_records_an_audit_line(db):
    f.region(db)
    a = built(db, "EAST-001", 6, 6, 4, 3, 3, 1)  # 89.99999999999999 in floats, 90.0 as shown
    b = thirds_outlet(db, "EAST-002", 6, 6, 100)  # 100
    db.commit()
    freeze_week(db, WEEK, NOW)
    w = WeeklyOutletScore
    for r in db.exec(select(w).where(w.week_start == WEEK)).all():  # the week as the old rule froze it
        if r.outlet_id == a.id:
            r.score, r.tier = weighted({"resolution": 1, "timeliness": 4 / 6, "satisfaction": 1}, DEFAULT_WEIGHTS), "B"
    db.add(
        Setting(key=score_settings.WEIGHTS_KEY, value={"resolution": 1.0, "satisfaction": 0.0, "timeliness": 0.0}, valid_from=NOW)
    )  # today's weights: a frozen week keeps its own
    db.commit()
    results = refreeze(db, None, NOW + timedelta(days=1))
    assert [(x.week, x.scores, x.tiers, x.ranks, x.tier_moves) for x in results] == [(WEEK, 1, 1, 0, {"EAST-001": ["B", "A"]})]
    db.expire_all()
    ra, rb = row(db, a.id), row(db, b.id)
    assert (ra.score, ra.tier, ra.rank, rb.rank, ra.weights["resolution"]) == (90.0, "A", 2, 1, 0.4)
    audit = db.exec(select(AdminAudit).where(AdminAudit.entity == "week")).one()
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == WEEK)).one()
    assert (audit.action, audit.entity_id, audit.changes["tier"]) == ("refreeze", report.id, {"EAST-001": ["B", "A"]})
    assert report.summary["tiers"] == {"A": 2}
    assert refreeze(db, None, NOW + timedelta(days=2))[0].changed is False  # a second run changes nothing
    assert len(db.exec(select(AdminAudit).where(AdminAudit.entity == "week")).all()) == 1
