"""Live pages: an open board or ticket page learns of changes made anywhere (another user,
the jobs, the JSON API, another backend worker) by asking the database, about once a second,
what changed in its scope since its last look.

Why polling the database and not a message bus: every writer already commits to the one
database, whichever process or worker it runs in, with or without Redis, so nothing can be
missed by a writer forgetting to publish; one indexed query per open page and second is cheap.

Each page's watch is a Reflex background event started by the page's on_load. It stops when
a newer on_load of the same page started another watch, when the browser left the page or the
user signed out, when its websocket disconnects (Reflex cancels a disconnected client's
background tasks; DISCONNECT_GRACE is the backstop), or after MAX_LIFETIME; a reload re-arms
it, and the board's browser re-arms it by a heartbeat (BoardState.keep_live) after a reconnect.
"""

from __future__ import annotations

import asyncio
import time

POLL_SECONDS = 1.0
HEARTBEAT_MS = 20_000  # how often an open board asks the server to keep its watch going
STALE_SECONDS = 5.0  # a watch that has not looked for this long has ended
DISCONNECT_GRACE = 30.0
MAX_LIFETIME = 12 * 3600.0
# Look back this far behind the last look: writers' clocks and commit times differ a little.
OVERLAP_SECONDS = 5.0


def _connected(token: str) -> bool:
    """Is the browser tab of `token` connected to this backend worker?"""
    from reflex.utils.prerequisites import get_and_validate_app

    namespace = get_and_validate_app().app.event_namespace
    return namespace is None or token in namespace.token_to_sid


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
