"""The counts behind outlet scores, aggregated in the database for one week.

Week W = [Monday 00:00, next Monday 00:00) in BUSINESS_TZ (DESIGN "Outlet scores"):
the cohort is the outlet's tickets whose resolution due time falls in W; surveys count
when answered in W; received and repeat counts are tickets created in W. Shown but not
scored: tickets escalated in W (an `escalated` event in W), and tickets resolved in W with
compensation (how many, and the yuan paid).

The live (current, partial) week passes `now`: its cohort is the tickets already due
(resolution due time ≤ now), and the open tickets due later in the week are counted apart
("not yet due"), never as failures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, Survey, Ticket, TicketEvent
from complaint_console.domain.scores import OutletWeek
from complaint_console.domain.vocabulary import EventKind


def week_bounds(week_start: date, tz: str) -> tuple[datetime, datetime]:
    start = datetime.combine(week_start, time(0), tzinfo=ZoneInfo(tz))
    return start.astimezone(UTC), (start + timedelta(days=7)).astimezone(UTC)


def monday_of(moment: datetime, tz: str) -> date:
    local = moment.astimezone(ZoneInfo(tz)).date()
    return local - timedelta(days=local.weekday())


def _sum(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def cohort_due(start: datetime, end: datetime, now: datetime | None = None) -> sa.ColumnElement[bool]:
    """The cohort of week [start, end): tickets whose resolution due time falls in it and,
    for the live week (`now` given), is already past (≤ now)."""
    due = Ticket.resolution_due_at
    return sa.and_(due >= start, due < end, due <= now) if now is not None else sa.and_(due >= start, due < end)


def not_yet_due(start: datetime, end: datetime, now: datetime) -> sa.ColumnElement[bool]:
    """Open tickets of the live week whose resolution is due later in it (shown beside the score)."""
    due = Ticket.resolution_due_at
    return sa.and_(due > now, due >= start, due < end, Ticket.resolved_at.is_(None))


def week_counts(db: Session, week_start: date, tz: str, now: datetime | None = None) -> list[OutletWeek]:
    """One row for every active outlet (zeros where nothing happened), five grouped queries;
    with `now`, the live week so far (cohort: tickets due by `now`; plus the not-yet-due count)."""
    start, end = week_bounds(week_start, tz)
    resolved = sa.and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at < end)
    timely = sa.and_(
        resolved, Ticket.first_response_at.is_not(None), Ticket.first_response_at <= Ticket.response_due_at,
        Ticket.resolved_at <= Ticket.resolution_due_at,
    )  # fmt: skip
    cohort = {
        row.outlet_id: row
        for row in db.exec(
            select(Ticket.outlet_id, sa.func.count().label("n"), _sum(resolved).label("resolved"), _sum(timely).label("timely"))
            .where(cohort_due(start, end, now), Ticket.outlet_id.is_not(None))
            .group_by(Ticket.outlet_id)
        ).all()
    }
    pending = {}
    if now is not None:
        pending = dict(
            db.exec(
                select(Ticket.outlet_id, sa.func.count())
                .where(not_yet_due(start, end, now), Ticket.outlet_id.is_not(None))
                .group_by(Ticket.outlet_id)
            ).all()
        )
    surveys = {
        row.outlet_id: row
        for row in db.exec(
            select(Ticket.outlet_id, sa.func.count().label("n"), _sum(Survey.rating >= 4).label("satisfied"))
            .join(Ticket, Ticket.id == Survey.ticket_id)
            .where(Survey.answered_at >= start, Survey.answered_at < end, Survey.rating.is_not(None))
            .group_by(Ticket.outlet_id)
        ).all()
    }
    received = {
        row.outlet_id: row
        for row in db.exec(
            select(Ticket.outlet_id, sa.func.count().label("n"), _sum(Ticket.repeat_of_id.is_not(None)).label("repeats"))
            .where(Ticket.created_at >= start, Ticket.created_at < end, Ticket.outlet_id.is_not(None))
            .group_by(Ticket.outlet_id)
        ).all()
    }
    escalated = dict(
        db.exec(
            select(Ticket.outlet_id, sa.func.count(sa.distinct(Ticket.id)))
            .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
            .where(TicketEvent.kind == EventKind.ESCALATED.value, TicketEvent.at >= start, TicketEvent.at < end)
            .where(Ticket.outlet_id.is_not(None))
            .group_by(Ticket.outlet_id)
        ).all()
    )
    compensated = {
        row.outlet_id: row
        for row in db.exec(
            select(Ticket.outlet_id, sa.func.count().label("n"), sa.func.sum(Ticket.compensation_amount).label("total"))
            .where(Ticket.resolved_at >= start, Ticket.resolved_at < end, Ticket.compensation_amount > 0)
            .where(Ticket.outlet_id.is_not(None))
            .group_by(Ticket.outlet_id)
        ).all()
    }
    outlets = db.exec(select(Outlet.id).where(Outlet.active).order_by(Outlet.id)).all()
    weeks = []
    for outlet_id in outlets:
        c, s, r = cohort.get(outlet_id), surveys.get(outlet_id), received.get(outlet_id)
        paid = compensated.get(outlet_id)
        weeks.append(
            OutletWeek(
                outlet_id,
                cohort_size=c.n if c else 0,
                resolved_count=int(c.resolved) if c else 0,
                timely_count=int(c.timely) if c else 0,
                survey_count=s.n if s else 0,
                satisfied_count=int(s.satisfied) if s else 0,
                received_count=r.n if r else 0,
                repeat_count=int(r.repeats) if r else 0,
                escalated_count=int(escalated.get(outlet_id, 0)),
                compensated_count=paid.n if paid else 0,
                compensation_total=Decimal(paid.total or 0).quantize(Decimal("0.01")) if paid else Decimal(0),
                not_yet_due_count=int(pending.get(outlet_id, 0)),
            )  # fmt: skip
        )
    return weeks
