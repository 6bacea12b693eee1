"""SLA use cases: policy versions, due times of tickets, reclassification, pauses, clocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.calendars import outlet_calendar
from complaint_console.db.models import AppUser, CalendarDay, Outlet, SlaPolicy, Ticket, TicketEvent
from complaint_console.db.types import utcnow
from complaint_console.domain import sla
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.calendar import BusinessCalendar, CalendarError
from complaint_console.domain.vocabulary import EventKind


def policy_version(db: Session, at: datetime) -> tuple[datetime | None, list[sla.PolicyRow]]:
    """The policy version valid at `at`: its `valid_from` and rows (empty: DESIGN's defaults)."""
    valid_from = db.exec(select(sa.func.max(SlaPolicy.valid_from)).where(SlaPolicy.valid_from <= at)).one()
    if valid_from is None:
        return None, []
    rows = db.exec(select(SlaPolicy).where(SlaPolicy.valid_from == valid_from)).all()
    return valid_from, [sla.PolicyRow(r.severity, r.category, r.response_minutes, r.resolution_minutes) for r in rows]


def target_for(db: Session, severity: str, category: str, at: datetime) -> sla.Target:
    return sla.pick_target(policy_version(db, at)[1], severity, category)


def save_policy_version(db: Session, actor: Actor, rows: list[sla.PolicyRow], now: datetime | None = None) -> dict[str, str]:
    """Validate and save a new policy version valid from now; existing tickets keep their due times.

    The version rows carry who saved them and when, which is the audit trail of policy changes.
    """
    if not may(actor, Action.ADMINISTER):
        return {"*": "sla.error_forbidden"}
    errors = sla.validate_policy(rows)
    if errors:
        return errors
    now = now or utcnow()
    for row in rows:
        db.add(
            SlaPolicy(
                severity=row.severity,
                category=row.category,
                response_minutes=row.response_minutes,
                resolution_minutes=row.resolution_minutes,
                valid_from=now,
                created_by_id=actor.user_id,
            )
        )
    db.commit()
    return {}


def _due_times(ticket: Ticket, target: sla.Target, calendar: BusinessCalendar) -> tuple[datetime, datetime]:
    """Due times on the outlet's calendar; hours with no usable open time count as 24/7,
    so a misconfigured outlet never makes a ticket fail."""
    try:
        return sla.due_times(ticket.created_at, target, ticket.paused_seconds, calendar)
    except CalendarError:
        return sla.due_times(ticket.created_at, target, ticket.paused_seconds, sla.ALWAYS_OPEN)


def apply_due_times(db: Session, ticket: Ticket, calendar: BusinessCalendar | None = None) -> None:
    """Fix a ticket's targets and due times from the policy valid at its creation."""
    target = target_for(db, ticket.severity, ticket.category, ticket.created_at)
    calendar = calendar or outlet_calendar(db, ticket.outlet_id)
    ticket.response_target_minutes = target.response_minutes
    ticket.resolution_target_minutes = target.resolution_minutes
    ticket.response_due_at, ticket.resolution_due_at = _due_times(ticket, target, calendar)


def _fmt(moment: datetime, calendar: BusinessCalendar) -> str:
    return moment.astimezone(calendar.tz).strftime("%Y-%m-%d %H:%M")


def reclassify(
    db: Session, actor: Actor, ticket: Ticket, severity: str, category: str, now: datetime | None = None
) -> TicketEvent:
    """Change severity and/or category on `ticket`: both due times are recomputed from
    `created_at` with the policy valid at creation. Returns the audit event with old and new
    due times; the caller saves both (services.workflow does, under the ticket's version lock)."""
    now = now or utcnow()
    calendar = outlet_calendar(db, ticket.outlet_id)
    old = (ticket.severity, ticket.category, ticket.response_due_at, ticket.resolution_due_at)
    ticket.severity, ticket.category = severity, category
    apply_due_times(db, ticket, calendar)
    note = (
        f"{old[0]}/{old[1]} → {severity}/{category}; "
        f"response due {_fmt(old[2], calendar)} → {_fmt(ticket.response_due_at, calendar)}; "
        f"resolution due {_fmt(old[3], calendar)} → {_fmt(ticket.resolution_due_at, calendar)}"
    )
    ticket.updated_at, ticket.updated_by_id = now, actor.user_id
    return TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor.user_id, kind=EventKind.SEVERITY_CHANGE.value, note=note)


def pause(ticket: Ticket, now: datetime) -> None:
    """Entering `awaiting_customer`: the resolution clock stops."""
    if ticket.paused_since is None:
        ticket.paused_since = now


def resume(db: Session, ticket: Ticket, now: datetime, calendar: BusinessCalendar | None = None) -> None:
    """Leaving `awaiting_customer`: the open time spent there moves the resolution due time back."""
    if ticket.paused_since is None:
        return
    calendar = calendar or outlet_calendar(db, ticket.outlet_id)
    ticket.paused_seconds += sla.pause_seconds(calendar, ticket.paused_since, now)
    ticket.paused_since = None
    target = sla.Target(ticket.response_target_minutes, ticket.resolution_target_minutes)
    _, ticket.resolution_due_at = _due_times(ticket, target, calendar)


def restart_resolution(db: Session, ticket: Ticket, now: datetime, calendar: BusinessCalendar | None = None) -> None:
    """A reopen: the resolution clock starts again from `now` (domain/sla.reopen_seconds); the
    reminder job looks at the ticket afresh, and reminders are keyed by the new due time."""
    calendar = calendar or outlet_calendar(db, ticket.outlet_id)
    ticket.paused_seconds, ticket.paused_since = sla.reopen_seconds(calendar, ticket.created_at, now), None
    target = sla.Target(ticket.response_target_minutes, ticket.resolution_target_minutes)
    _, ticket.resolution_due_at = _due_times(ticket, target, calendar)
    ticket.next_reminder_at = None


@dataclass(frozen=True)
class TicketClocks:
    response: sla.Clock
    resolution: sla.Clock

    @property
    def response_pending(self) -> bool:
        return self.response.running


HasClocks = sla.TicketTimes  # any ticket-shaped object (domain/sla.py)


def clocks(ticket: HasClocks, calendar: BusinessCalendar, now: datetime | None = None) -> TicketClocks:
    """Both clocks of a ticket at `now`; `resolved_at` stops the resolution clock."""
    now = now or utcnow()
    response = sla.response_clock(
        calendar, ticket.created_at, ticket.response_due_at, ticket.response_target_minutes, ticket.first_response_at, now
    )
    resolution = sla.resolution_clock(
        calendar,
        ticket.created_at,
        ticket.resolution_due_at,
        ticket.resolution_target_minutes,
        ticket.paused_seconds,
        ticket.paused_since,
        ticket.resolved_at,
        now,
    )
    return TicketClocks(response, resolution)


def holiday_data_warnings(db: Session, now: datetime | None = None) -> list[int]:
    """Years (this one and the next) without holiday data while outlets use the CN calendar."""
    now = now or utcnow()
    uses_cn = db.exec(
        select(sa.func.count()).select_from(Outlet).where(Outlet.holiday_calendar == "CN", Outlet.business_hours.is_not(None))
    ).one()
    if not uses_cn:
        return []
    probe = BusinessCalendar(hours={0: (datetime.min.time(), None)}, cn_holidays=True)
    return sorted(probe.uncovered_years(now, now.replace(year=now.year + 1)))


def set_calendar_day(db: Session, actor: Actor, day, kind: str | None, note: str = "") -> str | None:
    """HQ's manual calendar entry: kind "closed", "working", or None to remove it."""
    if not may(actor, Action.ADMINISTER):
        return "sla.error_forbidden"
    existing = db.get(CalendarDay, day)
    if kind is None:
        if existing is not None:
            db.delete(existing)
    elif kind not in ("closed", "working"):
        return "calendar.error_kind"
    elif existing is not None:
        existing.kind, existing.note = kind, note
        db.add(existing)
    else:
        db.add(CalendarDay(day=day, kind=kind, note=note))
    db.commit()
    return None


@dataclass(frozen=True)
class PolicyVersion:
    valid_from: datetime
    saved_by: str
    rows: list[sla.PolicyRow]


def policy_history(db: Session, limit: int = 10) -> list[PolicyVersion]:
    """The latest policy versions, newest first, with who saved them (the audit trail)."""
    starts = db.exec(select(SlaPolicy.valid_from).distinct().order_by(SlaPolicy.valid_from.desc()).limit(limit)).all()
    if not starts:
        return []
    rows = db.exec(
        select(SlaPolicy, AppUser.display_name)
        .join(AppUser, AppUser.id == SlaPolicy.created_by_id, isouter=True)
        .where(SlaPolicy.valid_from.in_(starts))
    ).all()
    versions: dict[datetime, PolicyVersion] = {}
    for policy, name in rows:
        version = versions.setdefault(policy.valid_from, PolicyVersion(policy.valid_from, name or "", []))
        version.rows.append(sla.PolicyRow(policy.severity, policy.category, policy.response_minutes, policy.resolution_minutes))
    return [versions[start] for start in sorted(versions, reverse=True)]


def calendar_days(db: Session) -> list[CalendarDay]:
    return list(db.exec(select(CalendarDay).order_by(CalendarDay.day.desc()).limit(200)).all())
