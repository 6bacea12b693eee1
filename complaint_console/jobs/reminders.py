"""The reminder job (every minute): SLA reminders at 75 %, 100 % and 150 %, and escalations.

Only tickets whose next look-at time has come (or is unknown) are read, in batches, so a
minute's run touches the few tickets near a threshold, not every open ticket."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.calendars import calendar_for, hq_days
from complaint_console.db.models import Outlet, Ticket
from complaint_console.domain.calendar import BusinessCalendar
from complaint_console.domain.vocabulary import OPEN_STAGES
from complaint_console.jobs.registry import Job
from complaint_console.services.reminders import Lookups, remind_batch

BATCH = 2000


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    counts: Counter = Counter()
    last_id = 0
    calendars: dict[int | None, BusinessCalendar] = {None: BusinessCalendar()}
    with Session(engine, expire_on_commit=False) as db:
        days = hq_days(db)
        lookups = Lookups(db)
        while True:
            batch = db.exec(
                select(Ticket)
                .where(Ticket.id > last_id, Ticket.stage.in_([s.value for s in OPEN_STAGES]), Ticket.paused_since.is_(None))
                .where(sa.or_(Ticket.next_reminder_at.is_(None), Ticket.next_reminder_at <= now))
                .order_by(Ticket.id)
                .limit(BATCH)
            ).all()
            missing = {t.outlet_id for t in batch} - calendars.keys()
            if missing:  # each outlet's calendar is worked out once per run
                for outlet in db.exec(select(Outlet).where(Outlet.id.in_(missing))).all():
                    calendars[outlet.id] = calendar_for(outlet, days)
                    lookups.codes[outlet.id] = outlet.code
                calendars.update({i: BusinessCalendar() for i in missing - calendars.keys()})
            counts += remind_batch(db, list(batch), calendars, now, lookups)
            db.expunge_all()
            if len(batch) < BATCH:
                return {"tickets": counts["tickets"], "queued": counts["queued"], "escalated": counts["escalated"],
                        "conflicts": counts["conflicts"]}  # fmt: skip
            last_id = batch[-1].id


JOB = Job("reminders", "jobs.reminders", run, every=timedelta(minutes=1))
