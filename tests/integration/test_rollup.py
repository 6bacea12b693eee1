"""The weekly roll-up on real databases: DESIGN's cohort and rates, once per week, caught up."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from complaint_console.db.models import Survey, Ticket, WeeklyOutletScore, WeeklyReport
from complaint_console.jobs import runner
from complaint_console.jobs.scheduler import due_now
from complaint_console.services.rollup import freeze_week
from tests import factories as f

WEEK = date(2026, 11, 9)  # a Monday
START = datetime(2026, 11, 8, 16, 0, tzinfo=UTC)  # Monday 00:00 in Asia/Shanghai
NOW = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)  # the Monday after, 08:00 in Shanghai (after 06:00)


def add(
    db,
    number: str,
    outlet_id: int,
    due: datetime,
    *,
    responded: timedelta | None,
    resolved: timedelta | None,
    created: datetime | None = None,
    repeat_of: int | None = None,
) -> Ticket:
    t = f.ticket(db, number, outlet_id)
    t.created_at = created or due - timedelta(hours=24)
    t.response_due_at, t.resolution_due_at = t.created_at + timedelta(minutes=30), due
    t.first_response_at = t.created_at + responded if responded is not None else None
    t.resolved_at = due + resolved if resolved is not None else None
    t.repeat_of_id = repeat_of
    return t


@pytest.fixture
def outlets(db):
    f.region(db)
    a, b, idle = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002"), f.outlet(db, "EAST-003")
    day = START + timedelta(days=2)
    on_time, late = timedelta(minutes=10), timedelta(hours=2)
    # EAST-001: 6 in the cohort: 4 resolved on time with a timely response, 1 resolved late, 1 still open
    for i in range(4):
        add(db, f"CP-20261111-00000{i}", a.id, day, responded=on_time, resolved=-timedelta(hours=1))
    add(db, "CP-20261111-000010", a.id, day, responded=on_time, resolved=late)
    first = add(db, "CP-20261111-000011", a.id, day, responded=None, resolved=None)
    db.flush()
    add(
        db,
        "CP-20261111-000012",
        a.id,
        START + timedelta(days=9),
        responded=None,
        resolved=None,
        created=START + timedelta(days=3),
        repeat_of=first.id,
    )  # received this week, due next week
    add(db, "CP-20261101-000001", a.id, START - timedelta(days=1), responded=on_time, resolved=None)  # last week's cohort
    # EAST-002: 2 tickets: too few to be ranked
    for i in range(2):
        add(db, f"CP-20261112-00000{i}", b.id, day, responded=on_time, resolved=-timedelta(hours=1))
    db.flush()
    for rating, ticket_id in ((5, first.id), (4, first.id), (2, first.id)):
        db.add(Survey(ticket_id=ticket_id, sent_at=day, answered_at=day + timedelta(hours=rating), rating=rating))
    db.add(Survey(ticket_id=first.id, sent_at=day, answered_at=START + timedelta(days=8), rating=1))  # next week
    db.commit()
    return a.id, b.id, idle.id


def row(db, outlet_id) -> WeeklyOutletScore:
    return db.exec(
        select(WeeklyOutletScore).where(WeeklyOutletScore.week_start == WEEK, WeeklyOutletScore.outlet_id == outlet_id)
    ).one()


def test_a_week_is_frozen_with_designs_formula_and_only_once(db, outlets):
    a, b, idle = outlets
    assert freeze_week(db, WEEK, NOW)
    r = row(db, a)
    assert (r.cohort_size, r.resolved_count, r.timely_count, r.survey_count, r.satisfied_count) == (6, 5, 4, 3, 2)
    assert (r.received_count, r.repeat_count) == (7, 1)  # created in the week: the cohort's six, and the repeat
    assert r.resolution_rate == pytest.approx(5 / 6) and r.timeliness_rate == pytest.approx(4 / 6)
    assert r.score == 73.3 == round(100 * (0.4 * 5 / 6 + 0.3 * 2 / 3 + 0.3 * 4 / 6), 1) and r.tier == "C" and r.rank == 1
    assert row(db, b).rank is None and row(db, b).score == 100.0  # insufficient sample: shown, not ranked
    empty = row(db, idle)
    assert (empty.cohort_size, empty.score, empty.rank, empty.resolution_rate) == (0, None, None, None)
    report = db.exec(select(WeeklyReport).where(WeeklyReport.week_start == WEEK)).one()
    assert report.summary["totals"]["cohort_size"] == 8 and report.summary["top"][0]["outlet"] == "EAST-001"
    computed = r.computed_at
    assert not freeze_week(db, WEEK, NOW + timedelta(hours=1))  # a second run changes nothing
    db.expire_all()
    assert row(db, a).computed_at == computed


def test_two_processes_freezing_the_same_week_leave_one_result(db, outlets, migrated_engine):
    results = []

    def freeze():
        with Session(migrated_engine) as own:
            results.append(freeze_week(own, WEEK, NOW))

    threads = [threading.Thread(target=freeze) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert len(db.exec(select(WeeklyOutletScore).where(WeeklyOutletScore.week_start == WEEK)).all()) == 3


def test_the_job_is_due_after_monday_six_and_catches_up_missed_weeks(db, outlets, migrated_engine):
    sunday = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
    assert "weekly_rollup" in due_now(migrated_engine, sunday)  # never ran: last Monday's run was missed
    with time_machine.travel(NOW, tick=False):
        run = runner.run(migrated_engine, "weekly_rollup", "catch-up", "test")
    assert run.outcome == "ok" and run.counts["weeks_frozen"] == 2  # the week of the first ticket, and WEEK
    assert "weekly_rollup" not in due_now(migrated_engine, NOW + timedelta(hours=1))
    assert "weekly_rollup" in due_now(migrated_engine, NOW + timedelta(days=7))
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        again = runner.run(migrated_engine, "weekly_rollup", "schedule", "test")
    assert again.counts["weeks_frozen"] == 1  # the week just ended; the earlier ones stay as they were
