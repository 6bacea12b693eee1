"""Good-practice signals of typical cases (#14 point 8): the SQL twin in db/cases agrees with the
plain-Python rule in domain/cases on generated tickets, and the candidate list filters by them."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from complaint_console.db import cases
from complaint_console.db.models import Survey, TicketEvent
from complaint_console.domain.cases import ANY_GOOD, GOOD_SIGNALS, good_signals, resolved_fast, score
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth
from tests import factories as f

WEEK = date(2026, 11, 16)  # Asia/Shanghai: [2026-11-15 16:00 UTC, 2026-11-22 16:00 UTC)
TZ = "Asia/Shanghai"
START = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 10, 0, 0, tzinfo=UTC)


def _moment(rng: random.Random, base: datetime, seconds: int) -> datetime:
    # whole seconds mostly; some with a fraction, which the rule floors on both sides
    return base + timedelta(seconds=seconds, microseconds=rng.choice([0, 0, 0, 250_000, 999_000]))


def generate(db, outlet_id: int, rng: random.Random, n: int):
    """`n` tickets created in the week with random clocks, surveys and reopens; their Python-rule signals."""
    expected = {}
    for i in range(n):
        t = f.ticket(db, f"CP-20261117-{i + 1:06d}", outlet_id)
        t.created_at = _moment(rng, START, rng.randrange(0, 5 * 86400))
        allowed = rng.choice([3600, 7201, 86400, 86401, rng.randrange(600, 200_000)])
        t.resolution_due_at = t.created_at.replace(microsecond=0) + timedelta(seconds=allowed)
        took = rng.choice([None, allowed // 2, allowed // 2 + 1, (allowed + 1) // 2, rng.randrange(0, 2 * allowed)])
        t.resolved_at = None if took is None else _moment(rng, t.created_at.replace(microsecond=0), took)
        t.stage = "new" if took is None else "resolved"
        db.add(t)
        db.flush()
        reopens = [_moment(rng, t.created_at, rng.randrange(60, 4 * 86400)) for _ in range(rng.choice([0, 0, 1, 2]))]
        for at in reopens:
            db.add(TicketEvent(ticket_id=t.id, at=at, kind="reopened", from_stage="resolved", to_stage="investigating"))
        surveys = []
        for _ in range(rng.choice([0, 1, 1, 2])):
            answered = rng.choice([None, _moment(rng, t.created_at, rng.randrange(60, 5 * 86400))])
            if reopens and rng.random() < 0.3:
                answered = reopens[0]  # answered at the very moment of the reopen: not after it
            rating = rng.choice([None, 1, 2, 3, 4, 5, 5]) if answered else None
            surveys.append((answered, rating))
            db.add(Survey(ticket_id=t.id, sent_at=t.created_at, answered_at=answered, rating=rating))
        expected[t.number] = (t.id, good_signals(t.created_at, t.resolved_at, t.resolution_due_at, surveys, reopens))
    db.commit()
    return expected


@pytest.fixture
def world(db):
    f.region(db, "EAST")
    east = f.outlet(db, "EAST-001")
    trainer = auth.actor_of(f.user(db, "trainer", Role.TRAINING_LEAD))
    return trainer, generate(db, east.id, random.Random(14), 160)


def test_the_sql_twin_agrees_with_the_python_rule_on_generated_tickets(db, world):
    _, expected = world
    assert any(s == {"praise"} for _, s in expected.values())  # the generator reaches every case
    assert any(s == {"fast_five"} for _, s in expected.values())
    assert any(not s for _, s in expected.values())
    for number, (ticket_id, signals) in expected.items():
        got = set(cases.ticket_signals(db, ticket_id, NOW)) & set(GOOD_SIGNALS)
        assert got == signals, number


def test_the_candidate_list_shows_and_filters_good_practice(db, world):
    trainer, expected = world
    good = {n for n, (_, s) in expected.items() if s}
    f_good = cases.CandidateFilter(WEEK, signal=ANY_GOOD)
    assert cases.count_candidates(db, trainer, f_good, TZ, NOW) == len(good)
    listed = cases.candidates(db, trainer, f_good, TZ, limit=200, now=NOW)
    assert {c.number for c in listed} == good
    for c in listed:
        assert set(c.signals) & set(GOOD_SIGNALS) == expected[c.number][1]
        assert c.score == score(set(c.signals))
    praised = cases.candidates(db, trainer, cases.CandidateFilter(WEEK, signal="praise"), TZ, limit=200, now=NOW)
    assert {c.number for c in praised} == {n for n, (_, s) in expected.items() if "praise" in s}


def test_fast_means_within_half_the_time_the_policy_gave_counted_in_whole_seconds():
    created = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
    due = created + timedelta(hours=24)
    assert resolved_fast(created, created + timedelta(hours=12), due)  # exactly half
    assert not resolved_fast(created, created + timedelta(hours=12, seconds=1), due)
    assert resolved_fast(created, created + timedelta(hours=12, microseconds=999_000), due)  # still the same second
    assert not resolved_fast(created, None, due)
