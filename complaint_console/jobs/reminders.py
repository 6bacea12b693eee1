"""The reminder job (every minute): SLA reminders at 75 %, 100 % and 150 %, and escalations.

Only tickets whose next look-at time has come (or is unknown) are read, in batches, so a
minute's run touches the few tickets near a threshold, not every open ticket. A run looks at
no more than MAX_TICKETS_PER_RUN: after a backlog import, the flood of reminders and
escalations is spread over the next minutes' runs instead of one run queuing them all."""

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
MAX_TICKETS_PER_RUN = 10_000


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    counts: Counter = Counter()
    last_id = looked_at = 0
    calendars: dict[int | None, BusinessCalendar] = {None: BusinessCalendar()}
    with Session(engine, expire_on_commit=False) as db:
        days = hq_days(db)
        lookups = Lookups(db)
        while True:
            size = min(BATCH, MAX_TICKETS_PER_RUN - looked_at)
            batch = db.exec(
                select(Ticket)
                .where(Ticket.id > last_id, Ticket.stage.in_([s.value for s in OPEN_STAGES]), Ticket.paused_since.is_(None))
                .where(sa.or_(Ticket.next_reminder_at.is_(None), Ticket.next_reminder_at <= now))
                .order_by(Ticket.id)
                .limit(size)
            ).all()
            missing = {t.outlet_id for t in batch} - calendars.keys()
            if missing:  # each outlet's calendar is worked out once per run
                for outlet in db.exec(select(Outlet).where(Outlet.id.in_(missing))).all():
                    calendars[outlet.id] = calendar_for(outlet, days)
                    lookups.codes[outlet.id] = outlet.code
                calendars.update({i: BusinessCalendar() for i in missing - calendars.keys()})
            counts += remind_batch(db, list(batch), calendars, now, lookups)
            db.expunge_all()
            looked_at += len(batch)
            if len(batch) < size or looked_at >= MAX_TICKETS_PER_RUN:
                capped = int(len(batch) == size)  # the cap stopped this run: the rest waits for the next minute
                return {
                    "tickets": counts["tickets"],
                    "queued": counts["queued"],
                    "escalated": counts["escalated"],
                    "conflicts": counts["conflicts"],
                    "capped": capped,
                }
            last_id = batch[-1].id


JOB = Job("reminders", "jobs.reminders", run, every=timedelta(minutes=1))
