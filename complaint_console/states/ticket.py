"""The ticket page: loads one ticket the actor may see, or says "not found".

While it is open, a live watch (states/live.py) reloads it when anyone changes the ticket."""

from __future__ import annotations

import reflex as rx

from complaint_console.db import root_causes, tickets
from complaint_console.db.board import outlet_staff
from complaint_console.db.calendars import outlet_calendar
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, may
from complaint_console.domain.stages import allowed_targets
from complaint_console.domain.vocabulary import OPEN_STAGES, Category, Stage
from complaint_console.services import knowledge
from complaint_console.services import sla as sla_service
from complaint_console.states.clock_view import badge_clocks, policy_text
from complaint_console.states.live import Watch
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, checked_actor, read_as, require_actor
from complaint_console.views.formatting import business_time


def _read_all(db, actor, number: str):
    """Everything the page shows, in one transaction (run off the event loop)."""
    detail = tickets.ticket_detail(db, actor, number)
    if detail is None:
        return None
    answerable = detail.category == Category.INQUIRY and Stage(detail.stage) in OPEN_STAGES
    return (
        detail,
        tickets.ticket_events(db, actor, number),
        tickets.ticket_attachments(db, actor, number),
        outlet_calendar(db, detail.outlet_id),
        outlet_staff(db, detail.outlet_id),
        answerable,
        knowledge.instant_answer(db, detail.description) if answerable else None,
        tickets.ticket_signature(db, actor, number),
        {f"root_cause_{lang}": root_causes.root_cause_label(db, detail.root_cause, lang) for lang in ("en", "zh")},
    )


class TicketState(rx.State):
    loaded: bool = False
    found: bool = False
    detail: dict[str, str] = {}
    version: int = 0
    events: list[dict[str, str]] = []
    clocks: list[dict] = []
    clock_rows: list[dict[str, str]] = []
    targets: list[str] = []
    staff: list[list[str]] = []
    can_work: bool = False
    can_assign: bool = False
    can_approve: bool = False
    can_route: bool = False
    answerable: bool = False  # an open inquiry: answer and resolve in one step
    suggested_answer: str = ""
    evidence: list[dict[str, str]] = []
    _signature: tuple | None = None  # what the page was read from (see tickets.ticket_signature)
    _watch: int = 0

    @rx.event
    async def load(self):
        await self._read(self.number)
        self._watch += 1
        return TicketState.watch

    @rx.event(background=True)
    async def watch(self):
        """Reload the open ticket when anyone changed it, until the user leaves the page. The look's
        read runs outside the state's lock: the user's own events never wait for it."""
        async with self:
            mine, token, path = self._watch, self.router.session.client_token, self.router.url.path.rstrip("/")
        pace = Watch(token)
        while await pace.next():
            async with self:
                if self._watch != mine or self.router.url.path.rstrip("/") != path:
                    return
                number, session_token = self.detail.get("number", ""), (await self.get_state(SessionState))._session_token()
                if not self.found or not number:
                    return
            read = read_as(
                session_token, Action.VIEW_TICKETS, lambda db, actor, number=number: tickets.ticket_signature(db, actor, number)
            )
            actor, signature = await with_db(read, watching=True)
            async with self:
                if self._watch != mine or await checked_actor(self, actor, Action.VIEW_TICKETS) is None:
                    return
                if self.detail.get("number") == number and signature != self._signature:
                    await self._read(number)

    async def _reload_if_showing(self, number: str) -> None:
        if self.found and self.detail.get("number") == number:
            await self._read(number)

    async def _read(self, number: str) -> None:
        self.loaded, self.found, self.detail, self.events, self.clocks, self.clock_rows = False, False, {}, [], [], []
        self.evidence = []
        actor = await require_actor(self, Action.VIEW_TICKETS)
        if actor is None:
            self.loaded = True
            return
        read = await with_db(lambda db: _read_all(db, actor, number))
        self.loaded = True
        if read is None:
            self._signature = None
            return
        detail, events, files, calendar, staff, answerable, article, self._signature, cause_names = read
        now = utcnow()
        self.found, self.version = True, detail.version
        self.detail = {
            k: (business_time(v) if k.endswith("_at") else "" if v is None else str(v)) for k, v in detail.__dict__.items()
        } | cause_names  # the root cause as HQ's list names it, in both languages
        self.events = [
            {
                "at": business_time(e.at),
                "kind": e.kind,
                "actor": e.actor,
                "from": e.from_stage or "",
                "to": e.to_stage or "",
                "note": e.note,
            }
            for e in events
        ]
        self.evidence = [
            {
                "url": f"/api/evidence/{f.id}",
                "name": f.original_name,
                "size": f"{f.size_bytes / 1024:.0f} KB",
                "image": "yes" if f.content_type.startswith("image/") else "",
            }
            for f in files
        ]
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
        self.can_work = may(actor, Action.WORK_TICKETS)
        self.can_assign = may(actor, Action.ASSIGN_TICKETS)
        self.can_approve = may(actor, Action.APPROVE_COMPENSATION)
        self.can_route = may(actor, Action.ROUTE_TICKETS)
        self.targets = [s.value for s in allowed_targets(Stage(detail.stage), Category(detail.category))] if self.can_work else []
        self.staff = [[str(i), name] for i, name in staff]
        self.answerable = answerable and self.can_work
        self.suggested_answer = article.answer(detail.customer_language) if article else ""
