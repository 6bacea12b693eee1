"""The delivery job: every 30 s, send what is due in the notification outbox (services/outbox.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from complaint_console.jobs.registry import Job
from complaint_console.services import outbox


def run(engine: sa.Engine, now: datetime) -> dict[str, int]:
    return outbox.deliver_due(engine, now)


JOB = Job("deliver", "jobs.deliver", run, every=timedelta(seconds=30))
