"""The daily check of corrective actions: owners of overdue ones hear once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from complaint_console.jobs.registry import Job
from complaint_console.services.corrective_actions import alert_overdue
from complaint_console.settings import get_settings


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    today = now.astimezone(ZoneInfo(get_settings().business_tz)).date()
    with Session(engine) as db:
        return {"queued": alert_overdue(db, today, now)}


JOB = Job("actions_overdue", "jobs.actions_overdue", run, cron={"hour": 8, "minute": 30}, catch_up=True)
