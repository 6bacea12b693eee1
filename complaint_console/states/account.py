"""My account: change own password."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain.access import HOME
from complaint_console.services import auth
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor


class AccountState(rx.State):
    errors: dict[str, str] = {}
    saved: bool = False

    @rx.event
    async def change_password(self, form: dict):
        self.saved = False
        actor = await require_actor(self)
        if actor is None:
            return rx.redirect("/login")
        current, new, confirm = form.get("current", ""), form.get("new", ""), form.get("confirm", "")
        token = (await self.get_state(SessionState))._session_token()  # this session stays; every other one ends
        self.errors = await with_db(lambda db: auth.change_password(db, actor, current, new, confirm, token))
        self.saved = not self.errors
        if self.saved and actor.must_change_password:
            return rx.redirect(HOME[actor.role])  # the guard signs the page in again, now without the restriction
