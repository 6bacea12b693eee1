"""The board: filters, one column per stage with its count, each column paged in the database.

Outlet roles see their outlet. HQ starts on the network view of breached tickets and can
open any outlet's board by its code. Moves go through MoveState (states/board_move.py).

The whole board (`columns`) is sent on load and when the filters change; after that the
browser keeps its columns and applies `patch`es: the changed cards and the column counts,
from the user's own moves and, through the live watch, from everyone else's changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import reflex as rx
from sqlmodel import Session

from complaint_console.db import board as board_queries
from complaint_console.db.types import utcnow
from complaint_console.domain.access import ALL_OUTLETS, Action, Actor, outlet_scope
from complaint_console.i18n.catalogue import translate
from complaint_console.states.board_view import MAX_CARDS, PAGE, BoardPatch, BoardQuery, read_board, read_patch
from complaint_console.states.live import OVERLAP_SECONDS, STALE_SECONDS, Watch
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, checked_actor, read_as, require_actor

FILTERS = ("assignee", "category", "severity", "sla")


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
    # The latest change to `columns`: {"seq", "cards", "removed", "counts"}; seq restarts with `columns`.
    patch: dict = {}
    staff: list[list[str]] = []
    open_count: int = 0
    _shown: dict[str, int] = {}  # number -> version of the cards the browser has
    _seen: dict[str, int] = {}  # number -> version of changes already looked at (shown or not)
    _counts: dict[str, int] = {}  # the column counts the browser has
    _since: datetime | None = None  # the live watch looks for changes from here on
    _watch: int = 0  # the current watch loop; a new load starts a new one and the old one ends
    _alive_at: float = 0.0  # when the watch last looked (wall clock: any worker may ask)

    @rx.event
    async def load(self):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns, self._shown = [], {}
            return
        self.limits = {}
        self.is_hq = outlet_scope(actor) is ALL_OUTLETS
        self.network = self.is_hq and not self.outlet_code
        if self.network:
            self.sla = "breached" if self.queue == "breached" else ""
        await self._refresh()
        return self._rearm()

    def _rearm(self):
        self._watch, self._alive_at = self._watch + 1, time.time()
        return BoardState.watch

    @rx.event
    def keep_live(self):
        """The browser's heartbeat: Reflex ends a watch when its websocket drops, and a
        reconnect runs no on_load, so the board asks for a new watch if its watch is gone."""
        if self.columns and time.time() - self._alive_at > STALE_SECONDS:
            return self._rearm()

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
        if len(self._shown) + PAGE > MAX_CARDS:
            return rx.toast.info(translate("board.narrow_down", (await self.get_state(SessionState)).lang))
        self.limits[stage] = self.limits.get(stage, PAGE) + PAGE
        await self._refresh()

    def _query(self) -> BoardQuery:
        return BoardQuery(
            self.outlet_code, self.network, self.queue, self.assignee, self.category, self.severity, self.sla,
            self.search, dict(self.limits),
        )  # fmt: skip

    async def _refresh(self) -> None:
        """Send the whole board (load, filters, show more)."""
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns, self._shown = [], {}
            return
        now, query = utcnow(), self._query()
        view = await with_db(lambda db: read_board(db, actor, query, now))
        self.outlet_error = view.error
        self.columns, self.patch, self._shown = view.columns, {}, view.shown
        self._seen, self._counts = {}, {c["stage"]: c["count"] for c in view.columns}
        self._since = now - timedelta(seconds=OVERLAP_SECONDS)
        if not view.error:
            self.staff, self.open_count = view.staff, view.open_count

    def _patch_reader(self, numbers: list[str]) -> Callable[[Session, Actor], BoardPatch | None] | None:
        """What reads the patch for `numbers` as an actor, in a worker thread (None: no board is shown)."""
        if not self.columns:
            return None
        now, query, shown = utcnow(), self._query(), dict(self._shown)
        return lambda db, actor: read_patch(db, actor, query, numbers, shown, now)

    def _apply(self, patch: BoardPatch | None) -> None:
        """Send the cards of `patch` as they are now, and the column counts."""
        if patch is None:
            self.columns, self._shown = [], {}
            return
        if not patch.cards and not patch.removed and patch.counts == self._counts:
            return  # nothing the browser shows changed
        for number in patch.removed:
            self._shown.pop(number, None)
        self._shown.update({card["number"]: card["version"] for card in patch.cards})
        self._seen.update({card["number"]: card["version"] for card in patch.cards})
        self._counts = patch.counts
        seq = int(self.patch.get("seq", 0)) + 1
        self.patch = {"seq": seq, "cards": patch.cards, "removed": patch.removed, "counts": patch.counts}
        self.open_count = patch.open_count

    async def _send_changes(self, actor: Actor, numbers: list[str]) -> None:
        """Send the cards among `numbers` as they are now, and the column counts: a patch."""
        reader = self._patch_reader(numbers)
        if reader is not None:
            self._apply(await with_db(lambda db: reader(db, actor)))

    async def moved(self, actor: Actor, number: str) -> None:
        """After the user's own move (or its refusal; `actor` was checked by the move's handler):
        that one card and the counts."""
        await self._send_changes(actor, [number])

    async def _look_read(self) -> Callable[[Session], tuple] | None:
        """What one look of the live watch reads (the session, and the numbers and versions changed
        since the last look), to run outside the state's lock; None when no board is shown."""
        if not self.columns or self._since is None:
            return None
        token, since, shown = (await self.get_state(SessionState)).token, self._since, list(self._shown)
        return read_as(token, Action.WORK_TICKETS, lambda db, actor: board_queries.changed_since(db, actor, since, shown))

    async def _after_look(self, actor: Actor | None, changed: dict[str, int] | None, looked_at: datetime) -> bool:
        """Patch the board with what the look found changed; False when the watch should end (signed out).
        The user may have acted meanwhile: a card the browser already has at that version is skipped."""
        actor = await checked_actor(self, actor, Action.WORK_TICKETS)
        if actor is None:
            return False
        if not self.columns or self._since is None or changed is None:
            return True
        self._since = max(self._since, looked_at - timedelta(seconds=OVERLAP_SECONDS))
        # Within the overlap a change is seen again: skip the cards the browser already has.
        news = [n for n, version in changed.items() if self._seen.get(n, self._shown.get(n)) != version]
        if len(self._seen) > 2000:
            self._seen = {}
        self._seen.update({n: changed[n] for n in news})
        if news:
            await self._send_changes(actor, news)
        return True

    @rx.event(background=True)
    async def watch(self):
        """Keep the open board live (see states/live.py) until the user leaves it. The look's read runs
        outside the state's lock: the user's own events never wait for it."""
        async with self:
            mine, token = self._watch, self.router.session.client_token
        pace = Watch(token)
        while await pace.next():
            async with self:
                if self._watch != mine or not self.router.url.path.rstrip("/").endswith("/board"):
                    return
                self._alive_at = time.time()
                read, looked_at = await self._look_read(), utcnow()
            if read is None:
                continue
            actor, changed = await with_db(read, watching=True)
            async with self:
                if self._watch != mine or not await self._after_look(actor, changed, looked_at):
                    return
