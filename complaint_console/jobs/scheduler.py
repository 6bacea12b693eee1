"""APScheduler 3 in one process: in the web process (SCHEDULER=embedded, the default) or in
`python -m complaint_console worker`. Each tick first takes or renews the jobs lease, so
however many processes run a scheduler, only one of them runs the jobs."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session

from complaint_console.db.types import utcnow
from complaint_console.jobs import lease, runner
from complaint_console.jobs.schedule import JOBS
from complaint_console.settings import get_settings

log = logging.getLogger(__name__)


def due_now(engine: sa.Engine, now: datetime) -> list[str]:
    """Jobs to run now: every interval job, and each cron job whose last scheduled time has no run yet."""
    names = []
    with Session(engine) as db:
        for job in JOBS.values():
            scheduled = job.previous_fire(now)
            last = runner.last_ok_start(db, job.name)
            if job.every is not None or (scheduled is not None and (last is None or last < scheduled)):
                names.append(job.name)
    return names


def _close_interrupted(engine: sa.Engine, holder: str, now: datetime) -> None:
    """On taking the lease: job runs and file imports left running by a stopped process end as interrupted."""
    from sqlmodel import Session

    from complaint_console.services import import_jobs

    runner.close_interrupted(engine, holder, now)
    with Session(engine) as db:
        import_jobs.close_abandoned(db, now)


def run_due_once(engine: sa.Engine, holder: str | None = None, now: datetime | None = None) -> dict[str, str] | None:
    """`worker --once`: run what is due now under the lease, then give the lease back.

    Returns job -> outcome, or None when another live process holds the lease."""
    holder, now = holder or lease.holder_id(), now or utcnow()
    if not lease.take(engine, holder, now):
        return None
    _close_interrupted(engine, holder, now)
    try:
        return {name: runner.run(engine, name, "once", holder, now).outcome for name in due_now(engine, now)}
    finally:
        lease.release(engine, holder)


class JobScheduler:
    """The scheduler of one process; it runs jobs only while it holds the lease."""

    def __init__(self, engine: sa.Engine, holder: str | None = None) -> None:
        self.engine, self.holder = engine, holder or lease.holder_id()
        self._holding = False
        self._scheduler = BackgroundScheduler(
            timezone=ZoneInfo(get_settings().business_tz),
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
        )

    def start(self) -> None:
        for job in JOBS.values():
            self._scheduler.add_job(self._tick, job.trigger(), args=[job.name], id=job.name, name=job.name)
        heartbeat = max(1, get_settings().jobs_lease_seconds // 3)
        self._scheduler.add_job(self._holds_lease, IntervalTrigger(seconds=heartbeat), id="_lease")
        self._scheduler.add_job(self._catch_up, id="_catch_up")  # once, at start
        self._scheduler.start()
        log.info("scheduler started in %s with %d jobs", self.holder, len(JOBS))

    def shutdown(self) -> None:
        self._scheduler.shutdown(wait=True)
        lease.release(self.engine, self.holder)

    def _holds_lease(self) -> bool:
        try:
            holding = lease.take(self.engine, self.holder, utcnow())
            if holding and not self._holding:  # just took over: the former holder's unfinished runs end
                _close_interrupted(self.engine, self.holder, utcnow())
            self._holding = holding
            return holding
        except Exception:  # noqa: BLE001  (a database hiccup: skip this tick, try the next)
            log.exception("could not take the jobs lease")
            self._holding = False
            return False

    def _tick(self, name: str, trigger: str = "schedule") -> None:
        if self._holds_lease():
            runner.run(self.engine, name, trigger, self.holder)

    def _catch_up(self) -> None:
        """A cron job whose last scheduled time passed while nothing ran (e.g. Monday's roll-up)."""
        if not self._holds_lease():
            return
        now = utcnow()
        for name in due_now(self.engine, now):
            if JOBS[name].catch_up:
                runner.run(self.engine, name, "catch-up", self.holder)


def start_embedded() -> JobScheduler | None:
    """The web process's scheduler, when SCHEDULER=embedded (the default)."""
    if get_settings().scheduler != "embedded":
        log.info("SCHEDULER=%s: jobs are not run in this process", get_settings().scheduler)
        return None
    from complaint_console.db.engine import get_engine

    scheduler = JobScheduler(get_engine())
    scheduler.start()
    return scheduler
