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
from complaint_console.domain.access import ALL_OUTLETS, Action, Actor, may, outlet_scope
from complaint_console.i18n.catalogue import translate
from complaint_console.services import auth
from complaint_console.states import board_url, live
from complaint_console.states.board_view import MAX_CARDS, PAGE, BoardPatch, BoardQuery, read_board, read_patch
from complaint_console.states.live import FEED, OVERLAP_SECONDS, SESSION_CHECK_SECONDS, Watch
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, checked_actor, require_actor

FILTERS = ("assignee", "category", "severity", "sla")
SEEN_KEEP = 2000  # changes the watch remembers within its overlap window before it starts afresh


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
    can_assign: bool = False  # the card's "Assign" control and the bulk bar's assign (the server checks again)
    open_count: int = 0
    _shown: dict[str, int] = {}  # number -> version of the cards the browser has
    _seen: dict[str, int] = {}  # number -> version of changes already looked at (shown or not)
    _counts: dict[str, int] = {}  # the column counts the browser has
    _since: datetime | None = None  # the live watch looks for changes from here on
    _watch: int = 0  # the current watch loop; a new load starts a new one and the old one ends

    @rx.event
    async def load(self):
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns, self._shown = [], {}
            return
        self.limits = {}
        self.is_hq = outlet_scope(actor) is ALL_OUTLETS
        asked = board_url.from_query(self.router.url.query_parameters)
        for name, value in (asked or {}).items():  # an address with filters: the board it names
            setattr(self, name, value)
        self.outlet_code = self.outlet_code if self.is_hq else ""
        self.network = self.is_hq and not self.outlet_code
        if self.network and not (asked and asked["sla"]):
            self.sla = "breached" if self.queue == "breached" else ""
        await self._refresh()
        boxes = [rx.set_value("board-search", self.search), rx.set_value("board-outlet", self.outlet_code)]
        return [self._rearm(), self._address(), *boxes]  # the text boxes are uncontrolled: show what the address asked

    def _address(self):
        """The address bar shows the board's filters (see states/board_url.py)."""
        fields = {name: getattr(self, name) for name in (*board_url.PARAMS, "outlet_code", "queue")}
        return board_url.show_address(board_url.address(fields, self.network))

    def _rearm(self):
        self._watch += 1
        live.looked(self.router.session.client_token)
        return BoardState.watch

    @rx.event
    def keep_live(self):
        """The browser's heartbeat: Reflex ends a watch when its websocket drops, and a
        reconnect (maybe to another backend worker) runs no on_load, so the board asks for a new
        watch if no watch of this tab has looked lately in this process."""
        if self.columns and not live.watched(self.router.session.client_token):
            return self._rearm()

    @rx.event
    async def show_queue(self, queue: str):
        """HQ: the network's breached tickets, or the triage queue of unrouted ones."""
        if queue in ("breached", "triage"):
            self.queue, self.outlet_code, self.outlet_error, self.limits, self.network = queue, "", "", {}, True
            self.sla = "breached" if queue == "breached" else ""
            await self._refresh()
            return self._address()

    @rx.event
    async def set_filter(self, name: str, value: str):
        if name in FILTERS:
            setattr(self, name, "" if value == "all" else value)
            self.limits = {}
            await self._refresh()
            return self._address()

    @rx.event
    async def apply_search(self, form: dict):
        self.search = (form.get("search") or "").strip()
        await self._refresh()
        return self._address()

    @rx.event
    async def clear_filters(self):
        self.assignee = self.category = self.severity = self.sla = self.search = ""
        await self._refresh()
        return [rx.set_value("board-search", ""), self._address()]  # the box is uncontrolled: empty it too

    @rx.event
    async def open_outlet(self, form: dict):
        """HQ: open one outlet's board by code (empty: back to the network view)."""
        self.outlet_code, self.outlet_error, self.limits = (form.get("outlet") or "").strip().upper(), "", {}
        self.network, self.queue = not self.outlet_code, "breached"
        self.sla = "breached" if self.network else ""
        await self._refresh()
        return self._address()

    @rx.event
    async def show_more(self, stage: str):
        if len(self._shown) + PAGE > MAX_CARDS:
            return rx.toast.info(translate("board.narrow_down", (await self.get_state(SessionState)).lang))
        self.limits[stage] = self.limits.get(stage, PAGE) + PAGE
        await self._refresh()

    def _query(self) -> BoardQuery:
        return BoardQuery(
            self.outlet_code,
            self.network,
            self.queue,
            self.assignee,
            self.category,
            self.severity,
            self.sla,
            self.search,
            dict(self.limits),
        )

    async def _refresh(self) -> None:
        """Send the whole board (load, filters, show more)."""
        actor = await require_actor(self, Action.WORK_TICKETS)
        if actor is None:
            self.columns, self._shown = [], {}
            return
        now, query = utcnow(), self._query()
        view = await with_db(lambda db: read_board(db, actor, query, now))
        self.outlet_error, self.can_assign = view.error, may(actor, Action.ASSIGN_TICKETS)
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

    def _apply(self, patch: BoardPatch | None, settled: list[str] | None = None) -> None:
        """Send the cards of `patch` as they are now, and the column counts. `settled`: the cards the
        user just tried to move; the browser placed them ahead of the server (see kanban.jsx) and now
        shows them where this patch says, so they are sent even when nothing changed (a refusal)."""
        if patch is None:
            self.columns, self._shown = [], {}
            return
        if not patch.cards and not patch.removed and patch.counts == self._counts and not settled:
            return  # nothing the browser shows changed
        for number in patch.removed:
            self._shown.pop(number, None)
        self._shown.update({card["number"]: card["version"] for card in patch.cards})
        self._seen.update({card["number"]: card["version"] for card in patch.cards})
        self._counts = patch.counts
        self._send_patch(patch.cards, patch.removed, settled or [])
        self.open_count = patch.open_count

    def _send_patch(self, cards: list[dict], removed: list[str], settled: list[str]) -> None:
        seq = int(self.patch.get("seq", 0)) + 1
        self.patch = {"seq": seq, "cards": cards, "removed": removed, "counts": self._counts, "settled": settled}

    def settle(self, number: str) -> None:
        """The server's answer to a move that changed nothing and read no card (a form opens, the
        ticket is gone, a hand-made event): the browser puts the card back where the board has it."""
        if self.columns and isinstance(number, str):
            self._send_patch([], [], [number])

    async def _send_changes(self, actor: Actor, numbers: list[str], settled: list[str] | None = None) -> None:
        """Send the cards among `numbers` as they are now, and the column counts: a patch."""
        reader = self._patch_reader(numbers)
        if reader is not None:
            self._apply(await with_db(lambda db: reader(db, actor)), settled)

    async def moved(self, actor: Actor, number: str) -> None:
        """After the user's own move (or its refusal; `actor` was checked by the move's handler):
        that one card and the counts."""
        await self._send_changes(actor, [number], settled=[number])

    @rx.event(background=True)
    async def watch(self):
        """Keep the open board live (see states/live.py) until the user leaves it.

        A look changes nothing in the state unless it found news, so the board's state is not saved
        again every second; its reads run outside the state's lock, so the user's own events never wait
        for them: the session every SESSION_CHECK_SECONDS, and what changed from the process's shared
        feed (or, for a look further back than the feed holds, from the database). The watch keeps its
        own window (`since`) and what it has looked at (`seen`), from the board's last load on."""
        async with self:
            mine, token = self._watch, self.router.session.client_token
        pace, actor, checked_at = Watch(token), None, 0.0
        loaded: datetime | None = None
        since: datetime | None = None
        seen: dict[str, int] = {}
        while await pace.next():
            async with self:  # reads only: a state left untouched is not written back
                if self._watch != mine or not self.router.url.path.rstrip("/").endswith("/board"):
                    return
                session, shown, kept = (await self.get_state(SessionState))._session_token(), dict(self._shown), dict(self._seen)
                if self._since != loaded:  # loaded again (filters, more cards): look from then on
                    loaded = since = self._since
                    seen = {}
            live.looked(token)
            if since is None:
                continue
            if time.monotonic() - checked_at >= SESSION_CHECK_SECONDS:
                actor, checked_at = await with_db(lambda db, s=session: auth.resolve(db, s), watching=True), time.monotonic()
            if not may(actor, Action.WORK_TICKETS):
                async with self:
                    await checked_actor(self, actor, Action.WORK_TICKETS)  # the page says the session ended
                return
            looked_at = utcnow()
            changed = await FEED.seen_by(actor, since, set(shown))
            if changed is None:
                changed = await with_db(
                    lambda db, a=actor, s=since, n=list(shown): board_queries.changed_since(db, a, s, n), watching=True
                )
            since = max(since, looked_at - timedelta(seconds=OVERLAP_SECONDS))
            # Within the overlap a change is seen again: skip what the browser already has.
            news = [n for n, v in changed.items() if v != (shown[n] if n in shown else kept.get(n, seen.get(n)))]
            seen = {} if len(seen) > SEEN_KEEP else seen
            seen.update({n: changed[n] for n in news})
            if news:
                async with self:
                    if self._watch != mine or self._since != loaded:
                        continue
                    await self._send_changes(actor, news)
