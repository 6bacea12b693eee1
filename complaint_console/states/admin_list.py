"""An admin list kept in the database (outlets, staff accounts): one page of rows in state,
searched, filtered by status and paged by the database; files imported in the background.
The concrete state reads its page in `_read`."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.outlets import PAGE_SIZE, STATUSES
from complaint_console.states.import_report import BackgroundImportState


class AdminListState(BackgroundImportState, mixin=True):
    rows: list[dict[str, str]] = []  # one page
    total: int = 0
    page: int = 0
    query: str = ""
    status: str = "active"

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    async def _read(self) -> None:
        raise NotImplementedError

    @rx.event
    async def load(self):
        if not self.running:
            self._clear_progress()
        self.page = 0
        await self._read()

    @rx.event
    async def search(self, form: dict):
        self.query, self.page = str(form.get("query") or "").strip()[:100], 0
        await self._read()

    @rx.event
    async def set_status(self, value: str):
        if value in STATUSES:
            self.status, self.page = value, 0
            await self._read()

    @rx.event
    async def turn(self, delta: int):
        self.page = max(0, min(self.page + int(delta), self.pages - 1))
        await self._read()
