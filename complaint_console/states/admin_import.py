"""hq_admin: CSV import of tickets, and the record of past imports. The upload is kept in the
file store and recorded as an import job (services/import_jobs.py), then a background task
imports it in chunks, writing the job's progress after each; an interrupted import is resumed
from its kept file. Every handler re-checks ADMINISTER."""

from __future__ import annotations

import logging

import reflex as rx
from sqlmodel import Session

from complaint_console.db import import_jobs as job_queries
from complaint_console.db.engine import session_scope
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor
from complaint_console.domain.csv_file import MAX_BYTES, Report, Row
from complaint_console.domain.import_jobs import LIVE, RESUMABLE
from complaint_console.services import import_jobs, ticket_import
from complaint_console.states.import_report import KEEP_PROBLEMS, ImportReportState
from complaint_console.states.offload import in_thread, with_db
from complaint_console.states.session import require_actor
from complaint_console.views.formatting import business_time

log = logging.getLogger(__name__)
UPLOAD_ID = "tickets-csv"
CHUNK = 20  # rows between progress updates
KIND = "tickets"


def _import_chunk(actor: Actor, rows: list[Row], report: Report, source: str, tracker: import_jobs.Tracker) -> None:
    with session_scope() as db:
        ticket_import.import_rows(db, actor, rows, report, source, now=utcnow())
        tracker.progress(db, report, force=True)


def _job_line(line: job_queries.JobLine) -> dict[str, str]:
    job = line.job
    return {
        "id": str(job.id),
        "kind": job.kind,
        "file": job.file_name,
        "by": line.username or "",
        "status": job.status,
        "done": f"{job.rows_done:,}",
        "total": f"{job.rows_total:,}",
        "imported": f"{job.imported:,}",
        "already": f"{job.already:,}",
        "rejected": f"{job.rejected:,}",
        "started": business_time(job.started_at or job.created_at),
        "finished": business_time(job.finished_at),
        "resumable": "1" if job.kind == KIND and job.status in RESUMABLE and job.file_key else "",
        "resumed_by": str(line.resumed_by or ""),
        "retry_of": str(job.retry_of_id or ""),
        "live": "1" if job.status in LIVE else "",
    }


def _recent_jobs(db: Session) -> list[dict[str, str]]:
    import_jobs.close_abandoned(db)  # a job whose process is gone shows as interrupted
    return [_job_line(line) for line in job_queries.recent(db)]


class TicketImportState(ImportReportState, rx.State):
    running: bool = False
    done: int = 0
    total: int = 0
    percent: int = 0
    already: int = 0
    jobs: list[dict[str, str]] = []  # the latest imports (all kinds), newest first
    _job: int = 0  # the recorded import waiting for `run`

    def _clear(self) -> None:
        self._clear_report()
        self.done, self.total, self.percent, self.already = 0, 0, 0, 0

    def _show(self, report: Report) -> None:
        self.done, self.total, self.percent, self.already = report.done, report.total, report.percent, report.already
        self._show_report(report)

    async def _read_jobs(self) -> None:
        self.jobs = await with_db(_recent_jobs)

    @rx.event
    async def load(self):
        if not self.running:
            self._clear()
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read_jobs()

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            self.file_error = "import.forbidden"
            return
        if self.running:
            return
        self._clear()
        if not files:
            self.file_error = "import.no_file"
            return
        content = await files[0].read()
        if len(content) > MAX_BYTES:
            self.file_error, self.file_detail = "import.too_big", f"{MAX_BYTES // (1024 * 1024)} MB"
            return
        name = (files[0].filename or "upload.csv")[:100]
        self._job = await with_db(lambda db: import_jobs.create(db, KIND, actor, name, content))
        self.running = True
        await self._read_jobs()
        return [rx.clear_selected_files(UPLOAD_ID), TicketImportState.run]

    @rx.event
    async def resume(self, job_id: str):
        """Import an interrupted (or failed) import's kept file again: rows imported before are skipped."""
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or self.running or not job_id.isdigit():
            return
        self._clear()
        new = await with_db(lambda db: import_jobs.resume(db, actor, int(job_id), KIND))
        if new is None:
            self.file_error = "import.file_gone"
            await self._read_jobs()
            return
        self._job, self.running = new, True
        await self._read_jobs()
        return TicketImportState.run

    @rx.event(background=True)
    async def run(self):
        async with self:
            actor = await require_actor(self, Action.ADMINISTER)
            job_id, self._job = self._job, 0
            if actor is None or not job_id:
                self.running = False
        if actor is None or not job_id:
            return
        tracker = await with_db(lambda db: import_jobs.claim(db, job_id))
        if tracker is None:
            async with self:
                self.running, self.file_error = False, "import.job_taken"
            return

        async def work(held: list[Report | None]) -> None:
            source, content = await with_db(lambda db: import_jobs.kept_file(db, job_id))
            table, held[0] = await in_thread(ticket_import.read_file, content, keep=KEEP_PROBLEMS)
            report = held[0]
            async with self:
                self._show(report)
            for start in range(0, len(table.rows), CHUNK):
                await in_thread(_import_chunk, actor, table.rows[start : start + CHUNK], report, source, tracker)
                async with self:
                    self._show(report)

        try:
            await self._tracked(job_id, tracker, work)
        finally:
            async with self:
                await self._read_jobs()
