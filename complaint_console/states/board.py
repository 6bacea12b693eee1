"""The outlet board: open tickets nearest due first (paged in the database), with live badges.

The drag-and-drop kanban builds on this with the workflow issue; the data stays paged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from complaint_console.db import tickets
from complaint_console.db.calendars import calendars_for
from complaint_console.db.engine import session_scope
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.states.clock_view import age, badge_clocks
from complaint_console.states.session import require_actor

PAGE = 50
RECENT = 10


@dataclass
class CardView:
    number: str = ""
    category: str = ""
    severity: str = ""
    stage: str = ""
    customer: str = ""
    outlet_code: str = ""
    assignee: str = ""
    age: str = ""
    repeat: bool = False
    escalated: bool = False
    regulator: bool = False
    clocks: list[dict] = field(default_factory=list)


class BoardState(rx.State):
    open_count: int = 0
    shown: int = PAGE
    cards: list[CardView] = []
    resolved: list[CardView] = []

    @rx.var
    def has_more(self) -> bool:
        return self.open_count > len(self.cards)

    @rx.event
    async def load(self):
        self.shown = PAGE
        await self._refresh()

    @rx.event
    async def show_more(self):
        self.shown += PAGE
        await self._refresh()

    async def _refresh(self) -> None:
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.open_count, self.cards, self.resolved = 0, [], []
            return
        now = utcnow()
        with session_scope() as db:
            self.open_count = tickets.count_visible(db, actor, open_only=True)
            open_rows = tickets.open_cards(db, actor, limit=self.shown)
            resolved_rows = tickets.recently_resolved_cards(db, actor, limit=RECENT)
            calendars = calendars_for(db, {c.outlet_id for c in open_rows + resolved_rows})
        self.cards = [self._view(c, calendars[c.outlet_id], now) for c in open_rows]
        self.resolved = [self._view(c, calendars[c.outlet_id], now) for c in resolved_rows]

    @staticmethod
    def _view(card: tickets.TicketCard, calendar, now) -> CardView:
        return CardView(
            number=card.number,
            category=card.category,
            severity=card.severity,
            stage=card.stage,
            customer=card.customer,
            outlet_code=card.outlet_code,
            assignee=card.assignee,
            age=age(card.created_at, now),
            repeat=card.is_repeat,
            escalated=card.escalation_level != "outlet",
            regulator=card.channel == "regulator",
            clocks=badge_clocks(card, calendar, now),
        )
