"""SLA use cases against a real database: policy versions, reclassification, pauses, calendars."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from complaint_console.db.models import SlaPolicy, Ticket, TicketEvent
from complaint_console.domain.sla import ClockState, PolicyRow
from complaint_console.domain.vocabulary import Role
from complaint_console.services import auth, sla, workflow
from tests import factories as f

SH = ZoneInfo("Asia/Shanghai")
DEFAULTS = [PolicyRow("general", None, 30, 1440), PolicyRow("serious", None, 60, 2880), PolicyRow("urgent", None, 10, 120)]


def setup(db, hours=None, calendar=None):
    f.region(db)
    outlet = f.outlet(db, "EAST-001")
    outlet.business_hours, outlet.holiday_calendar = hours, calendar
    admin = auth.actor_of(f.user(db, "admin", Role.HQ_ADMIN))
    manager = auth.actor_of(f.user(db, "manager1", Role.OUTLET_MANAGER, outlet.id))
    db.commit()
    return outlet, admin, manager


def new_ticket(db, outlet, created, severity="general", category="delay"):
    ticket = f.ticket(db, f"CP-{created:%Y%m%d}-{db.exec(select(Ticket)).all().__len__() + 1:06d}", outlet.id)
    ticket.created_at, ticket.severity, ticket.category = created, severity, category
    sla.apply_due_times(db, ticket)
    db.add(ticket)
    db.commit()
    return ticket


def test_new_policy_version_applies_to_new_tickets_only(db):
    outlet, admin, manager = setup(db)
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    assert sla.save_policy_version(db, admin, DEFAULTS, now=t0) == {}
    old = new_ticket(db, outlet, t0 + timedelta(days=1), category="loss")
    tighter = [*DEFAULTS, PolicyRow("general", "loss", 15, 600)]
    assert sla.save_policy_version(db, manager, tighter, now=t0 + timedelta(days=2)) == {"*": "sla.error_forbidden"}
    assert sla.save_policy_version(db, admin, tighter, now=t0 + timedelta(days=2)) == {}
    new = new_ticket(db, outlet, t0 + timedelta(days=3), category="loss")
    assert old.resolution_target_minutes == 1440
    assert new.response_target_minutes == 15 and new.resolution_target_minutes == 600
    assert new.resolution_due_at == new.created_at + timedelta(minutes=600)
    versions = db.exec(select(SlaPolicy.valid_from, SlaPolicy.created_by_id).distinct()).all()
    assert len(versions) == 2 and all(by == admin.user_id for _, by in versions)


def test_invalid_policy_is_refused_and_nothing_saved(db):
    _, admin, _ = setup(db)
    errors = sla.save_policy_version(db, admin, [PolicyRow("general", None, 60, 30)])
    assert errors["general/*"] == "sla.error_response_longer"
    assert "urgent/*" in errors
    assert db.exec(select(SlaPolicy)).all() == []


def test_severity_change_recomputes_from_created_at_with_an_audit_event(db):
    outlet, _, manager = setup(db)
    created = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    ticket = new_ticket(db, outlet, created)
    assert ticket.resolution_due_at == created + timedelta(hours=24)
    outcome = workflow.reclassify(
        db, manager, ticket.number, "urgent", "delay", expected_version=1, now=created + timedelta(minutes=5)
    )
    assert outcome.ok and outcome.version == 2
    ticket = db.exec(select(Ticket).where(Ticket.id == ticket.id).execution_options(populate_existing=True)).one()
    assert ticket.response_due_at == created + timedelta(minutes=10)
    assert ticket.resolution_due_at == created + timedelta(hours=2)
    assert ticket.version == 2 and ticket.severity == "urgent"
    stored = db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)).one()
    assert stored.kind == "severity_change"
    assert "general/delay → urgent/delay" in stored.note
    assert "resolution due 2026-11-24 09:00 → 2026-11-23 11:00" in stored.note


def test_two_hour_pause_in_awaiting_customer(db):
    outlet, _, _ = setup(db)
    created = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    ticket = new_ticket(db, outlet, created)
    due_before = ticket.resolution_due_at
    sla.pause(ticket, created + timedelta(hours=3))
    calendar = sla.outlet_calendar(db, outlet.id)
    paused = sla.clocks(ticket, calendar, now=created + timedelta(hours=4))
    assert paused.resolution.state == ClockState.PAUSED
    sla.resume(db, ticket, created + timedelta(hours=5))
    assert ticket.paused_seconds == 7200 and ticket.paused_since is None
    assert ticket.resolution_due_at - due_before == timedelta(hours=2)
    running = sla.clocks(ticket, calendar, now=created + timedelta(hours=6))
    assert running.resolution.state == ClockState.ON_TRACK
    assert round(running.resolution.percent_used, 3) == round(100 * 4 / 24, 3)


def test_pause_over_a_closed_night_counts_only_open_time(db):
    hours = {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    outlet, _, _ = setup(db, hours=hours)
    ticket = new_ticket(db, outlet, datetime(2026, 11, 23, 9, 0, tzinfo=SH))
    due_before = ticket.resolution_due_at
    sla.pause(ticket, datetime(2026, 11, 23, 17, 0, tzinfo=SH))
    sla.resume(db, ticket, datetime(2026, 11, 24, 10, 0, tzinfo=SH))  # 1 h Monday + 1 h Tuesday open
    assert ticket.paused_seconds == 7200
    assert ticket.resolution_due_at > due_before


def test_ticket_on_2026_12_31_gets_2027_due_times_and_hq_is_warned(db):
    hours = {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    outlet, admin, _ = setup(db, hours=hours, calendar="CN")
    sla.save_policy_version(
        db, admin, [PolicyRow("general", None, 60, 2880), *DEFAULTS[1:]], now=datetime(2026, 1, 1, tzinfo=UTC)
    )
    ticket = new_ticket(db, outlet, datetime(2026, 12, 31, 17, 0, tzinfo=SH))
    assert ticket.resolution_due_at.astimezone(SH) == datetime(2027, 1, 8, 11, 0, tzinfo=SH)
    assert sla.holiday_data_warnings(db, now=datetime(2026, 11, 23, tzinfo=UTC)) == [2027]
    assert sla.holiday_data_warnings(db, now=datetime(2025, 3, 1, tzinfo=UTC)) == []


def test_hq_calendar_days_move_due_times(db):
    hours = {d: ["09:00", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    outlet, admin, manager = setup(db, hours=hours)
    assert sla.set_calendar_day(db, manager, date(2026, 11, 24), "closed") == "sla.error_forbidden"
    assert sla.set_calendar_day(db, admin, date(2026, 11, 24), "closed", "typhoon") is None
    ticket = new_ticket(db, outlet, datetime(2026, 11, 23, 18, 30, tzinfo=SH))  # after closing on Monday
    assert ticket.response_due_at.astimezone(SH) == datetime(2026, 11, 25, 9, 30, tzinfo=SH)
    assert sla.set_calendar_day(db, admin, date(2026, 11, 24), None) is None
    sla.apply_due_times(db, ticket)
    assert ticket.response_due_at.astimezone(SH) == datetime(2026, 11, 24, 9, 30, tzinfo=SH)


def test_unusable_hours_fall_back_to_24x7_instead_of_failing(db):
    outlet, admin, _ = setup(db, hours={"mon": ["04:00", "04:15"]})  # 15 minutes a week
    huge = [PolicyRow("general", None, 30, 100_000), *DEFAULTS[1:]]  # 100,000 minutes: not in four years
    sla.save_policy_version(db, admin, huge, now=datetime(2026, 1, 1, tzinfo=UTC))
    created = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    ticket = new_ticket(db, outlet, created)
    assert ticket.resolution_due_at == created + timedelta(minutes=100_000)
