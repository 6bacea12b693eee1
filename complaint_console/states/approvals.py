"""/approvals: HQ approves or declines compensation the outlets asked for, 50 at a time."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import approvals
from complaint_console.domain.access import Action
from complaint_console.i18n.catalogue import translate
from complaint_console.services import workflow
from complaint_console.states.offload import with_db
from complaint_console.states.outcome import toast_for
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import business_time

PAGE = 50


class ApprovalsState(rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    errors: dict[str, str] = {}  # ticket number -> message key

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))

    @rx.event
    async def load(self):
        self.page, self.errors = 0, {}
        await self._refresh()

    @rx.event
    async def turn(self, step: int):
        self.page = max(0, min(self.page + step, self.pages - 1))
        await self._refresh()

    @rx.event
    async def approve(self, number: str, version: int, amount: str):
        version = int(version)
        return await self._answer(number, lambda db, actor: workflow.approve_compensation(db, actor, number, amount, version))

    @rx.event
    async def decline(self, number: str, version: int, form: dict):
        reason, version = form.get("reason", ""), int(version)
        return await self._answer(number, lambda db, actor: workflow.decline_compensation(db, actor, number, reason, version))

    async def _answer(self, number: str, step):
        actor = await require_actor(self, Action.APPROVE_COMPENSATION)
        if actor is None:
            return
        outcome = await with_db(lambda db: step(db, actor))
        lang = (await self.get_state(SessionState)).lang
        self.errors = {} if outcome.ok or outcome.conflict else {number: next(iter(outcome.problems.values()))}
        await self._refresh()
        return toast_for(outcome, lang, translate("ticket.saved", lang))

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.APPROVE_COMPENSATION)
        if actor is None:
            self.rows, self.total = [], 0
            return
        offset = self.page * PAGE
        self.total, rows = await with_db(
            lambda db: (approvals.count_waiting(db, actor), approvals.waiting(db, actor, PAGE, offset))
        )
        self.rows = [
            {
                "number": w.number,
                "version": str(w.version),
                "outlet": w.outlet_code,
                "category": w.category,
                "severity": w.severity,
                "stage": w.stage,
                "requested": str(w.requested),
                "limit": str(w.limit),
                "asked_at": business_time(w.asked_at),
            }
            for w in rows
        ]
