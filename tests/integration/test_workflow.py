"""The stage workflow against real databases: rules, clocks, audit trail, optimistic lock."""

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from complaint_console.db.models import Notification, Ticket, TicketEvent
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, workflow
from tests import factories as f

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # the factory ticket's created_at
NUMBER = "CP-20261120-000001"
RESOLVE = MoveFields(resolution_summary="parcel re-delivered, apology made", responsibility="outlet", compensation="0")


@pytest.fixture
def world(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    users = {
        "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, a.id),
        "agent": f.user(db, "agent1", Role.AGENT, a.id),
        "other_agent": f.user(db, "agent9", Role.AGENT, a.id),
        "manager_b": f.user(db, "manager2", Role.OUTLET_MANAGER, b.id),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "trainer": f.user(db, "trainer", Role.TRAINING_LEAD),
    }
    ticket = f.ticket(db, NUMBER, a.id)
    ticket.assignee_id = users["agent"].id
    db.commit()
    return {name: auth.actor_of(user) for name, user in users.items()}


def fresh(db) -> Ticket:
    return db.exec(select(Ticket).where(Ticket.number == NUMBER).execution_options(populate_existing=True)).one()


def events(db) -> list[TicketEvent]:
    return list(db.exec(select(TicketEvent).order_by(TicketEvent.id)).all())


def walk(db, actor, stages_and_fields, start_version=1, start=T0):
    version = start_version
    for i, (stage, fields) in enumerate(stages_and_fields, start=1):
        outcome = workflow.move(db, actor, NUMBER, stage, version, fields, now=start + timedelta(minutes=10 * i))
        assert outcome.ok, (stage, outcome)
        version = outcome.version
    return version


def test_full_journey_sets_fields_clocks_and_events(db, world):
    manager = world["manager"]
    version = walk(
        db,
        manager,
        [
            (Stage.INVESTIGATING, MoveFields()),
            (Stage.PROPOSING, MoveFields()),
            (Stage.AWAITING_CUSTOMER, MoveFields(note="offered re-delivery")),
            (Stage.EXECUTING, MoveFields()),
            (Stage.RESOLVED, RESOLVE),
            (Stage.CLOSED, MoveFields(root_cause="sorting_error")),
        ],
    )
    ticket = fresh(db)
    assert version == 7 and ticket.version == 7 and ticket.stage == "closed"
    assert ticket.first_response_at == T0 + timedelta(minutes=10)
    assert ticket.paused_seconds == 600 and ticket.paused_since is None
    assert ticket.resolution_due_at == T0 + timedelta(hours=24, minutes=10)  # the pause moved it back
    assert ticket.resolved_at == T0 + timedelta(minutes=50) and ticket.closed_at == T0 + timedelta(minutes=60)
    assert ticket.compensation_amount == Decimal("0") and ticket.root_cause == "sorting_error"
    moves = [(e.from_stage, e.to_stage, e.actor_id) for e in events(db)]
    assert moves == [
        ("new", "investigating", manager.user_id),
        ("investigating", "proposing", manager.user_id),
        ("proposing", "awaiting_customer", manager.user_id),
        ("awaiting_customer", "executing", manager.user_id),
        ("executing", "resolved", manager.user_id),
        ("resolved", "closed", manager.user_id),
    ]
    assert events(db)[2].note == "offered re-delivery"
    notices = db.exec(select(Notification.kind, Notification.dedupe_key).order_by(Notification.id)).all()
    assert notices == [
        ("customer_remedy_proposed", f"ticket:{ticket.id}:customer_remedy_proposed:v4"),
        ("customer_resolved", f"ticket:{ticket.id}:customer_resolved:v6"),
    ]


def test_the_customer_hears_of_the_remedy_once_a_round(db, world):
    """Back to proposing and on to awaiting_customer again tells the customer nothing new; after a
    reopen, a new remedy is news again (#17)."""
    manager = world["manager"]
    version = walk(
        db,
        manager,
        [
            (Stage.INVESTIGATING, MoveFields()),
            (Stage.PROPOSING, MoveFields()),
            (Stage.AWAITING_CUSTOMER, MoveFields()),
            (Stage.PROPOSING, MoveFields(note="the customer wants a refund instead")),
            (Stage.AWAITING_CUSTOMER, MoveFields()),
            (Stage.EXECUTING, MoveFields()),
            (Stage.RESOLVED, RESOLVE),
        ],
    )

    def remedy_notices() -> int:
        kind = Notification.kind == "customer_remedy_proposed"
        return len(db.exec(select(Notification.id).where(kind, Notification.channel == "sms")).all())

    assert remedy_notices() == 1
    reopen = workflow.move(
        db, manager, NUMBER, Stage.INVESTIGATING, version, MoveFields(reason="customer called back"), now=T0 + timedelta(hours=2)
    )
    assert reopen.ok, reopen
    walk(
        db,
        manager,
        [(Stage.PROPOSING, MoveFields()), (Stage.AWAITING_CUSTOMER, MoveFields())],
        reopen.version,
        start=T0 + timedelta(hours=2),
    )
    assert remedy_notices() == 2


def test_forbidden_move_changes_nothing(db, world):
    outcome = workflow.move(db, world["manager"], NUMBER, Stage.RESOLVED, 1, RESOLVE)
    assert not outcome.ok and outcome.problems == {"stage": "move.not_allowed"}
    assert fresh(db).stage == "new" and fresh(db).version == 1 and events(db) == []


def test_missing_fields_are_named(db, world):
    version = walk(db, world["agent"], [(Stage.INVESTIGATING, MoveFields()), (Stage.PROPOSING, MoveFields())])
    version = walk(db, world["agent"], [(Stage.AWAITING_CUSTOMER, MoveFields()), (Stage.EXECUTING, MoveFields())], version)
    outcome = workflow.move(db, world["agent"], NUMBER, Stage.RESOLVED, version, MoveFields(compensation="abc"))
    assert set(outcome.problems) == {"resolution_summary", "responsibility", "compensation"}
    assert fresh(db).stage == "executing"


def test_stale_version_is_refused_with_who_and_when(db, world):
    first = workflow.move(db, world["manager"], NUMBER, Stage.INVESTIGATING, 1, now=T0 + timedelta(minutes=5))
    assert first.ok
    second = workflow.move(db, world["agent"], NUMBER, Stage.INVESTIGATING, 1)
    assert not second.ok
    assert second.conflict.by == "manager1" and second.conflict.at == T0 + timedelta(minutes=5)
    assert fresh(db).version == 2 and len(events(db)) == 1


def test_concurrent_writers_exactly_one_wins(db, world, migrated_engine):
    results: list[bool] = []
    barrier = threading.Barrier(6)

    def attempt():
        with Session(migrated_engine) as session:
            barrier.wait()
            try:
                outcome = workflow.move(session, world["manager"], NUMBER, Stage.INVESTIGATING, 1)
                results.append(outcome.ok)
            except Exception as exc:  # a database lock timeout would be a failure to report
                results.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str) == [False] * 5 + [True]
    assert fresh(db).version == 2 and len(events(db)) == 1


def test_scope_and_roles(db, world):
    assert workflow.move(db, world["manager_b"], NUMBER, Stage.INVESTIGATING, 1).problems == {"ticket": "ticket.not_found"}
    assert workflow.move(db, world["trainer"], NUMBER, Stage.INVESTIGATING, 1).problems == {"stage": "move.forbidden"}
    assert workflow.move(db, world["analyst"], NUMBER, Stage.INVESTIGATING, 1).problems == {"stage": "move.forbidden"}
    assert workflow.move(db, world["other_agent"], NUMBER, Stage.INVESTIGATING, 1).problems == {"stage": "move.not_assignee"}
    assert fresh(db).version == 1


def test_compensation_above_the_limit_needs_hq_approval(db, world):
    manager, analyst = world["manager"], world["analyst"]
    version = walk(db, manager, [(s, MoveFields()) for s in (Stage.INVESTIGATING, Stage.PROPOSING, Stage.AWAITING_CUSTOMER)])
    version = walk(db, manager, [(Stage.EXECUTING, MoveFields())], version)
    big = MoveFields(resolution_summary="paid for the broken vase", responsibility="outlet", compensation="800")
    assert workflow.move(db, manager, NUMBER, Stage.RESOLVED, version, big).problems == {"compensation": "move.approval_required"}
    assert workflow.approve_compensation(db, manager, NUMBER, "800", version).problems == {
        "compensation": "move.approval_forbidden"
    }
    approved = workflow.approve_compensation(db, analyst, NUMBER, "800", version)
    assert approved.ok
    assert workflow.move(db, manager, NUMBER, Stage.RESOLVED, approved.version, big).ok
    ticket = fresh(db)
    assert ticket.compensation_amount == Decimal("800") and ticket.compensation_approved_by_id == analyst.user_id
    assert [e.kind for e in events(db)][-2:] == ["compensation_approved", "stage_change"]


def test_reopen_by_manager_with_reason_clears_resolved_at(db, world):
    manager = world["manager"]
    version = walk(db, manager, [(s, MoveFields()) for s in (Stage.INVESTIGATING, Stage.PROPOSING, Stage.AWAITING_CUSTOMER)])
    version = walk(db, manager, [(Stage.EXECUTING, MoveFields()), (Stage.RESOLVED, RESOLVE)], version)
    assert workflow.move(db, world["agent"], NUMBER, Stage.INVESTIGATING, version, MoveFields(reason="x")).problems == {
        "stage": "move.reopen_forbidden"
    }
    outcome = workflow.move(db, manager, NUMBER, Stage.INVESTIGATING, version, MoveFields(reason="customer called back"))
    assert outcome.ok
    ticket = fresh(db)
    assert ticket.stage == "investigating" and ticket.resolved_at is None
    last = events(db)[-1]
    assert last.kind == "reopened" and last.note == "customer called back"


def test_assign_only_by_managers_and_only_to_outlet_staff(db, world):
    other = world["other_agent"]
    assert workflow.assign(db, world["agent"], NUMBER, other.user_id, 1).problems == {"assignee": "ticket.assign_forbidden"}
    outsider = world["manager_b"]
    assert workflow.assign(db, world["manager"], NUMBER, outsider.user_id, 1).problems == {"assignee": "ticket.assignee_invalid"}
    assert workflow.assign(db, world["manager"], NUMBER, other.user_id, 1).ok
    assert fresh(db).assignee_id == other.user_id and events(db)[-1].kind == "assigned"


def test_first_contact_is_the_first_response(db, world):
    at = T0 + timedelta(minutes=12)
    assert workflow.log_contact(db, world["agent"], NUMBER, "", 1).problems == {"contact": "ticket.note_required"}
    assert workflow.log_contact(db, world["agent"], NUMBER, "called, explained the delay", 1, now=at).ok
    assert workflow.log_contact(db, world["agent"], NUMBER, "called again", 2, now=at + timedelta(hours=1)).ok
    ticket = fresh(db)
    assert ticket.first_response_at == at and ticket.stage == "new"
    assert [e.kind for e in events(db)] == ["contact", "contact"]


def test_escalation_steps_up_to_hq(db, world):
    assert workflow.escalate(db, world["manager"], NUMBER, "customer threatens media", 1).ok
    assert workflow.escalate(db, world["manager"], NUMBER, "no answer from the hub", 2).ok
    assert workflow.escalate(db, world["manager"], NUMBER, "again", 3).problems == {"escalate": "ticket.escalation_top"}
    assert fresh(db).escalation_level == "hq"


def test_comments_do_not_touch_the_ticket(db, world):
    assert workflow.comment(db, world["analyst"], NUMBER, "check the hub camera").ok
    assert workflow.comment(db, world["trainer"], NUMBER, "x").problems == {"comment": "move.forbidden"}
    assert workflow.comment(db, world["manager_b"], NUMBER, "x").problems == {"ticket": "ticket.not_found"}
    assert fresh(db).version == 1 and events(db)[-1].note == "check the hub camera"


def test_a_change_that_changes_nothing_writes_nothing(db, world):
    manager, ticket = world["manager"], fresh(db)
    same = workflow.reclassify(db, manager, NUMBER, ticket.severity, ticket.category, 1)
    assert same.problems == {"severity": "ticket.nothing_changed"}
    assert workflow.assign(db, manager, NUMBER, ticket.assignee_id, 1).problems == {"assignee": "ticket.nothing_changed"}
    assert fresh(db).version == 1 and events(db) == []
    for severity, category in (("urgent!", "delay"), ("general", "'; DROP TABLE ticket; --")):
        refused = workflow.reclassify(db, manager, NUMBER, severity, category, 1)
        assert refused.problems == {"severity": "ticket.reclassify_invalid"}
    assert fresh(db).version == 1 and events(db) == []
    assert workflow.reclassify(db, manager, NUMBER, "serious", ticket.category, 1).ok
    assert fresh(db).version == 2 and [e.kind for e in events(db)] == ["severity_change"]


def test_a_reopened_old_ticket_gets_a_fresh_resolution_target_and_no_instant_reminders(db, world, migrated_engine):
    """Resolved (late) days ago and reopened now: due the policy's resolution time after the
    reopen (24 h on the factory outlet's 24/7 calendar); the reminder job queues nothing now,
    the 75 % reminder for the new due time 18 h later, and nothing twice."""
    import time_machine

    from complaint_console.jobs import runner

    manager, later = world["manager"], T0 + timedelta(days=6)
    path = [(s, MoveFields()) for s in (Stage.INVESTIGATING, Stage.PROPOSING, Stage.AWAITING_CUSTOMER, Stage.EXECUTING)]
    version = walk(db, manager, [*path, (Stage.RESOLVED, RESOLVE)], start=T0 + timedelta(days=2))
    assert workflow.move(db, manager, NUMBER, Stage.INVESTIGATING, version, MoveFields(reason="customer called back"), later).ok
    ticket = fresh(db)
    assert ticket.resolution_due_at == later + timedelta(hours=24) and ticket.next_reminder_at is None

    def reminders_at(moment) -> list[str]:
        with time_machine.travel(moment, tick=False):
            runner.run(migrated_engine, "reminders", "schedule", "test")
        db.expire_all()
        return sorted({n.kind for n in db.exec(select(Notification).where(Notification.kind.like("reminder%"))).all()})

    before = reminders_at(T0 + timedelta(days=1, hours=23))  # while the first resolution clock ran (no job then)
    assert reminders_at(later + timedelta(minutes=1)) == before  # the reopen itself: nothing new
    assert fresh(db).escalation_level == "outlet"
    assert reminders_at(later + timedelta(hours=18, minutes=1)) == sorted({*before, "reminder_resolution_75"})
    keys = [n.dedupe_key for n in db.exec(select(Notification).where(Notification.kind == "reminder_resolution_75")).all()]
    assert keys and all((later + timedelta(hours=24)).strftime("%Y%m%dT%H%M%SZ") in k for k in keys)
