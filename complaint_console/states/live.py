"""Live pages: an open board or ticket page learns of changes made anywhere (another user,
the jobs, the JSON API, another backend worker) by asking the database, about once a second,
what changed in its scope since its last look.

Why polling the database and not a message bus: every writer already commits to the one
database, whichever process or worker it runs in, with or without Redis, so nothing can be
missed by a writer forgetting to publish. The boards of one backend process share one read a
second (`FEED`: the numbers, versions and outlets of the tickets changed lately), each board
keeping what its scope may see; a board's session is checked again every SESSION_CHECK_SECONDS
(a session ended elsewhere stops its updates within that time; every event the user sends is
checked as always).

Each page's watch is a Reflex background event started by the page's on_load. It stops when
a newer on_load of the same page started another watch, when the browser left the page or the
user signed out, when its websocket disconnects (Reflex cancels a disconnected client's
background tasks; DISCONNECT_GRACE is the backstop), or after MAX_LIFETIME; a reload re-arms
it, and the board's browser re-arms it by a heartbeat (BoardState.keep_live) after a reconnect.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from complaint_console.db.board import changes_since
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Actor, sees_outlet
from complaint_console.states.offload import with_db

POLL_SECONDS = 1.0
HEARTBEAT_MS = 20_000  # how often an open board asks the server to keep its watch going
STALE_SECONDS = 5.0  # a watch that has not looked for this long has ended
DISCONNECT_GRACE = 30.0
MAX_LIFETIME = 12 * 3600.0
# Look back this far behind the last look: writers' clocks and commit times differ a little.
OVERLAP_SECONDS = 5.0
SESSION_CHECK_SECONDS = 5.0
FEED_KEEP_SECONDS = 60.0  # a look further back than this asks the database itself


def _connected(token: str) -> bool:
    """Is the browser tab of `token` connected to this backend worker?"""
    from reflex.utils.prerequisites import get_and_validate_app

    namespace = get_and_validate_app().app.event_namespace
    return namespace is None or token in namespace.token_to_sid


_LOOKED: dict[str, float] = {}  # tab token -> when a watch of that tab last looked, in this process


def looked(token: str) -> None:
    now = time.monotonic()
    if len(_LOOKED) > 10_000:  # tabs closed long ago
        for gone in [t for t, at in _LOOKED.items() if now - at > STALE_SECONDS]:
            del _LOOKED[gone]
    _LOOKED[token] = now


def watched(token: str) -> bool:
    """Has a watch of this tab looked within STALE_SECONDS, in this process?"""
    return time.monotonic() - _LOOKED.get(token, float("-inf")) <= STALE_SECONDS


class Watch:
    """The pacing and the end of one page's watch loop."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.started = time.monotonic()
        self.last_seen = self.started

    async def next(self) -> bool:
        """Sleep one poll; False when the loop should end (client gone, or lived long enough)."""
        await asyncio.sleep(POLL_SECONDS)
        now = time.monotonic()
        if _connected(self.token):
            self.last_seen = now
        return now - self.last_seen < DISCONNECT_GRACE and now - self.started < MAX_LIFETIME


class ChangeFeed:
    """The tickets changed lately (number -> version, outlet, when), read from the database at most
    once a poll for every live board of this process, however many are open."""

    def __init__(self, keep_seconds: float = FEED_KEEP_SECONDS) -> None:
        self.keep = timedelta(seconds=keep_seconds)
        self._changes: dict[str, tuple[int, int | None, datetime]] = {}
        self._holds_from: datetime | None = None  # every change at or after this is held
        self._read_at: datetime | None = None
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def seen_by(self, actor: Actor, since: datetime, shown: set[str]) -> dict[str, int] | None:
        """number -> version of the tickets changed at or after `since` that `actor` may see or that
        the page shows; None when `since` is older than the feed holds (ask the database)."""
        await self._refresh()
        if self._holds_from is None or since < self._holds_from:
            return None
        return {
            number: version
            for number, (version, outlet_id, at) in self._changes.items()
            if at >= since and (number in shown or sees_outlet(actor, outlet_id))
        }

    async def _refresh(self) -> None:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        async with self._lock:
            now = utcnow()
            if self._read_at is not None and now - self._read_at < timedelta(seconds=POLL_SECONDS * 0.9):
                return  # another board's look just read it
            # Re-read the overlap each time: a change committed late, with an earlier updated_at, is caught.
            start = now - self.keep if self._read_at is None else self._read_at - timedelta(seconds=OVERLAP_SECONDS)
            rows = await with_db(lambda db: changes_since(db, start), watching=True)
            for number, version, outlet_id, at in rows:
                held = self._changes.get(number)
                if held is None or version >= held[0]:
                    self._changes[number] = (version, outlet_id, at)
            self._holds_from, self._read_at = now - self.keep, now
            self._changes = {n: c for n, c in self._changes.items() if c[2] >= self._holds_from}


FEED = ChangeFeed()
