"""The daily digest, 08:00 in BUSINESS_TZ: each outlet manager hears how their board stands
(open, at risk, breached, awaiting approval), once a day whatever reruns happen."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.calendars import calendars_for
from complaint_console.db.models import AppUser, Outlet, Ticket
from complaint_console.domain.access import Action, roles_that
from complaint_console.domain.sla import ClockState
from complaint_console.domain.vocabulary import OPEN_STAGES
from complaint_console.i18n.catalogue import translate
from complaint_console.jobs.registry import Job
from complaint_console.services.sla import clocks
from complaint_console.services.staff_alerts import tell
from complaint_console.settings import get_settings

OPEN = [s.value for s in OPEN_STAGES]


def board_counts(db: Session, outlet_id: int, now: datetime) -> Counter:
    """One outlet's open tickets by the worse of their two clocks, and those awaiting HQ."""
    tickets = db.exec(select(Ticket).where(Ticket.outlet_id == outlet_id, Ticket.stage.in_(OPEN))).all()
    calendar = calendars_for(db, {outlet_id})[outlet_id]
    counts = Counter(open=len(tickets), at_risk=0, breached=0, awaiting_approval=0)
    for ticket in tickets:
        both = clocks(ticket, calendar, now)
        states = {both.response.state, both.resolution.state}
        if ClockState.BREACHED in states:
            counts["breached"] += 1
        elif ClockState.AT_RISK in states:
            counts["at_risk"] += 1
        counts["awaiting_approval"] += ticket.compensation_requested is not None
    return counts


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    day = now.astimezone(ZoneInfo(get_settings().business_tz)).date()
    queued = 0
    with Session(engine) as db:
        managers = db.exec(
            select(AppUser, Outlet)
            .join(Outlet, Outlet.id == AppUser.outlet_id)
            .where(AppUser.active, AppUser.role.in_(roles_that(Action.LEAD_OUTLET)))
            .order_by(AppUser.outlet_id, AppUser.id)
        ).all()
        by_outlet: dict[int, Counter] = {}
        for person, outlet in managers:
            if outlet.id not in by_outlet:
                by_outlet[outlet.id] = board_counts(db, outlet.id, now)
            counts = by_outlet[outlet.id]
            subject = translate("digest.subject", person.language).format(outlet=outlet.code, day=day.isoformat())
            body = translate("digest.body", person.language).format(**counts)
            payload = {"outlet": outlet.code, **counts}
            queued += tell(db, person, "daily_digest", f"digest:{day.isoformat()}", subject, body, now, payload=payload)
        db.commit()
    return {"managers": len(managers), "queued": queued}


JOB = Job("daily_digest", "jobs.daily_digest", run, cron={"hour": 8, "minute": 0}, catch_up=True)
