"""An import report in a state: small lists of strings, capped; and the upload-then-import
flow the synchronous CSV imports share (routing rules, parcel volumes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import reflex as rx
from sqlmodel import Session

from complaint_console.domain.access import Action, Actor
from complaint_console.domain.csv_file import FileError, Report, Row
from complaint_console.services import import_jobs
from complaint_console.services.file_store import file_store, new_key
from complaint_console.states.offload import in_thread, with_db
from complaint_console.states.session import require_actor

log = logging.getLogger(__name__)
KEEP_PROBLEMS = 200  # per-user state holds at most this many problems; the rest are counted
IMPORTS = "imports"  # the file store's folder of uploads waiting for their background import


async def keep_upload(content: bytes, extension: str) -> str:
    """Keep an upload in the file store (shared by the workers, like evidence files); its key."""
    key = new_key(extension, IMPORTS)
    await in_thread(lambda: file_store().put(key, content))
    return key


async def take_upload(key: str) -> bytes:
    """The kept upload's content; it leaves the store, read or not."""

    def take() -> bytes:
        store = file_store()
        try:
            with store.open(key) as file:
                return file.read()
        finally:
            store.delete(key)

    return await in_thread(take)


async def drop_upload(key: str) -> None:
    await in_thread(lambda: file_store().delete(key))


def report_fields(report: Report) -> dict:
    """The state vars of a report (`imported`, `rejected`, `problems`, `more_problems`)."""
    return {
        "imported": report.imported,
        "rejected": report.rejected,
        "problems": [{"line": str(p.line), "field": p.field, "message": p.message} for p in report.problems],
        "more_problems": report.more_problems,
    }


class ImportReportState(rx.State, mixin=True):
    """The vars `components/import_report.py` shows, and how they are filled."""

    finished: bool = False
    imported: int = 0
    rejected: int = 0
    problems: list[dict[str, str]] = []
    more_problems: int = 0
    file_error: str = ""
    file_detail: str = ""

    def _clear_report(self) -> None:
        self.finished, self.imported, self.rejected, self.problems, self.more_problems = False, 0, 0, [], 0
        self.file_error, self.file_detail = "", ""

    def _show_report(self, report: Report) -> None:
        for name, value in report_fields(report).items():
            setattr(self, name, value)

    async def _import_upload(self, files: list[rx.UploadFile], apply: Callable[[Session, Actor, bytes], Report]) -> Report | None:
        """Check ADMINISTER, read the one file, `apply` it in a session; the report, or None
        with `file_error` set when nothing was imported."""
        actor = await require_actor(self, Action.ADMINISTER)
        self._clear_report()
        if actor is None:
            self.file_error = "import.forbidden"
            return None
        if not files:
            self.file_error = "import.no_file"
            return None
        content = await files[0].read()
        try:
            report = await with_db(lambda db: apply(db, actor, content))
        except FileError as exc:
            self.file_error, self.file_detail = exc.key, exc.detail
            return None
        self._show_report(report)
        self.finished = True
        return report

    async def _tracked(self, job_id: int, tracker, work: Callable[[list], Awaitable[None]]) -> None:
        """Run an import job's `work` (which puts its Report in `held[0]` once it has one) inside a
        background event, with the one way a job ends: finished, refused (the file), taken over by
        another process, interrupted by a stop (resumable), or failed (logged, recorded)."""
        held: list[Report | None] = [None]
        try:
            await work(held)
            await with_db(lambda db: tracker.finish(db, held[0]))
        except FileError as exc:
            await with_db(lambda db, exc=exc: tracker.fail(db, exc, held[0]))
            async with self:
                self.file_error, self.file_detail = exc.key, exc.detail
        except import_jobs.TakenOver:
            async with self:
                self.file_error = "import.job_interrupted"
        except asyncio.CancelledError:  # the server stops: the job stays resumable
            await asyncio.shield(with_db(lambda db: tracker.interrupt(db, held[0])))
            raise
        except Exception as exc:
            log.exception("import #%s failed", job_id)
            await with_db(lambda db, exc=exc: tracker.fail(db, exc, held[0]))
            async with self:
                self.file_error = "import.job_failed"
        finally:
            async with self:
                self.running, self.finished = False, self.file_error == ""


class BackgroundImportState(ImportReportState, mixin=True):
    """A long import (outlets, staff): the upload is kept in the file store and recorded as an
    import job (services/import_jobs.py), then a background event imports it chunk by chunk,
    each chunk in a worker thread, writing the job's progress and showing it after every chunk.
    The concrete state's `run` background event calls `_import_kept`."""

    running: bool = False
    done: int = 0
    file_total: int = 0
    percent: int = 0
    unchanged: int = 0
    _job: int = 0  # the recorded import waiting for `run`

    def _clear_progress(self) -> None:
        self._clear_report()
        self.done = self.file_total = self.percent = self.unchanged = 0

    def _show_progress(self, report: Report) -> None:
        self.done, self.file_total, self.percent, self.unchanged = report.done, report.total, report.percent, report.unchanged
        self._show_report(report)

    async def _keep_upload(self, files: list[rx.UploadFile], max_bytes: int, kind: str) -> bool:
        """Check ADMINISTER, keep the one file and record its `kind` import for `run`; False (with
        `file_error`) when nothing starts."""
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            self.file_error = "import.forbidden"
            return False
        if self.running:
            return False
        self._clear_progress()
        if not files:
            self.file_error = "import.no_file"
            return False
        content = await files[0].read()
        if len(content) > max_bytes:
            self.file_error, self.file_detail = "import.too_big", f"{max_bytes // (1024 * 1024)} MB"
            return False
        name = (files[0].filename or "upload")[:100]
        self._job = await with_db(lambda db: import_jobs.create(db, kind, actor, name, content))
        self.running = True
        return True

    async def _import_kept(
        self,
        read: Callable[[bytes], tuple[list[Row], Report]],
        write: Callable[[Session, Actor, Sequence[Row], Report], None],
        chunk: int,
    ) -> Actor | None:
        """Inside a background event: read the kept file, then `write` it chunk by chunk with progress."""
        async with self:
            actor = await require_actor(self, Action.ADMINISTER)
            job_id, self._job = self._job, 0
        tracker = await with_db(lambda db: import_jobs.claim(db, job_id)) if actor is not None and job_id else None
        if tracker is None:
            async with self:
                self.running = False
            return None

        async def work(held: list[Report | None]) -> None:
            _, content = await with_db(lambda db: import_jobs.kept_file(db, job_id))
            rows, held[0] = await in_thread(read, content)
            report = held[0]
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]

                def step(db: Session, part: Sequence[Row] = part) -> None:
                    write(db, actor, part, report)
                    tracker.progress(db, report, force=True)

                await with_db(step)
                async with self:
                    self._show_progress(report)
            async with self:
                self._show_progress(report)

        await self._tracked(job_id, tracker, work)
        return actor
