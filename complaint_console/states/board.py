"""The outlet board (the kanban comes with the workflow issue; for now the open count)."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import tickets
from complaint_console.db.engine import session_scope
from complaint_console.domain.access import Action
from complaint_console.states.session import require_actor


class BoardState(rx.State):
    open_count: int = 0

    @rx.event
    async def load(self):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.open_count = 0
            return
        with session_scope() as db:
            self.open_count = tickets.count_visible(db, actor, open_only=True)
