"""One outlet's score page, read in SQL: the outlet (within the actor's scope), its trend, and
the drill-down of a week's cohort (missed tickets, breakdowns, SLA by severity)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import predicates
from complaint_console.db.models import (
    Outlet,
    Ticket,
    WeeklyOutletScore,
)
from complaint_console.db.score_table import PAGE_SIZE
from complaint_console.db.scores import cohort_due, week_bounds
from complaint_console.settings import get_settings


def outlet_by_code(db: Session, code: str, actor_outlet: int | None) -> Outlet | None:
    """The outlet with `code`, if the actor may see it (`actor_outlet` from access.outlet_scope)."""
    outlet = db.exec(select(Outlet).where(Outlet.code == code)).first()
    if outlet is None or (actor_outlet is not None and outlet.id != actor_outlet):
        return None
    return outlet


def outlet_trend(db: Session, outlet_id: int, until: date, weeks: int = 12) -> list[WeeklyOutletScore]:
    w = WeeklyOutletScore
    return list(
        db.exec(
            select(w)
            .where(w.outlet_id == outlet_id, w.week_start <= until, w.week_start > until - timedelta(weeks=weeks))
            .order_by(w.week_start)
        ).all()
    )


def _cohort(outlet_id: int, week: date, now: datetime | None = None):
    """The outlet's cohort of `week`; with `now` (the live week), only the tickets already due."""
    start, end = week_bounds(week, get_settings().business_tz)
    return sa.and_(Ticket.outlet_id == outlet_id, cohort_due(start, end, now)), end


def missed_tickets(
    db: Session, outlet_id: int, week: date, limit: int = PAGE_SIZE, now: datetime | None = None
) -> tuple[list[Ticket], int]:
    """Cohort tickets of the week that missed: not resolved by the week's end, or not on time
    (first response late or missing, or resolved after its due time). At most `limit`, and the count.
    With `now` (the live week): among the tickets already due."""
    in_cohort, end = _cohort(outlet_id, week, now)
    timely = predicates.timely(end)
    condition = sa.and_(in_cohort, sa.not_(timely))
    total = db.exec(select(sa.func.count()).select_from(Ticket).where(condition)).one()
    rows = db.exec(select(Ticket).where(condition).order_by(Ticket.resolution_due_at, Ticket.number).limit(limit)).all()
    return list(rows), total


def breakdown(db: Session, outlet_id: int, week: date, column: str, now: datetime | None = None) -> list[tuple[str, int]]:
    """Cohort tickets of the week counted by `column` ("category" or "root_cause"), largest first
    (with `now`, the live week's tickets already due)."""
    in_cohort, _ = _cohort(outlet_id, week, now)
    field = {"category": Ticket.category, "root_cause": Ticket.root_cause}[column]
    rows = db.exec(select(field, sa.func.count()).where(in_cohort).group_by(field).order_by(sa.func.count().desc())).all()
    return [(value or "", n) for value, n in rows]


def sla_by_severity(db: Session, outlet_id: int, week: date, now: datetime | None = None) -> list[tuple[str, int, int]]:
    """Per severity: cohort size and the tickets resolved on time with a timely first response
    (with `now`, the live week's tickets already due)."""
    in_cohort, end = _cohort(outlet_id, week, now)
    timely = predicates.timely(end)
    on_time = sa.func.coalesce(sa.func.sum(sa.case((timely, 1), else_=0)), 0)
    rows = db.exec(
        select(Ticket.severity, sa.func.count(), on_time).where(in_cohort).group_by(Ticket.severity).order_by(Ticket.severity)
    ).all()
    return [(s, n, int(k)) for s, n, k in rows]
