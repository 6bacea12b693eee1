"""Business calendars of outlets, with HQ's own closed and working days."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from complaint_console.db.models import CalendarDay, Outlet
from complaint_console.domain.calendar import BusinessCalendar, CalendarError, parse_business_hours


def hq_days(db: Session) -> tuple[frozenset[date], frozenset[date]]:
    """(closed days, extra working days) entered by HQ."""
    rows = db.exec(select(CalendarDay)).all()
    closed = frozenset(r.day for r in rows if r.kind == "closed")
    working = frozenset(r.day for r in rows if r.kind == "working")
    return closed, working


def calendar_for(outlet: Outlet | None, days: tuple[frozenset[date], frozenset[date]]) -> BusinessCalendar:
    """The outlet's calendar; an outlet with unusable hours counts as 24/7 rather than failing."""
    if outlet is None:
        return BusinessCalendar()
    try:
        hours = parse_business_hours(outlet.business_hours)
    except CalendarError:
        hours = None
    return BusinessCalendar(
        tz=ZoneInfo(outlet.timezone or "Asia/Shanghai"),
        hours=hours,
        cn_holidays=outlet.holiday_calendar == "CN",
        extra_closed=days[0],
        extra_working=days[1],
    )


def outlet_calendar(db: Session, outlet_id: int | None) -> BusinessCalendar:
    outlet = db.get(Outlet, outlet_id) if outlet_id is not None else None
    return calendar_for(outlet, hq_days(db))


def calendars_for(db: Session, outlet_ids: set[int | None]) -> dict[int | None, BusinessCalendar]:
    """Calendars of several outlets with two queries (for a page of cards)."""
    days = hq_days(db)
    ids = {i for i in outlet_ids if i is not None}
    outlets = db.exec(select(Outlet).where(Outlet.id.in_(ids))).all() if ids else []
    found: dict[int | None, BusinessCalendar] = {o.id: calendar_for(o, days) for o in outlets}
    found[None] = BusinessCalendar()
    return found
