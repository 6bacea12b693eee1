"""The bell in the header: the signed-in user's unread in-app notifications and the latest 20.

Counted on each page load and when the list is opened (no polling). Every handler resolves
the session again, and the queries only ever touch that user's items."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.types import utcnow
from complaint_console.services import inbox
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor
from complaint_console.views.formatting import business_time


def _detail(subject: str | None, body: str | None) -> str:
    """The body under its title in the bell: an alert's text (written for e-mail) starts with the
    subject line, which the bell already shows in bold. Either may be empty."""
    subject, body = subject or "", body or ""
    if subject and body.startswith(subject):
        body = body[len(subject) :]
    return body.strip()


class BellState(rx.State):
    unread: int = 0
    items: list[dict[str, str]] = []

    def _clear(self) -> None:
        self.unread, self.items = 0, []

    @rx.event
    async def refresh(self):
        """on_load of every staff page: the unread count only."""
        actor = await require_actor(self)
        if actor is None:
            self._clear()
            return
        self.unread = await with_db(lambda db: inbox.unread_count(db, actor.user_id))

    @rx.event
    async def opened(self, is_open: bool):
        if not is_open:
            return
        actor = await require_actor(self)
        if actor is None:
            self._clear()
            return
        self.unread, rows = await with_db(lambda db: (inbox.unread_count(db, actor.user_id), inbox.latest(db, actor.user_id)))
        self.items = [
            {
                "id": str(r.id),
                "at": business_time(r.at),
                "subject": r.subject or "",
                "body": _detail(r.subject, r.body),
                "number": r.ticket_number or "",
                "read": "1" if r.read else "",
                "path": r.path if r.path.startswith("/") else "",
            }
            for r in rows
        ]

    @rx.event
    async def mark_all_read(self):
        actor = await require_actor(self)
        if actor is None:
            self._clear()
            return
        await with_db(lambda db: inbox.mark_all_read(db, actor.user_id, utcnow()))
        self.unread = 0
        self.items = [{**item, "read": "1"} for item in self.items]
