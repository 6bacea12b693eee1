"""The board: filters, one column per stage with its count, each column paged in the database.

Outlet roles see their outlet. HQ starts on the network view of breached tickets and can
open any outlet's board by its code. Moves go through MoveState (states/board_move.py).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from complaint_console.db import board as board_queries
from complaint_console.db.calendars import calendars_for
from complaint_console.db.engine import session_scope
from complaint_console.db.models import Outlet
from complaint_console.db.tickets import TicketCard
from complaint_console.db.types import utcnow
from complaint_console.domain.access import ALL_OUTLETS, Action, outlet_scope
from complaint_console.domain.stages import allowed_targets
from complaint_console.domain.vocabulary import OPEN_STAGES, Category, Stage
from complaint_console.states.clock_view import age, badge_clocks
from complaint_console.states.session import require_actor

PAGE = 50
FILTERS = ("assignee", "category", "severity", "sla")


def card_props(card: TicketCard, calendar, now) -> dict:
    """What the kanban card shows; labels are looked up in the browser by key."""
    markers = [key for key, on in (
        ("card.repeat", card.repeat_seq > 1),
        ("card.escalated", card.escalation_level != "outlet"),
        ("card.regulator", card.channel == "regulator"),
        ("card.awaiting_approval", card.awaiting_approval),
    ) if on]  # fmt: skip
    return {
        "number": card.number,
        "version": card.version,
        "stage": card.stage,
        "severity": card.severity,
        "category": card.category,
        "customer": card.customer,
        "assignee": card.assignee,
        "age": age(card.created_at, now),
        "markers": markers,
        "repeatSeq": card.repeat_seq,
        "clocks": badge_clocks(card, calendar, now),
        "targets": [s.value for s in allowed_targets(Stage(card.stage), Category(card.category))],
    }


class BoardState(rx.State):
    assignee: str = ""
    category: str = ""
    severity: str = ""
    sla: str = ""
    search: str = ""
    outlet_code: str = ""
    outlet_error: str = ""
    network: bool = False
    queue: str = "breached"  # HQ's network view: "breached" (all outlets) or "triage"
    is_hq: bool = False
    limits: dict[str, int] = {}
    columns: list[dict] = []
    staff: list[list[str]] = []
    open_count: int = 0

    @rx.event
    async def load(self):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns = []
            return
        self.limits = {}
        self.is_hq = outlet_scope(actor) is ALL_OUTLETS
        self.network = self.is_hq and not self.outlet_code
        if self.network:
            self.sla = "breached" if self.queue == "breached" else ""
        await self._refresh()

    @rx.event
    async def show_queue(self, queue: str):
        """HQ: the network's breached tickets, or the triage queue of unrouted ones."""
        if queue in ("breached", "triage"):
            self.queue, self.outlet_code, self.outlet_error, self.limits, self.network = queue, "", "", {}, True
            self.sla = "breached" if queue == "breached" else ""
            await self._refresh()

    @rx.event
    async def set_filter(self, name: str, value: str):
        if name in FILTERS:
            setattr(self, name, "" if value == "all" else value)
            self.limits = {}
            await self._refresh()

    @rx.event
    async def apply_search(self, form: dict):
        self.search = (form.get("search") or "").strip()
        await self._refresh()

    @rx.event
    async def clear_filters(self):
        self.assignee = self.category = self.severity = self.sla = self.search = ""
        await self._refresh()

    @rx.event
    async def open_outlet(self, form: dict):
        """HQ: open one outlet's board by code (empty: back to the network view)."""
        self.outlet_code, self.outlet_error, self.limits = (form.get("outlet") or "").strip().upper(), "", {}
        self.network, self.queue = not self.outlet_code, "breached"
        self.sla = "breached" if self.network else ""
        await self._refresh()

    @rx.event
    async def show_more(self, stage: str):
        self.limits[stage] = self.limits.get(stage, PAGE) + PAGE
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns = []
            return
        now = utcnow()
        with session_scope() as db:
            outlet_id = actor.outlet_id
            if outlet_scope(actor) is ALL_OUTLETS and self.outlet_code:
                outlet_id = db.exec(select(Outlet.id).where(Outlet.code == self.outlet_code)).first()
                if outlet_id is None:
                    self.outlet_error, self.columns = "board.outlet_unknown", []
                    return
            triage = self.network and self.queue == "triage" and outlet_scope(actor) is ALL_OUTLETS
            flt = board_queries.BoardFilter(
                outlet_id, self.assignee, self.category, self.severity, self.sla, self.search, triage=triage
            )
            counts = board_queries.stage_counts(db, actor, flt, now)
            stages = list(OPEN_STAGES) if self.network else list(Stage)
            rows = {s: board_queries.stage_cards(db, actor, flt, s, self.limits.get(s.value, PAGE), now) for s in stages}
            calendars = calendars_for(db, {c.outlet_id for cards in rows.values() for c in cards})
            self.staff = [[str(i), name] for i, name in board_queries.outlet_staff(db, outlet_id)]
        self.open_count = sum(counts[s.value] for s in OPEN_STAGES)
        self.columns = [
            {
                "stage": s.value,
                "count": counts[s.value],
                "hasMore": counts[s.value] > len(rows[s]),
                "cards": [card_props(c, calendars[c.outlet_id], now) for c in rows[s]],
            }
            for s in stages
        ]
