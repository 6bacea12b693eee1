"""hq_admin: the root causes HQ counts (add, rename, deactivate, reactivate). Every handler
re-checks EDIT_ROOT_CAUSES here and again in services.root_causes; the list is HQ's own
taxonomy (tens of rows), read whole."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import root_causes as root_cause_list
from complaint_console.domain.access import Action
from complaint_console.i18n.catalogue import translate
from complaint_console.services import root_causes as edits
from complaint_console.states.session import SessionState, with_actor


class AdminRootCausesState(rx.State):
    rows: list[dict[str, str]] = []  # code, name_en, name_zh, active ("1" or "")
    add_errors: dict[str, str] = {}  # field -> message key, next to the field
    add_key: int = 0  # a new key draws the add form empty again
    editing: str = ""  # the code whose names are being changed
    edit_errors: dict[str, str] = {}

    async def _write(self, change):
        """`change(db, actor)` (a services.root_causes call) and the list read again, in one trip:
        (outcome, rows), or None when the session may not edit the list."""

        def work(db, actor):
            return change(db, actor), root_cause_list.list_categories(db)

        actor, result = await with_actor(self, Action.EDIT_ROOT_CAUSES, work)
        if actor is None:
            self.rows = []
            return None
        outcome, rows = result
        self._show(rows)
        return outcome

    def _show(self, rows) -> None:
        self.rows = [
            {"code": r.code, "name_en": r.name_en, "name_zh": r.name_zh, "active": "1" if r.active else ""} for r in rows
        ]

    async def _said(self, key: str):
        return rx.toast.success(translate(key, (await self.get_state(SessionState)).lang))

    @rx.event
    async def load(self):
        self.rows, self.add_errors, self.editing, self.edit_errors = [], {}, "", {}
        actor, rows = await with_actor(self, Action.EDIT_ROOT_CAUSES, lambda db, _: root_cause_list.list_categories(db))
        if actor is not None:
            self._show(rows)

    @rx.event
    async def add(self, form: dict):
        code, en, zh = (str(form.get(k) or "") for k in ("code", "name_en", "name_zh"))
        outcome = await self._write(lambda db, actor: edits.add_category(db, actor, code, en, zh))
        if outcome is None:
            return
        self.add_errors = outcome.errors
        if outcome.ok:
            self.add_key += 1
            return await self._said("root_causes.admin.added")

    @rx.event
    def start_rename(self, code: str):
        self.editing, self.edit_errors = str(code), {}

    @rx.event
    def cancel_rename(self):
        self.editing, self.edit_errors = "", {}

    @rx.event
    async def rename(self, form: dict):
        code, en, zh = self.editing, str(form.get("name_en") or ""), str(form.get("name_zh") or "")
        if not code:
            return
        outcome = await self._write(lambda db, actor: edits.rename_category(db, actor, code, en, zh))
        if outcome is None:
            return
        self.edit_errors = outcome.errors
        if outcome.ok:
            self.editing = ""
            return await self._said("root_causes.admin.renamed")

    @rx.event
    async def set_active(self, code: str, active: bool):
        code, active = str(code), bool(active)
        outcome = await self._write(lambda db, actor: edits.set_active(db, actor, code, active))
        if outcome is not None and outcome.ok:
            return await self._said("root_causes.admin.activated" if active else "root_causes.admin.deactivated")
