"""Running one job and recording the run (start, duration, outcome, counts) in `job_run`."""

from __future__ import annotations

import logging
import traceback
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import JobRun
from complaint_console.db.types import utcnow
from complaint_console.jobs.schedule import JOBS
from complaint_console.observability.logs import fields

log = logging.getLogger(__name__)


def run(engine: sa.Engine, name: str, trigger: str, holder: str, now: datetime | None = None) -> JobRun:
    """Run job `name` once for `now` (default: the current time) and return its recorded run.

    A failing job is recorded as an error with its traceback; it never stops the scheduler.
    """
    job = JOBS[name]
    started = utcnow()
    with Session(engine, expire_on_commit=False) as db:
        record = JobRun(job=name, trigger=trigger, holder=holder, started_at=started)
        db.add(record)
        db.commit()
        try:
            counts = job.func(engine, now or started)
            record.outcome, record.counts = "ok", counts
        except Exception as exc:  # noqa: BLE001  (recorded and shown on /admin/jobs)
            log.exception("job %s failed", name)
            record.outcome, record.error = "error", f"{exc}\n{traceback.format_exc(limit=5)}"[:4000]
        record.finished_at = utcnow()
        db.add(record)
        db.commit()
        ms = round((record.finished_at - started).total_seconds() * 1000)
        log.info("job run", extra=fields(job=name, trigger=trigger, outcome=record.outcome, ms=ms, counts=record.counts))
        return record


def close_interrupted(engine: sa.Engine, holder: str, now: datetime) -> int:
    """Runs still "running" under another holder: that process stopped mid-run (killed, crashed),
    since the caller now holds the jobs lease. Recorded as errors, so /admin/jobs says so."""
    stale = sa.update(JobRun).where(JobRun.outcome == "running", JobRun.holder != holder)
    message = "Interrupted: the process running this job stopped before it finished; the job runs again on schedule."
    with Session(engine) as db:
        closed = db.execute(stale.values(outcome="error", finished_at=now, error=message)).rowcount
        db.commit()
    if closed:
        log.warning("closed interrupted job runs", extra=fields(runs=closed, holder=holder))
    return closed


def last_runs(db: Session) -> dict[str, JobRun]:
    """The latest run of each job."""
    latest = select(JobRun.job, sa.func.max(JobRun.id).label("id")).group_by(JobRun.job).subquery()
    rows = db.exec(select(JobRun).join(latest, latest.c.id == JobRun.id)).all()
    return {r.job: r for r in rows}


def last_ok_start(db: Session, name: str) -> datetime | None:
    return db.exec(select(sa.func.max(JobRun.started_at)).where(JobRun.job == name, JobRun.outcome == "ok")).one()


def last_ok_runs(db: Session) -> dict[str, JobRun]:
    """The latest successful run of each job."""
    latest = select(JobRun.job, sa.func.max(JobRun.id).label("id")).where(JobRun.outcome == "ok").group_by(JobRun.job).subquery()
    return {r.job: r for r in db.exec(select(JobRun).join(latest, latest.c.id == JobRun.id)).all()}
