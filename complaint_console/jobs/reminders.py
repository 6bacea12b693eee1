"""The reminder job (every minute): SLA reminders at 75 %, 100 % and 150 %, and escalations.

Only tickets whose next look-at time has come (or is unknown) are read, in batches, so a
minute's run touches the few tickets near a threshold, not every open ticket."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.calendars import calendars_for
from complaint_console.db.models import Ticket
from complaint_console.domain.vocabulary import OPEN_STAGES
from complaint_console.jobs.registry import Job
from complaint_console.services.reminders import remind

BATCH = 200


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    counts: Counter = Counter()
    last_id = 0
    while True:
        with Session(engine, expire_on_commit=False) as db:
            batch = db.exec(
                select(Ticket)
                .where(Ticket.id > last_id, Ticket.stage.in_([s.value for s in OPEN_STAGES]), Ticket.paused_since.is_(None))
                .where(sa.or_(Ticket.next_reminder_at.is_(None), Ticket.next_reminder_at <= now))
                .order_by(Ticket.id)
                .limit(BATCH)
            ).all()
            calendars = calendars_for(db, {t.outlet_id for t in batch})
            for ticket in batch:
                counts += remind(db, ticket, calendars[ticket.outlet_id], now)
        if len(batch) < BATCH:
            return {"tickets": counts["tickets"], "queued": counts["queued"], "escalated": counts["escalated"],
                    "conflicts": counts["conflicts"]}  # fmt: skip
        last_id = batch[-1].id


JOB = Job("reminders", "jobs.reminders", run, every=timedelta(minutes=1))
