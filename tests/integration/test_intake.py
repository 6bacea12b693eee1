"""Recording complaints against real databases: routing, triage, rules, numbers, outbox."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from complaint_console.db.models import Notification, RoutingRule, Ticket, TicketEvent
from complaint_console.domain.intake import ComplaintInput
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, intake
from tests import factories as f

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def complaint(**kw) -> ComplaintInput:
    base = dict(
        waybill_no="ZT123456789012",
        customer_name="王小明",
        customer_phone="13812345678",
        channel="hotline",
        category="delay",
        description="The parcel is three days late.",
    )
    base.update(kw)
    return ComplaintInput(**base)


def setup(db):
    f.region(db)
    a, b = f.outlet(db, "EAST-001"), f.outlet(db, "EAST-002")
    db.add(RoutingRule(kind="waybill_prefix", pattern="ZT12", outlet_id=b.id))
    db.add(RoutingRule(kind="district", pattern="上海 浦东", outlet_id=a.id))
    agent = auth.actor_of(f.user(db, "agent1", Role.AGENT, a.id))
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    trainer = auth.actor_of(f.user(db, "trainer", Role.TRAINING_LEAD))
    db.commit()
    return a, b, agent, admin, trainer


def ticket(db, number) -> Ticket:
    return db.exec(select(Ticket).where(Ticket.number == number)).one()


def test_public_complaint_is_routed_numbered_timed_and_acknowledged(db):
    _, b, *_ = setup(db)
    result = intake.record(db, None, complaint(), now=NOW)
    assert result.errors == {} and result.number == "CP-20261123-000001"
    t = ticket(db, result.number)
    assert t.outlet_id == b.id and t.stage == "new" and t.severity == "general"
    assert t.response_due_at == NOW + timedelta(minutes=30) and t.resolution_due_at == NOW + timedelta(hours=24)
    assert t.response_target_minutes == 30
    event = db.exec(select(TicketEvent).where(TicketEvent.ticket_id == t.id)).one()
    assert event.kind == "created" and event.to_stage == "new"
    notes = db.exec(select(Notification).where(Notification.ticket_id == t.id).order_by(Notification.id)).all()
    assert [n.kind for n in notes] == ["customer_accepted", "customer_handed_to_outlet"]
    assert all(n.recipient == "13812345678" and n.status == "pending" for n in notes)
    assert result.number in notes[0].body and "已受理" in notes[0].body and "Outlet EAST-002" in notes[1].body
    assert intake.record(db, None, complaint(waybill_no="ZT999999999999"), now=NOW).number == "CP-20261123-000002"


def test_unmatched_complaint_goes_to_hq_triage_and_district_routes(db):
    a, *_ = setup(db)
    unmatched = intake.record(db, None, complaint(waybill_no="YT000000000001"), now=NOW)
    triaged = ticket(db, unmatched.number)
    assert triaged.outlet_id is None
    kinds = db.exec(select(Notification.kind).where(Notification.ticket_id == triaged.id)).all()
    assert kinds == ["customer_accepted"]  # nobody to hand it to yet
    by_district = intake.record(db, None, complaint(waybill_no="YT000000000002", district="上海 浦东"), now=NOW)
    assert ticket(db, by_district.number).outlet_id == a.id


def test_a_deactivated_outlet_gets_no_routed_complaints(db):
    a, b, *_ = setup(db)
    b.active = False
    db.add(b)
    db.commit()
    result = intake.record(db, None, complaint(district="上海 浦东"), now=NOW)  # ZT12 names the inactive EAST-002
    assert ticket(db, result.number).outlet_id == a.id
    result = intake.record(db, None, complaint(waybill_no="ZT120000000001"), now=NOW)
    assert ticket(db, result.number).outlet_id is None  # HQ triage


def test_staff_intake_routes_like_every_path_and_keeps_it_only_when_nothing_matches(db):
    a, b, agent, admin, trainer = setup(db)
    routed = intake.record(db, agent, complaint(channel="outlet_counter"), now=NOW)  # ZT12…: EAST-002's prefix
    t = ticket(db, routed.number)
    assert t.outlet_id == b.id and t.updated_by_id == agent.user_id and routed.routed_by == "waybill"
    by_district = intake.record(db, agent, complaint(waybill_no="YT000000000003", district="上海 浦东"), now=NOW)
    assert ticket(db, by_district.number).outlet_id == a.id and by_district.routed_by == "district"
    kept = intake.record(db, agent, complaint(waybill_no="YT000000000004"), now=NOW)  # no rule matches
    assert ticket(db, kept.number).outlet_id == a.id and kept.routed_by == "recorder"  # the recorder's outlet
    triaged = intake.record(db, admin, complaint(waybill_no="YT000000000005"), now=NOW)  # HQ has no outlet of its own
    assert ticket(db, triaged.number).outlet_id is None and triaged.routed_by == "triage"
    assert intake.record(db, trainer, complaint(), now=NOW).errors == {"*": "move.forbidden"}


def test_bad_input_is_refused_field_by_field_and_nothing_is_written(db):
    setup(db)
    result = intake.record(db, None, complaint(customer_phone="12", description="late"), now=NOW)
    assert result.number is None
    assert result.errors == {"customer_phone": "intake.phone_invalid", "description": "intake.description_short"}
    assert db.exec(select(Ticket)).all() == []


def test_regulator_and_third_complaint_are_serious_and_repeats_link(db):
    setup(db)
    regulator = intake.record(db, None, complaint(channel="regulator"), now=NOW)
    assert ticket(db, regulator.number).severity == "serious"
    first = intake.record(db, None, complaint(waybill_no="YT000000000010", category="fee"), now=NOW)
    second = intake.record(db, None, complaint(waybill_no="YT000000000011", category="loss"), now=NOW + timedelta(days=1))
    third = intake.record(db, None, complaint(waybill_no="YT000000000012", category="damage"), now=NOW + timedelta(days=2))
    assert ticket(db, first.number).repeat_of_id is None  # same phone but other categories
    assert ticket(db, third.number).severity == "serious"  # the customer's third complaint (fourth, counting the regulator's)
    again = intake.record(db, None, complaint(waybill_no="YT000000000010", category="other"), now=NOW + timedelta(days=3))
    assert ticket(db, again.number).repeat_of_id == ticket(db, first.number).id  # same waybill
    assert (ticket(db, first.number).repeat_seq, ticket(db, again.number).repeat_seq) == (1, 2)
    third_time = intake.record(db, None, complaint(waybill_no="YT000000000010", category="fee"), now=NOW + timedelta(days=4))
    assert ticket(db, third_time.number).repeat_seq == 3  # "repeat ×3" on the card
    assert ticket(db, second.number).severity == "serious"  # already the customer's third within 30 days
