"""hq_admin: weekly parcel volumes, their CSV import (add or update, row-by-row report) and
the imported weeks, 50 a page from SQL. Every handler re-checks ADMINISTER."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain.access import Action
from complaint_console.services import volume_import
from complaint_console.states.import_report import KEEP_PROBLEMS, ImportReportState
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

UPLOAD_ID = "volumes-csv"


class VolumesState(ImportReportState, rx.State):
    weeks: list[dict[str, str]] = []  # one page: week, outlets, parcels
    total: int = 0
    page: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // volume_import.PAGE_SIZE))

    async def _read(self) -> None:
        page = self.page
        rows, self.total = await with_db(lambda db: volume_import.imported_weeks(db, page))
        self.weeks = [{"week": w.isoformat(), "outlets": f"{n:,}", "parcels": f"{p:,}"} for w, n, p in rows]

    @rx.event
    async def load(self):
        self._clear_report()
        self.weeks, self.page, self.total = [], 0, 0
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read()

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.page = min(max(0, self.page + delta), self.pages - 1)
        await self._read()

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        report = await self._import_upload(
            files, lambda db, actor, content: volume_import.import_volumes(db, actor, content, KEEP_PROBLEMS)
        )
        if report is None:
            return
        self.page = 0
        await self._read()
        return rx.clear_selected_files(UPLOAD_ID)
