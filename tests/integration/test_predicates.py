"""Each SQL twin in db/predicates.py against its plain-Python rule, on generated tickets.

The times are drawn from a few offsets around `NOW` and around each due time, equality
included, so a `<` written where the domain says `<=` shows up here."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from complaint_console.db import predicates
from complaint_console.db.models import Survey, Ticket
from complaint_console.domain.scores import is_timely
from complaint_console.domain.sla import ALWAYS_OPEN, ClockState, resolution_clock, response_clock
from complaint_console.domain.survey_tokens import is_low, is_satisfied
from tests import factories

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
WEEK_END = NOW + timedelta(hours=6)
STEPS = [timedelta(minutes=m) for m in (-90, -1, 0, 1, 90)]
LATE = (ClockState.MISSED, ClockState.BREACHED)


def _generated(db, count: int = 400) -> list[Ticket]:
    rng = random.Random(20261204)
    factories.region(db)
    outlet = factories.outlet(db, "EAST-001")
    made = []
    for i in range(count):
        t = factories.ticket(db, f"CP-20261125-{i:06d}", outlet.id)
        t.created_at = NOW - timedelta(hours=30)
        t.response_due_at = NOW + rng.choice(STEPS)
        t.resolution_due_at = rng.choice([NOW, WEEK_END]) + rng.choice(STEPS)
        t.first_response_at = rng.choice([None, t.response_due_at + rng.choice(STEPS)])
        t.resolved_at = rng.choice([None, None, t.resolution_due_at + rng.choice(STEPS), WEEK_END + rng.choice(STEPS)])
        if t.resolved_at is not None and t.resolved_at > NOW:
            t.resolved_at = rng.choice([t.resolved_at, None])
        t.paused_since = rng.choice([None, None, NOW - timedelta(hours=1)]) if t.resolved_at is None else None
        t.closed_at = rng.choice([None, None, t.resolved_at or NOW - timedelta(minutes=5)])
        db.add(t)
        made.append(t)
    db.flush()
    return made


def _sql(db, condition) -> set[int]:
    return set(db.exec(select(Ticket.id).where(condition)).all())


def _response(t: Ticket) -> ClockState:
    return response_clock(ALWAYS_OPEN, t.created_at, t.response_due_at, t.response_target_minutes, t.first_response_at, NOW).state


def _resolution(t: Ticket) -> ClockState:
    return resolution_clock(
        ALWAYS_OPEN,
        t.created_at,
        t.resolution_due_at,
        t.resolution_target_minutes,
        t.paused_seconds,
        t.paused_since,
        t.resolved_at,
        NOW,
    ).state


def test_each_clock_predicate_is_its_python_rule(db):
    tickets = _generated(db)
    expected = {
        "response_overdue": {t.id for t in tickets if _response(t) == ClockState.BREACHED},
        "resolution_overdue": {t.id for t in tickets if _resolution(t) == ClockState.BREACHED},
        "breached_now": {t.id for t in tickets if ClockState.BREACHED in (_response(t), _resolution(t))},
        "response_missed": {t.id for t in tickets if _response(t) in LATE},
        "resolution_missed": {
            t.id
            for t in tickets
            if _resolution(t) == ClockState.MISSED or (_resolution(t) == ClockState.BREACHED and t.closed_at is None)
        },
        "resolved_late": {t.id for t in tickets if _resolution(t) == ClockState.MISSED},
    }
    for name, ids in expected.items():
        rule = getattr(predicates, name)
        got = _sql(db, rule() if name == "resolved_late" else rule(NOW))
        assert got == ids, name
        assert 0 < len(ids) < len(tickets), f"{name}: the generated tickets must fall on both sides"


def test_timeliness_in_sql_is_the_domain_rule(db):
    tickets = _generated(db)
    expected = {
        t.id for t in tickets if is_timely(t.first_response_at, t.response_due_at, t.resolved_at, t.resolution_due_at, WEEK_END)
    }
    assert _sql(db, predicates.timely(WEEK_END)) == expected
    assert 0 < len(expected) < len(tickets)


def test_low_and_satisfied_ratings_in_sql_are_the_survey_rules(db):
    factories.region(db)
    outlet = factories.outlet(db, "EAST-001")
    for rating in range(1, 6):
        t = factories.ticket(db, f"CP-20261125-{rating:06d}", outlet.id)
        db.add(Survey(ticket_id=t.id, token_hash=f"h{rating}", sent_at=NOW, expires_at=NOW, rating=rating))
    db.flush()
    low = set(db.exec(select(Survey.rating).where(predicates.low_rating(Survey.rating))).all())
    assert low == {r for r in range(1, 6) if is_low(r)} == {1, 2}
    satisfied = set(db.exec(select(Survey.rating).where(predicates.satisfied(Survey.rating))).all())
    assert satisfied == {r for r in range(1, 6) if is_satisfied(r)} == {4, 5}
