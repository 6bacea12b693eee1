"""hq_admin: CSV import of tickets. The upload is stored, then a background task imports it
in chunks and reports progress. Both handlers re-check ADMINISTER."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.engine import session_scope
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor
from complaint_console.domain.csv_file import MAX_BYTES, FileError, Report, Row
from complaint_console.services import ticket_import
from complaint_console.states.import_report import KEEP_PROBLEMS, ImportReportState, drop_upload, keep_upload, take_upload
from complaint_console.states.offload import in_thread
from complaint_console.states.session import require_actor

UPLOAD_ID = "tickets-csv"
CHUNK = 20  # rows between progress updates


def _import_chunk(actor: Actor, rows: list[Row], report: Report, source: str) -> None:
    with session_scope() as db:
        ticket_import.import_rows(db, actor, rows, report, source, now=utcnow())


class TicketImportState(ImportReportState, rx.State):
    running: bool = False
    done: int = 0
    total: int = 0
    percent: int = 0
    _pending: str = ""  # the file-store key of the upload waiting for `run`
    _source: str = ""

    def _clear(self) -> None:
        self._clear_report()
        self.done, self.total, self.percent = 0, 0, 0

    def _show(self, report: Report) -> None:
        self.done, self.total, self.percent = report.done, report.total, report.percent
        self._show_report(report)

    @rx.event
    async def load(self):
        if not self.running:
            self._clear()

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        if await require_actor(self, Action.ADMINISTER) is None:
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
        self._pending, self._source = await keep_upload(content, "csv"), (files[0].filename or "upload.csv")[:100]
        self.running = True
        return [rx.clear_selected_files(UPLOAD_ID), TicketImportState.run]

    @rx.event(background=True)
    async def run(self):
        async with self:
            actor = await require_actor(self, Action.ADMINISTER)
            key, source, self._pending = self._pending, self._source, ""
            if actor is None or not key:
                self.running = False
        if actor is None or not key:
            if key:
                await drop_upload(key)
            return
        try:
            content = await take_upload(key)
            table, report = await in_thread(ticket_import.read_file, content, keep=KEEP_PROBLEMS)
            async with self:
                self._show(report)
            for start in range(0, len(table.rows), CHUNK):
                await in_thread(_import_chunk, actor, table.rows[start : start + CHUNK], report, source)
                async with self:
                    self._show(report)
        except FileError as exc:
            async with self:
                self.file_error, self.file_detail = exc.key, exc.detail
        finally:
            async with self:
                self.running, self.finished = False, self.file_error == ""
