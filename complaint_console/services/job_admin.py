"""hq_admin's view of the scheduled jobs (/admin/jobs): schedule, last run, next run, the lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from complaint_console.db.models import JobLease, JobRun
from complaint_console.jobs import lease, runner
from complaint_console.jobs.schedule import JOBS


@dataclass(frozen=True)
class JobView:
    name: str
    label_key: str
    schedule: str  # in English
    schedule_zh: str
    last: JobRun | None
    next_run: datetime | None  # None: an interval job that has not run yet (due within `every`)
    every_seconds: int | None


def next_run(name: str, last: JobRun | None, now: datetime) -> datetime | None:
    job = JOBS[name]
    if job.every is None:
        return job.trigger().get_next_fire_time(None, now)
    if last is None:
        return None
    return max(last.started_at + job.every, now)


def overview(engine: sa.Engine, now: datetime) -> list[JobView]:
    with Session(engine, expire_on_commit=False) as db:
        last = runner.last_runs(db)
    return [
        JobView(
            name=job.name,
            label_key=job.label_key,
            schedule=job.schedule_text("en"),
            schedule_zh=job.schedule_text("zh"),
            last=last.get(job.name),
            next_run=next_run(job.name, last.get(job.name), now),
            every_seconds=int(job.every.total_seconds()) if job.every is not None else None,
        )
        for job in JOBS.values()
    ]


def current_lease(engine: sa.Engine, now: datetime) -> JobLease | None:
    """The live holder of the jobs lease, if any (an expired lease is nobody's)."""
    held = lease.current(engine)
    return held if held is not None and held.expires_at >= now else None
