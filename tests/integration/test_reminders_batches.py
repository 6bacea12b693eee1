"""The reminder job over many tickets in several batches (one transaction per batch, next look-at
times written together): each ticket ends as if it had been done alone, and nothing twice."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from complaint_console.db.models import AppUser, Notification, Ticket, TicketEvent
from complaint_console.domain.vocabulary import Role
from complaint_console.jobs import reminders, runner
from complaint_console.services.reminders import NEVER
from tests import factories as f

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the factory tickets' created_at (30 min / 24 h targets)


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH", 3)
    f.region(db)
    east, west = f.outlet(db, "EAST-001"), f.outlet(db, "WEST-001")
    agent = f.user(db, "agent1", Role.AGENT, east.id, email="agent1@example.com")
    f.user(db, "manager1", Role.OUTLET_MANAGER, east.id, email="manager1@example.com")
    f.user(db, "manager2", Role.OUTLET_MANAGER, west.id)
    tickets = [f.ticket(db, f"CP-20261120-{i:06d}", (east if i % 2 else west).id) for i in range(1, 9)]
    for t in tickets[:4]:
        t.assignee_id = agent.id
    tickets[5].first_response_at = T0 + timedelta(minutes=10)  # answered in time: only the resolution clock runs
    tickets[6].stage, tickets[6].resolved_at = "resolved", T0 + timedelta(minutes=5)  # not open: never looked at
    tickets[7].created_at = tickets[7].updated_at = T0 + timedelta(minutes=50)  # nothing due yet at T0 + 1 h
    tickets[7].response_due_at = T0 + timedelta(minutes=80)
    db.commit()
    return [t.id for t in tickets]


def test_many_tickets_in_batches_each_as_if_alone(db, migrated_engine, world):
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        first = runner.run(migrated_engine, "reminders", "schedule", "test").counts
        again = runner.run(migrated_engine, "reminders", "schedule", "test").counts
    assert first["tickets"] == 7 and first["conflicts"] == 0
    assert again["queued"] == 0 and again["escalated"] == 0

    db.expire_all()
    rows = {t.id: t for t in db.exec(select(Ticket)).all()}
    breached = world[:5]  # the response clock ran out at T0 + 30 min
    assert [rows[i].escalation_level for i in world] == ["region"] * 5 + ["outlet"] * 3
    assert [rows[i].version for i in world] == [2] * 5 + [1] * 3
    escalated = db.exec(
        select(TicketEvent.ticket_id).where(TicketEvent.kind == "escalated").order_by(TicketEvent.ticket_id)
    ).all()
    assert escalated == breached
    assert rows[world[6]].next_reminder_at is None  # resolved: not the job's
    assert all(rows[i].next_reminder_at not in (None, NEVER) for i in world[:6] + world[7:])
    assert rows[world[7]].next_reminder_at == T0 + timedelta(minutes=50 + 22.5)  # 75 % of its 30-minute response

    told = db.exec(select(Notification.ticket_id, Notification.kind, Notification.recipient)).all()
    assert len(told) == len(set(told)), "a reminder was queued twice"
    kinds = {(tid, kind) for tid, kind, _ in told}
    for i in breached:
        assert {(i, "reminder_response_75"), (i, "reminder_response_100")} <= kinds
    assert not {k for k in kinds if k[0] in (world[5], world[6], world[7])}
    # the assignee hears at 75 % when there is one; the outlet's managers otherwise
    assert (world[0], "reminder_response_75", f"user:{rows[world[0]].assignee_id}") in told
    assert (world[4], "reminder_response_75", f"user:{_user_id(db, 'manager1')}") in told
    assert (world[1], "reminder_response_100", f"user:{_user_id(db, 'manager2')}") in told


def _user_id(db, username: str) -> int:
    return db.exec(select(AppUser.id).where(AppUser.username == username)).one()


def test_a_backlog_is_spread_over_runs_by_the_cap(db, migrated_engine, world, monkeypatch):
    """Seven tickets due, at most four a run (batches of three): four, then the other three,
    then nothing; every reminder still queued exactly once."""
    monkeypatch.setattr(reminders, "MAX_TICKETS_PER_RUN", 4)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        runs = [runner.run(migrated_engine, "reminders", "schedule", "test").counts for _ in range(3)]
    assert [(r["tickets"], r["capped"]) for r in runs] == [(4, 1), (3, 0), (0, 0)]
    told = db.exec(select(Notification.ticket_id, Notification.kind, Notification.recipient)).all()
    assert len(told) == len(set(told)) and {tid for tid, _, _ in told} == set(world[:5])
