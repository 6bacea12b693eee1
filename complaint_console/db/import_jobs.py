"""Queries of the import records (`import_job`): the recent ones for the admin page, the ones a
process should be working on, and the conditional writes that keep one process per job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, ImportJob
from complaint_console.domain.import_jobs import LIVE, RESUMABLE, RUNNING, WAITING

RECENT = 20


@dataclass(frozen=True)
class JobLine:
    job: ImportJob
    username: str | None  # None: the operator's CLI
    resumed_by: int | None  # the job that took this one's file over


def recent(db: Session, limit: int = RECENT) -> list[JobLine]:
    """The latest imports, newest first, with who started them and which job resumed them."""
    later = sa.orm.aliased(ImportJob)
    resumed = select(sa.func.min(later.id)).where(later.retry_of_id == ImportJob.id).scalar_subquery()
    rows = db.exec(
        select(ImportJob, AppUser.username, resumed)
        .join(AppUser, AppUser.id == ImportJob.actor_id, isouter=True)
        .order_by(ImportJob.id.desc())
        .limit(limit)
    ).all()
    return [JobLine(job, username, resumed_by) for job, username, resumed_by in rows]


def live(db: Session) -> list[ImportJob]:
    """Jobs some process should be working on (waiting or running)."""
    return list(db.exec(select(ImportJob).where(ImportJob.status.in_(LIVE))).all())


def resumable(db: Session, kind: str, content_hash: str) -> ImportJob | None:
    """The latest interrupted or failed import of the same file that still keeps it."""
    return db.exec(
        select(ImportJob)
        .where(
            ImportJob.kind == kind,
            ImportJob.content_hash == content_hash,
            ImportJob.status.in_(RESUMABLE),
            ImportJob.file_key.is_not(None),
        )
        .order_by(ImportJob.id.desc())
    ).first()


def claim(db: Session, job_id: int, holder: str, now: datetime) -> bool:
    """Waiting → running under `holder`; False when the job is not waiting (another process has it)."""
    statement = (
        sa.update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.status == WAITING)
        .values(status=RUNNING, holder=holder, started_at=now, heartbeat_at=now)
    )
    return db.execute(statement).rowcount == 1


def write_running(db: Session, job_id: int, holder: str, values: dict[str, Any]) -> bool:
    """Update a job only while `holder` runs it; False when it was closed meanwhile (found stale)."""
    statement = (
        sa.update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.holder == holder, ImportJob.status == RUNNING)
        .values(**values)
    )
    return db.execute(statement).rowcount == 1


def close_if_unchanged(db: Session, job: ImportJob, values: dict[str, Any]) -> bool:
    """Close a live job found abandoned, unless its heartbeat moved since it was read."""
    heartbeat = ImportJob.heartbeat_at.is_(None) if job.heartbeat_at is None else ImportJob.heartbeat_at == job.heartbeat_at
    statement = (
        sa.update(ImportJob)
        .where(ImportJob.id == job.id, ImportJob.status == job.status, ImportJob.holder == job.holder, heartbeat)
        .values(**values)
    )
    return db.execute(statement).rowcount == 1


def release_file(db: Session, file_key: str) -> None:
    """No job keeps `file_key` any more (the file left the store)."""
    db.execute(sa.update(ImportJob).where(ImportJob.file_key == file_key).values(file_key=None))
