"""Asking HQ for compensation above the limit, HQ's answer, and handing triage tickets to an outlet."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from complaint_console.db import approvals, board
from complaint_console.db.models import AppUser, Notification, Ticket, TicketEvent
from complaint_console.domain.stages import MoveFields
from complaint_console.domain.vocabulary import Role, Stage
from complaint_console.services import auth, workflow
from tests import factories as f

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
NUMBER, TRIAGED = "CP-20261120-000001", "CP-20261120-000002"
BIG = MoveFields(resolution_summary="lost parcel paid", responsibility="outlet", compensation="800")


@pytest.fixture
def world(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    users = {
        "manager": f.user(db, "manager1", Role.OUTLET_MANAGER, a.id),
        "manager_b": f.user(db, "manager2", Role.OUTLET_MANAGER, b.id),
        "analyst": f.user(db, "analyst", Role.HQ_ANALYST),
        "admin": f.user(db, "admin", Role.HQ_ADMIN),
    }
    f.ticket(db, NUMBER, a.id)
    f.ticket(db, TRIAGED, None, phone="13900001111")
    db.commit()
    return {name: auth.actor_of(user) for name, user in users.items()}


def fresh(db, number=NUMBER) -> Ticket:
    return db.exec(select(Ticket).where(Ticket.number == number).execution_options(populate_existing=True)).one()


def kinds(db, number=NUMBER) -> list[str]:
    ticket_id = fresh(db, number).id
    return list(db.exec(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)).all())


def test_the_outlet_asks_hq_approves_and_the_ticket_resolves(db, world):
    manager, analyst = world["manager"], world["analyst"]
    asked = workflow.request_approval(db, manager, NUMBER, "800", "lost parcel", 1, now=T0)
    assert asked.ok and fresh(db).compensation_requested == Decimal("800.00")
    assert [w.number for w in approvals.waiting(db, analyst, 50)] == [NUMBER]
    assert approvals.count_waiting(db, manager) == 0  # the queue is HQ's: outlets cannot read it
    card = board.stage_cards(db, manager, board.BoardFilter(), Stage.NEW, 50, T0)[0]
    assert card.awaiting_approval
    approved = workflow.approve_compensation(db, analyst, NUMBER, "800", asked.version, now=T0 + timedelta(hours=1))
    assert approved.ok and fresh(db).compensation_requested is None
    assert approvals.count_waiting(db, analyst) == 0
    assert kinds(db)[-2:] == ["approval_requested", "compensation_approved"]


def test_after_approval_the_resolve_form_starts_with_what_was_asked_and_states_the_limit(db, world):
    manager, analyst = world["manager"], world["analyst"]
    assert workflow.resolve_form(db, fresh(db)) == (Decimal("500.00"), {})  # nothing approved yet: an empty form
    asked = workflow.request_approval(db, manager, NUMBER, "800", "Lost parcel: paid in full", 1, now=T0)
    workflow.approve_compensation(db, analyst, NUMBER, "800", asked.version, now=T0 + timedelta(hours=1))
    limit, start = workflow.resolve_form(db, fresh(db))
    assert limit == Decimal("500.00")
    assert start == {"compensation": "800.00", "resolution_summary": "Lost parcel: paid in full"}


def test_requests_are_refused_when_not_needed_or_not_allowed(db, world):
    manager, manager_b, analyst = world["manager"], world["manager_b"], world["analyst"]
    assert workflow.request_approval(db, manager, NUMBER, "300", "", 1).problems == {"compensation": "approval.not_needed"}
    assert workflow.request_approval(db, manager, NUMBER, "abc", "", 1).problems == {"compensation": "move.compensation_invalid"}
    assert workflow.request_approval(db, manager_b, NUMBER, "800", "", 1).problems == {"ticket": "ticket.not_found"}
    assert workflow.request_approval(db, analyst, NUMBER, "800", "", 1).problems == {"*": "move.forbidden"}
    assert fresh(db).compensation_requested is None and fresh(db).version == 1


def test_hq_declines_with_a_reason_and_the_marker_goes(db, world):
    manager, analyst = world["manager"], world["analyst"]
    asked = workflow.request_approval(db, manager, NUMBER, "900", "", 1)
    assert workflow.decline_compensation(db, analyst, NUMBER, " ", asked.version).problems == {"reason": "ticket.note_required"}
    assert workflow.decline_compensation(db, manager, NUMBER, "no", asked.version).problems == {
        "compensation": "move.approval_forbidden"
    }
    declined = workflow.decline_compensation(db, analyst, NUMBER, "insured value is ¥500", asked.version)
    assert declined.ok and fresh(db).compensation_requested is None
    note = db.exec(select(TicketEvent.note).where(TicketEvent.kind == "compensation_declined")).one()
    assert note == "¥900.00: insured value is ¥500"
    # a stale answer is a conflict, not an overwrite
    assert workflow.decline_compensation(db, analyst, NUMBER, "again", asked.version).conflict is not None


def test_the_triage_queue_holds_unrouted_tickets_until_hq_hands_them_over(db, world):
    admin, manager = world["admin"], world["manager"]
    queue = board.BoardFilter(triage=True)
    assert [c.number for c in board.stage_cards(db, admin, queue, Stage.NEW, 50, T0)] == [TRIAGED]
    assert board.stage_cards(db, manager, queue, Stage.NEW, 50, T0) == []  # outlets never see triage tickets
    assert workflow.route_to_outlet(db, manager, TRIAGED, "EAST-001", 1).problems == {"outlet": "move.forbidden"}
    assert workflow.route_to_outlet(db, admin, TRIAGED, "NOPE-9", 1).problems == {"outlet": "board.outlet_unknown"}
    routed = workflow.route_to_outlet(db, admin, TRIAGED, "east-001", 1, now=T0 + timedelta(minutes=5))
    assert routed.ok
    assert board.stage_cards(db, admin, queue, Stage.NEW, 50, T0) == []
    assert {c.number for c in board.stage_cards(db, manager, board.BoardFilter(), Stage.NEW, 50, T0)} == {TRIAGED, NUMBER}
    assert kinds(db, TRIAGED)[-1] == "routed"
    notices = db.exec(select(Notification.kind).where(Notification.ticket_id == fresh(db, TRIAGED).id)).all()
    assert notices == ["customer_handed_to_outlet"]


def _email_body(db, kind: str) -> str:
    return db.exec(select(Notification.body).where(Notification.channel == "email", Notification.kind == kind)).one()


def _alerts(db, kind: str) -> set[tuple[str, str]]:
    rows = db.exec(select(Notification.channel, Notification.recipient).where(Notification.kind == kind)).all()
    return {(channel, recipient) for channel, recipient in rows}


def test_asking_and_answering_an_approval_reach_the_people_who_act(db, world):
    """HQ's approvers hear of a request; whoever asked and the outlet's managers hear the answer,
    in the app and by e-mail, once each."""
    manager, analyst = world["manager"], world["analyst"]
    users = {u.username: u for u in db.exec(select(AppUser)).all()}
    users["analyst"].email = "analyst@hq.example"
    users["manager1"].email = "manager1@east.example"
    db.commit()
    hq = {("in_app", f"user:{users['analyst'].id}"), ("in_app", f"user:{users['admin'].id}"), ("email", "analyst@hq.example")}
    outlet = {("in_app", f"user:{users['manager1'].id}"), ("email", "manager1@east.example")}

    asked = workflow.request_approval(db, manager, NUMBER, "800", "lost parcel", 1, now=T0)
    assert _alerts(db, "approval_requested") == hq  # manager2 of another outlet hears nothing
    subject = db.exec(select(Notification.subject).where(Notification.kind == "approval_requested")).first()
    assert NUMBER in subject and "800" in subject
    body = db.exec(
        select(Notification.body).where(Notification.channel == "email", Notification.kind == "approval_requested")
    ).one()
    assert manager.display_name in body
    assert "500" in body  # the outlet's limit is stated

    approved = workflow.approve_compensation(db, analyst, NUMBER, "800", asked.version, now=T0 + timedelta(hours=1))
    assert approved.ok
    assert _alerts(db, "approval_approved") == outlet
    # a conflicting second answer queues nothing more
    assert not workflow.approve_compensation(db, analyst, NUMBER, "800", asked.version, now=T0 + timedelta(hours=2)).ok
    assert len(db.exec(select(Notification).where(Notification.kind == "approval_approved")).all()) == 2

    again = workflow.request_approval(db, manager, NUMBER, "950", "", approved.version, now=T0 + timedelta(hours=3))
    declined = workflow.decline_compensation(
        db, analyst, NUMBER, "insured value is ¥500", again.version, now=T0 + timedelta(hours=4)
    )
    assert declined.ok and _alerts(db, "approval_declined") == outlet
    text = db.exec(
        select(Notification.body).where(Notification.kind == "approval_declined", Notification.channel == "email")
    ).one()
    assert "insured value is ¥500" in text and "950" in text
