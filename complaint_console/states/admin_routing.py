"""hq_admin: the routing table, listed 50 rules a page from SQL, and its CSV import.
Every handler re-checks ADMINISTER."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import routing as routing_queries
from complaint_console.domain.access import Action
from complaint_console.services import routing_import
from complaint_console.states.import_report import KEEP_PROBLEMS, ImportReportState
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

UPLOAD_ID = "routing-csv"


class RoutingState(ImportReportState, rx.State):
    rules: list[dict[str, str]] = []
    total: int = 0
    matching: int = 0
    page: int = 0
    query: str = ""
    replace: bool = False
    replace_refused: bool = False

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.matching // routing_queries.PAGE_SIZE))

    async def _read(self) -> None:
        query, page = self.query, self.page
        result = await with_db(lambda db: routing_queries.rules_page(db, query, page))
        self.total, self.matching = result.total, result.matching
        self.rules = [
            {"kind": r.kind, "pattern": r.pattern, "outlet": r.outlet_code, "outlet_name": r.outlet_name} for r in result.rows
        ]

    @rx.event
    async def load(self):
        self._clear_report()
        self.replace_refused = False
        self.rules, self.page, self.query = [], 0, ""
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read()

    @rx.event
    async def filter(self, form: dict):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.query, self.page = str(form.get("query") or "")[:100], 0
        await self._read()

    @rx.event
    async def turn(self, delta: int):
        if await require_actor(self, Action.ADMINISTER) is None:
            return
        self.page = min(max(0, self.page + delta), self.pages - 1)
        await self._read()

    @rx.event
    def set_replace(self, value: bool):
        self.replace = bool(value)

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        replace = self.replace
        self.replace_refused = False
        report = await self._import_upload(
            files, lambda db, actor, content: routing_import.import_rules(db, actor, content, replace, KEEP_PROBLEMS)
        )
        if report is None:
            return
        self.replace_refused, self.page = replace and report.rejected > 0, 0
        await self._read()
        return rx.clear_selected_files(UPLOAD_ID)
