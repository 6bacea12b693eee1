"""The jobs lease: a row in `job_lease` that one process holds at a time.

Taking or renewing it is one conditional UPDATE (or the first INSERT), atomic on SQLite and
PostgreSQL: of two schedulers, only the holder runs jobs; if it dies, the lease expires
and another process takes over. Every job effect is also idempotent (unique outbox keys,
frozen weeks), so even a lease lost mid-run cannot send a reminder twice.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from complaint_console.db.models import JobLease

NAME = "scheduler"
# JOBS_LEASE_SECONDS shortens it (tests restart a killed worker without waiting a minute).
TTL = timedelta(seconds=int(os.environ.get("JOBS_LEASE_SECONDS") or "60"))


def holder_id() -> str:
    """This process, as the lease names it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def take(engine: sa.Engine, holder: str, now: datetime, ttl: timedelta = TTL, name: str = NAME) -> bool:
    """Take or renew the lease for `ttl`; False when another live process holds it."""
    with Session(engine) as db:
        renewed = db.execute(
            sa.update(JobLease)
            .where(JobLease.name == name, sa.or_(JobLease.holder == holder, JobLease.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if renewed.rowcount == 1:
            db.commit()
            return True
        if db.get(JobLease, name) is not None:
            db.rollback()
            return False
        try:
            db.add(JobLease(name=name, holder=holder, acquired_at=now, expires_at=now + ttl))
            db.commit()
            return True
        except IntegrityError:  # another process inserted it first
            db.rollback()
            return False


def release(engine: sa.Engine, holder: str, name: str = NAME) -> None:
    """Give the lease up at once (on shutdown), so another process need not wait for expiry."""
    with Session(engine) as db:
        db.execute(sa.delete(JobLease).where(JobLease.name == name, JobLease.holder == holder))
        db.commit()


def current(engine: sa.Engine, name: str = NAME) -> JobLease | None:
    with Session(engine) as db:
        return db.get(JobLease, name)
