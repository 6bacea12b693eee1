"""The weekly roll-up, Monday 06:00 in BUSINESS_TZ; caught up at start when a Monday was missed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import Ticket
from complaint_console.db.scores import week_bounds
from complaint_console.jobs.registry import Job
from complaint_console.services.rollup import freeze_week, weeks_to_freeze
from complaint_console.settings import get_settings


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    """Freeze each of the last weeks not frozen yet, from the week of the first ticket on."""
    frozen = 0
    with Session(engine) as db:
        first = db.exec(select(sa.func.min(Ticket.created_at))).one()
        for week in weeks_to_freeze(now):
            if first is not None and week_bounds(week, get_settings().business_tz)[1] > first:
                frozen += freeze_week(db, week, now)
    return {"weeks_frozen": frozen}


JOB = Job("weekly_rollup", "jobs.weekly_rollup", run, cron={"day_of_week": "mon", "hour": 6, "minute": 0}, catch_up=True)
