"""Reads of the root-cause list and the counts over it (the Pareto, the 12-week trend, the
effect check), aggregated in SQL and limited to what the actor may see."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Outlet, RootCauseCategory, Ticket
from complaint_console.db.tickets import scoped
from complaint_console.domain.access import Actor
from complaint_console.domain.root_causes import TREND_WEEKS, week_start_instant, week_starts


def list_categories(db: Session, active_only: bool = False) -> list[RootCauseCategory]:
    """The root causes, in code order; only the active ones for the forms that choose one."""
    stmt = select(RootCauseCategory).order_by(RootCauseCategory.code)
    if active_only:
        stmt = stmt.where(RootCauseCategory.active == sa.true())
    return list(db.exec(stmt))


def active_codes(db: Session) -> frozenset[str]:
    """The codes a ticket may be closed with (domain.stages.TicketFacts.root_causes)."""
    return frozenset(db.exec(select(RootCauseCategory.code).where(RootCauseCategory.active == sa.true())))


def labels(db: Session, lang: str) -> dict[str, str]:
    """Every root cause's name in `lang` ("en" or "zh"), by code: for the charts and lists."""
    rows = db.exec(select(RootCauseCategory.code, RootCauseCategory.name_en, RootCauseCategory.name_zh))
    return {code: (zh if lang == "zh" else en) for code, en, zh in rows}


def root_cause_label(db: Session, code: str | None, lang: str = "en") -> str:
    """The name of a root cause in `lang` ("en" or "zh"); the code itself when it is not in the
    list (free text of old rows), "" for none. The case story shows the root cause with this."""
    if not code:
        return ""
    row = db.exec(select(RootCauseCategory).where(RootCauseCategory.code == code)).first()
    if row is None:
        return code
    return row.name_zh if lang == "zh" else row.name_en


def _filtered(stmt: sa.Select, actor: Actor, region: str | None, outlet_id: int | None) -> sa.Select:
    stmt = scoped(stmt, actor).where(Ticket.root_cause.is_not(None), Ticket.root_cause != "")
    if region is not None:
        stmt = stmt.where(Ticket.outlet_id.in_(sa.select(Outlet.id).where(Outlet.region == region)))
    if outlet_id is not None:
        stmt = stmt.where(Ticket.outlet_id == outlet_id)
    return stmt


def counts_by_root_cause(
    db: Session, actor: Actor, since: datetime, until: datetime, region: str | None = None, outlet_id: int | None = None
) -> dict[str, int]:
    """Complaints created in [since, until) per root cause, for the network, a region or an outlet."""
    stmt = sa.select(Ticket.root_cause, sa.func.count()).where(Ticket.created_at >= since, Ticket.created_at < until)
    stmt = _filtered(stmt, actor, region, outlet_id).group_by(Ticket.root_cause)
    return {code: n for code, n in db.execute(stmt)}


def weekly_trend(
    db: Session, actor: Actor, today: date, region: str | None = None, outlet_id: int | None = None, weeks: int = TREND_WEEKS
) -> tuple[list[date], dict[str, list[int]]]:
    """(the Mondays, root cause -> complaints per week) over the last `weeks` weeks, grouped by
    week and root cause in SQL (a CASE over the week starts works the same on SQLite and PostgreSQL)."""
    mondays = week_starts(today, weeks)
    starts = [week_start_instant(m) for m in mondays]
    end = starts[-1] + timedelta(weeks=1)
    week = sa.case(*[(Ticket.created_at >= s, i) for i, s in reversed(list(enumerate(starts)))], else_=-1).label("week")
    stmt = sa.select(week, Ticket.root_cause, sa.func.count()).where(Ticket.created_at >= starts[0], Ticket.created_at < end)
    stmt = _filtered(stmt, actor, region, outlet_id).group_by(week, Ticket.root_cause)
    series: dict[str, list[int]] = {}
    for index, code, n in db.execute(stmt):
        series.setdefault(code, [0] * weeks)[index] = n
    return mondays, series


def effect_counts(db: Session, outlet_id: int, root_cause: str, done_at: datetime, weeks: int) -> tuple[list[int], list[int]]:
    """Complaints of `root_cause` at `outlet_id` per week in the `weeks` weeks before and after
    `done_at` (each list oldest first), grouped in SQL. Not scoped: callers check the actor."""
    edges = [done_at + timedelta(weeks=i) for i in range(-weeks, weeks + 1)]
    bucket = sa.case(*[(Ticket.created_at >= e, i) for i, e in reversed(list(enumerate(edges[:-1])))], else_=-1).label("w")
    stmt = (
        sa.select(bucket, sa.func.count())
        .where(Ticket.outlet_id == outlet_id, Ticket.root_cause == root_cause)
        .where(Ticket.created_at >= edges[0], Ticket.created_at < edges[-1])
        .group_by(bucket)
    )
    counts = [0] * (2 * weeks)
    for index, n in db.execute(stmt):
        counts[index] = n
    return counts[:weeks], counts[weeks:]
