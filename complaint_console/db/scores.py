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

from complaint_console.db import predicates
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
    """One row for every active outlet (zeros where nothing happened): one query, grouped
    subqueries joined to the outlets, so the database hands back finished rows; with `now`, the
    live week so far (cohort: tickets due by `now`; plus the not-yet-due count)."""
    start, end = week_bounds(week_start, tz)
    resolved = sa.and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at < end)
    timely = predicates.timely(end)
    cohort = (
        select(Ticket.outlet_id, sa.func.count().label("n"), _sum(resolved).label("resolved"), _sum(timely).label("timely"))
        .where(cohort_due(start, end, now), Ticket.outlet_id.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("cohort")
    )
    pending = (
        select(Ticket.outlet_id, sa.func.count().label("n"))
        .where(not_yet_due(start, end, now) if now is not None else sa.false(), Ticket.outlet_id.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("pending")
    )
    surveys = (
        select(Ticket.outlet_id, sa.func.count().label("n"), _sum(predicates.satisfied(Survey.rating)).label("satisfied"))
        .join(Ticket, Ticket.id == Survey.ticket_id)
        .where(Survey.answered_at >= start, Survey.answered_at < end, Survey.rating.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("surveys")
    )
    received = (
        select(Ticket.outlet_id, sa.func.count().label("n"), _sum(Ticket.repeat_of_id.is_not(None)).label("repeats"))
        .where(Ticket.created_at >= start, Ticket.created_at < end, Ticket.outlet_id.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("received")
    )
    escalated = (
        select(Ticket.outlet_id, sa.func.count(sa.distinct(Ticket.id)).label("n"))
        .join(TicketEvent, TicketEvent.ticket_id == Ticket.id)
        .where(TicketEvent.kind == EventKind.ESCALATED.value, TicketEvent.at >= start, TicketEvent.at < end)
        .where(Ticket.outlet_id.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("escalated")
    )
    paid = (
        select(Ticket.outlet_id, sa.func.count().label("n"), sa.func.sum(Ticket.compensation_amount).label("total"))
        .where(Ticket.resolved_at >= start, Ticket.resolved_at < end, Ticket.compensation_amount > 0)
        .where(Ticket.outlet_id.is_not(None))
        .group_by(Ticket.outlet_id)
        .subquery("paid")
    )

    def zero(column: sa.ColumnElement) -> sa.ColumnElement[int]:
        return sa.func.coalesce(column, 0)

    query = (
        select(
            Outlet.id,
            zero(cohort.c.n),
            zero(cohort.c.resolved),
            zero(cohort.c.timely),
            zero(surveys.c.n),
            zero(surveys.c.satisfied),
            zero(received.c.n),
            zero(received.c.repeats),
            zero(escalated.c.n),
            zero(paid.c.n),
            paid.c.total,
            zero(pending.c.n),
        )
        .outerjoin(cohort, cohort.c.outlet_id == Outlet.id)
        .outerjoin(surveys, surveys.c.outlet_id == Outlet.id)
        .outerjoin(received, received.c.outlet_id == Outlet.id)
        .outerjoin(escalated, escalated.c.outlet_id == Outlet.id)
        .outerjoin(paid, paid.c.outlet_id == Outlet.id)
        .outerjoin(pending, pending.c.outlet_id == Outlet.id)
        .where(Outlet.active)
        .order_by(Outlet.id)
    )
    cent, nothing = Decimal("0.01"), Decimal(0)
    return [
        OutletWeek(
            *map(int, row[:10]),
            compensation_total=Decimal(row[10]).quantize(cent) if row[10] else nothing,
            not_yet_due_count=int(row[11]),
        )
        for row in db.execute(query).all()
    ]
