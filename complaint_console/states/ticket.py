"""The ticket page: loads one ticket the actor may see, or says "not found"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import reflex as rx

from complaint_console.db import tickets
from complaint_console.db.engine import session_scope
from complaint_console.domain.access import Action
from complaint_console.settings import get_settings
from complaint_console.states.session import require_actor


def _local(value) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(get_settings().business_tz)).strftime("%Y-%m-%d %H:%M")


class TicketState(rx.State):
    loaded: bool = False
    found: bool = False
    detail: dict[str, str] = {}
    events: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        self.loaded, self.found, self.detail, self.events = False, False, {}, []
        actor = await require_actor(self, Action.VIEW_TICKETS)
        number = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if actor is not None:
            with session_scope() as db:
                detail = tickets.ticket_detail(db, actor, number)
                events = tickets.ticket_events(db, actor, number) if detail else []
            if detail is not None:
                self.found = True
                self.detail = {
                    k: (_local(v) if k.endswith("_at") else "" if v is None else str(v)) for k, v in detail.__dict__.items()
                }
                self.events = [
                    {
                        "at": _local(e.at),
                        "kind": e.kind,
                        "actor": e.actor,
                        "from": e.from_stage or "",
                        "to": e.to_stage or "",
                        "note": e.note,
                    }
                    for e in events
                ]
        self.loaded = True
