"""The ticket page: loads one ticket the actor may see, or says "not found"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import reflex as rx

from complaint_console.db import tickets
from complaint_console.db.calendars import outlet_calendar
from complaint_console.db.engine import session_scope
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.services import sla as sla_service
from complaint_console.settings import get_settings
from complaint_console.states.clock_view import badge_clocks, policy_text
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
    clocks: list[dict] = []
    clock_rows: list[dict[str, str]] = []

    @rx.event
    async def load(self):
        self.loaded, self.found, self.detail, self.events, self.clocks, self.clock_rows = False, False, {}, [], [], []
        actor = await require_actor(self, Action.VIEW_TICKETS)
        number = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        if actor is not None:
            with session_scope() as db:
                detail = tickets.ticket_detail(db, actor, number)
                events = tickets.ticket_events(db, actor, number) if detail else []
                calendar = outlet_calendar(db, detail.outlet_id) if detail else None
            if detail is not None:
                now = utcnow()
                self.clocks = badge_clocks(detail, calendar, now, both=True)
                both = sla_service.clocks(detail, calendar, now)
                self.clock_rows = [
                    {
                        "kind": clock.kind,
                        "state": clock.state.value,
                        "percent": f"{clock.percent_used:.0f}%",
                        "due": clock.due_at.astimezone(calendar.tz).strftime("%Y-%m-%d %H:%M"),
                        "zone": calendar.tz.key,
                        "policy": policy_text(detail),
                    }
                    for clock in (both.response, both.resolution)
                ]
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
