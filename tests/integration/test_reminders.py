"""The reminder job with a controlled clock: one ticket through 75 %, 100 %, a pause, and 150 %.

Who was told what and when, on SQLite and PostgreSQL; running the job again at any moment
queues nothing twice."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from complaint_console.db.models import Notification, Ticket, TicketEvent
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.jobs import runner
from complaint_console.services import auth, workflow
from tests import factories as f

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the factory ticket's created_at (30 min / 24 h targets)
NUMBER = "CP-20261120-000001"


@pytest.fixture
def world(db):
    f.region(db)
    east = f.outlet(db, "EAST-001")
    people = {
        "agent": f.user(db, "agent1", Role.AGENT, east.id, email="agent1@example.com"),
        "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, east.id, email="manager1@example.com", language="zh"),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
    }
    f.user(db, "manager2", Role.OUTLET_MANAGER, f.outlet(db, "EAST-002").id, email="manager2@example.com")
    ticket = f.ticket(db, NUMBER, east.id)
    ticket.assignee_id = people["agent"].id
    db.commit()
    return {name: (user.id, auth.actor_of(user)) for name, user in people.items()}


def tick(engine, at: datetime) -> dict:
    """Run the job twice at `at` (as two ticks of an over-eager scheduler would)."""
    with time_machine.travel(at, tick=False):
        first = runner.run(engine, "reminders", "schedule", "test").counts
        again = runner.run(engine, "reminders", "schedule", "test").counts
    assert again["queued"] == 0, "the same reminder was queued twice"
    return first


def told(db, since_id: int = 0) -> list[tuple[str, str, str]]:
    db.expire_all()
    rows = db.exec(select(Notification).where(Notification.id > since_id).order_by(Notification.id)).all()
    return [(n.kind, n.channel, n.recipient) for n in rows]


def last_id(db) -> int:
    return max([n.id for n in db.exec(select(Notification)).all()], default=0)


def ticket(db) -> Ticket:
    db.expire_all()
    return db.exec(select(Ticket).where(Ticket.number == NUMBER)).one()


def test_one_ticket_through_every_threshold_and_a_pause(db, migrated_engine, world):
    agent_id, _ = world["agent"]
    manager_id, manager = world["manager"]
    analyst_id, _ = world["analyst"]

    assert tick(migrated_engine, T0 + timedelta(minutes=20))["queued"] == 0
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(minutes=23))  # 75 % of the 30-minute first response
    assert told(db, mark) == [
        ("reminder_response_75", "in_app", f"user:{agent_id}"),
        ("reminder_response_75", "email", "agent1@example.com"),
    ]
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(minutes=31))  # breach: the manager, and up to the region
    assert told(db, mark) == [
        ("reminder_response_100", "in_app", f"user:{manager_id}"),
        ("reminder_response_100", "email", "manager1@example.com"),
    ]
    assert ticket(db).escalation_level == "region"
    zh = db.exec(
        select(Notification.subject).where(Notification.kind == "reminder_response_100", Notification.channel == "email")
    ).one()
    assert zh.startswith(f"{NUMBER}：首次响应已于") and "超时" in zh  # in the manager's language

    with time_machine.travel(T0 + timedelta(minutes=40), tick=False):  # the first contact stops the response clock
        assert workflow.log_contact(db, manager, NUMBER, "called the customer", ticket(db).version).ok
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(hours=17))
    assert told(db, mark) == []
    tick(migrated_engine, T0 + timedelta(hours=18, minutes=1))  # 75 % of 24 h
    assert [k for k, *_ in told(db, mark)] == ["reminder_resolution_75"] * 2

    # 19 h: a remedy is proposed and waits for the customer for 5 hours: the clock stops
    version = ticket(db).version
    for hours, stage in ((19, Stage.INVESTIGATING), (19, Stage.PROPOSING), (19, Stage.AWAITING_CUSTOMER), (24, Stage.EXECUTING)):
        with time_machine.travel(T0 + timedelta(hours=hours), tick=False):
            outcome = workflow.move(db, manager, NUMBER, stage, version, MoveFields())
            assert outcome.ok, outcome
            version = outcome.version
    assert ticket(db).resolution_due_at == T0 + timedelta(hours=29)
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(hours=25))  # the old due time passed, but the clock was paused 5 h:
    assert [k for k, *_ in told(db, mark)] == ["reminder_resolution_75"] * 2  # no breach; a moved due time, a fresh 75 %
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(hours=29, minutes=1))  # the moved due time: breach
    assert [(k, c) for k, c, _ in told(db, mark)] == [("reminder_resolution_100", "in_app"), ("reminder_resolution_100", "email")]
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(hours=41, minutes=1))  # 150 % of 24 h, plus the 5 h pause: HQ
    assert told(db, mark) == [("reminder_resolution_150", "in_app", f"user:{analyst_id}")]  # the analyst has no e-mail
    assert ticket(db).escalation_level == "hq"
    notes = db.exec(select(TicketEvent.note).where(TicketEvent.kind == "escalated").order_by(TicketEvent.id)).all()
    assert notes == ["→ region: response 100% (automatic)", "→ hq: resolution 150% (automatic)"]
    mark = last_id(db)
    tick(migrated_engine, T0 + timedelta(days=5))
    assert told(db, mark) == []  # every reminder has gone; nothing repeats
    assert ticket(db).next_reminder_at.year == 9999


def test_a_ticket_changed_while_the_job_runs_is_redone_next_tick(db, migrated_engine, world):
    """The job writes under the ticket's version: a reclassification meanwhile wins."""
    _, manager = world["manager"]
    with time_machine.travel(T0 + timedelta(minutes=23), tick=False):
        assert workflow.reclassify(db, manager, NUMBER, "urgent", "delay", 1).ok  # shorter targets: due times move
        counts = runner.run(migrated_engine, "reminders", "schedule", "test").counts
    assert counts["queued"] > 0, counts
    due = ticket(db).response_due_at
    assert all(
        f"{due:%Y%m%dT%H%M%SZ}" in key
        for key in db.exec(select(Notification.dedupe_key).where(Notification.kind.like("reminder_response%"))).all()
    )
