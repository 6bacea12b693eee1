"""Imports as recorded jobs: every file import (tickets, outlets, staff; the admin pages and the
CLI) has a row in `import_job` from the moment its file is kept until it is done.

- `create` keeps the file in the file store and records the job (`waiting`); the same file
  after an interrupted or failed import takes that job's kept file over (`retry_of_id`).
- `claim` starts it (`running`, under this process's `host:pid`); a `Tracker` writes rows done,
  counts, the problems so far and a heartbeat every batch (20 rows or 2 seconds), so after a
  crash the row shows how far it got; `finish` / `fail` / `interrupt` close it. The file leaves
  the store only when the job is done (or the file itself was refused).
- `close_abandoned` marks `interrupted` every waiting or running job whose process is gone
  (domain/import_jobs.abandoned: no heartbeat for 2 minutes, or a dead pid on this host). It
  runs when an import starts (CLI or page), when /admin/import opens, and when a process takes
  the jobs lease. An interrupted job is resumed from its kept file (`resume`); ticket rows
  imported before are found by their fingerprint and skipped, so nothing is recorded twice.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session

from complaint_console.db import import_jobs as queries
from complaint_console.db.models import ImportJob
from complaint_console.db.types import utcnow
from complaint_console.domain import import_jobs as rules
from complaint_console.domain.access import Actor
from complaint_console.domain.csv_file import FileError, Report
from complaint_console.observability.logs import fields
from complaint_console.services.file_store import file_store, new_key

log = logging.getLogger(__name__)
IMPORTS = "imports"  # the file store's folder of kept import files
KEEP_PROBLEMS = 200  # problems kept in the record; the rest are counted
BATCH_ROWS = 20
BATCH_SECONDS = 2.0


class TakenOver(Exception):
    """The job was closed by another process (it found this one's heartbeat stale): stop."""


def holder_id() -> str:
    """This process, as a job records it: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def close_abandoned(db: Session, now: datetime | None = None) -> int:
    """Mark interrupted the waiting or running jobs whose process is gone; how many."""
    now, here = now or utcnow(), socket.gethostname()
    closed = 0
    for job in queries.live(db):
        if rules.abandoned(job.holder, job.heartbeat_at, now, here, _pid_alive):
            values = {"status": rules.INTERRUPTED, "finished_at": now, "error": "import.job_interrupted"}
            closed += queries.close_if_unchanged(db, job, values)
    db.commit()
    if closed:
        log.warning("closed interrupted imports", extra=fields(imports=closed))
    return closed


def create(db: Session, kind: str, actor: Actor | None, file_name: str, content: bytes, origin: str = "web") -> int:
    """Keep the file and record a waiting job; its id. The same file as an interrupted or failed
    import that still keeps it takes that job's file over (the new job resumes it)."""
    if kind not in rules.KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    digest = rules.content_hash(content)
    previous = queries.resumable(db, kind, digest)
    if previous is not None and file_store().exists(previous.file_key):
        key, retry_of = previous.file_key, previous.id
        previous.file_key = None
        db.add(previous)
    else:
        key, retry_of = new_key("upload", IMPORTS), None
        file_store().put(key, content)
    return _record(db, kind, actor, file_name[:255], key, digest, origin, retry_of)


def resume(db: Session, actor: Actor | None, job_id: int, kind: str, origin: str = "web") -> int | None:
    """A new waiting job for an interrupted or failed `kind` import's kept file; None when it has none."""
    old = db.get(ImportJob, job_id)
    if old is None or old.kind != kind or old.status not in rules.RESUMABLE or not old.file_key:
        return None
    if not file_store().exists(old.file_key):
        return None
    key, old.file_key = old.file_key, None
    db.add(old)
    return _record(db, old.kind, actor, old.file_name, key, old.content_hash, origin, old.id)


def _record(
    db: Session, kind: str, actor: Actor | None, name: str, key: str, digest: str, origin: str, retry_of: int | None
) -> int:
    job = ImportJob(
        kind=kind,
        origin=origin,
        actor_id=actor.user_id if actor else None,
        file_name=name,
        file_key=key,
        content_hash=digest,
        status=rules.WAITING,
        retry_of_id=retry_of,
        holder=holder_id(),
        heartbeat_at=utcnow(),
    )
    db.add(job)
    db.commit()
    return job.id


def claim(db: Session, job_id: int) -> Tracker | None:
    """Start a waiting job in this process; its tracker, or None when it is not waiting."""
    holder = holder_id()
    claimed = queries.claim(db, job_id, holder, utcnow())
    db.commit()
    return Tracker(job_id, holder) if claimed else None


def kept_file(db: Session, job_id: int) -> tuple[str, bytes]:
    """A job's file name and its kept content (FileError when it is gone)."""
    job = db.get(ImportJob, job_id)
    if job is None or not job.file_key:
        raise FileError("import.file_gone")
    try:
        with file_store().open(job.file_key) as file:
            return job.file_name, file.read()
    except FileNotFoundError as exc:
        raise FileError("import.file_gone") from exc


def report_values(report: Report) -> dict[str, Any]:
    """What a job records of a report: counts and the first problems, line by line."""
    kept = report.problems[:KEEP_PROBLEMS]
    more = report.more_problems + len(report.problems) - len(kept)
    return {
        "rows_done": report.done,
        "rows_total": report.total,
        "imported": report.imported,
        "already": report.already,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "report": {"problems": [[p.line, p.field, p.message] for p in kept], "more": more},
    }


class Tracker:
    """Writes a running job's progress (throttled: every BATCH_ROWS rows or BATCH_SECONDS) and closes it."""

    def __init__(self, job_id: int, holder: str) -> None:
        self.job_id, self.holder = job_id, holder
        self._rows, self._at = -1, 0.0

    def progress(self, db: Session, report: Report, force: bool = False) -> None:
        """Record the progress when a batch is due (or `force`); TakenOver when the job was closed meanwhile."""
        if not force and report.done - self._rows < BATCH_ROWS and time.monotonic() - self._at < BATCH_SECONDS:
            return
        self._write(db, report_values(report) | {"heartbeat_at": utcnow()})
        self._rows, self._at = report.done, time.monotonic()

    def _write(self, db: Session, values: dict[str, Any]) -> None:
        written = queries.write_running(db, self.job_id, self.holder, values)
        db.commit()
        if not written:
            raise TakenOver(self.job_id)

    def finish(self, db: Session, report: Report) -> None:
        """Done: the counts and problems, and the file leaves the store."""
        now = utcnow()
        self._write(db, report_values(report) | {"status": rules.DONE, "heartbeat_at": now, "finished_at": now})
        self._drop_file(db)

    def fail(self, db: Session, error: FileError | BaseException, report: Report | None = None) -> None:
        """Failed. A refused file leaves the store (it cannot succeed again); after another error
        the file stays, so the import can be resumed once the cause is fixed."""
        db.rollback()
        now = utcnow()
        if isinstance(error, FileError):
            key, detail = error.key, error.detail
        else:
            key, detail = "import.job_failed", f"{type(error).__name__}: {error}"[:500]
        values = {"status": rules.FAILED, "finished_at": now, "error": key}
        values |= report_values(report) if report is not None else {}
        values["report"] = dict(values.get("report") or {}) | {"detail": detail}
        try:
            self._write(db, values)
        except TakenOver:
            return
        if isinstance(error, FileError):
            self._drop_file(db)

    def interrupt(self, db: Session, report: Report | None = None) -> None:
        """Stopped on purpose (Ctrl+C, shutdown) before the end: interrupted, file kept to resume."""
        db.rollback()
        values = {"status": rules.INTERRUPTED, "finished_at": utcnow(), "error": "import.job_interrupted"}
        with contextlib.suppress(TakenOver):
            self._write(db, values | (report_values(report) if report is not None else {}))

    def _drop_file(self, db: Session) -> None:
        job = db.get(ImportJob, self.job_id)
        key = job.file_key if job else None
        if not key:
            return
        queries.release_file(db, key)
        db.commit()
        try:
            file_store().delete(key)
        except Exception:  # noqa: BLE001  (a file left behind is harmless; the record is what counts)
            log.exception("could not delete the kept import file %s", key)


def run(db: Session, job_id: int, work: Callable[[bytes, Callable[[Report], None]], Report]) -> Report:
    """Run a waiting job to its end in this process (the CLI): `work(content, progress)` imports
    the file and calls `progress(report)` as rows are done. FileError and other errors are
    recorded and raised again; Ctrl+C records the job interrupted."""
    tracker = claim(db, job_id)
    if tracker is None:
        raise FileError("import.job_taken")
    last: list[Report] = []

    def progress(report: Report) -> None:
        last[:] = [report]
        tracker.progress(db, report)

    try:
        report = work(kept_file(db, job_id)[1], progress)
    except TakenOver:
        raise
    except (KeyboardInterrupt, SystemExit):
        tracker.interrupt(db, last[0] if last else None)
        raise
    except BaseException as exc:
        tracker.fail(db, exc, last[0] if last else None)
        raise
    tracker.finish(db, report)
    return report
