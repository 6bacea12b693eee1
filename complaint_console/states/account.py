"""My account: change own password."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.engine import session_scope
from complaint_console.services import auth
from complaint_console.states.session import require_actor


class AccountState(rx.State):
    errors: dict[str, str] = {}
    saved: bool = False

    @rx.event
    async def change_password(self, form: dict):
        self.saved = False
        actor = await require_actor(self)
        if actor is None:
            return rx.redirect("/login")
        with session_scope() as db:
            self.errors = auth.change_password(db, actor, form.get("current", ""), form.get("new", ""), form.get("confirm", ""))
        self.saved = not self.errors
