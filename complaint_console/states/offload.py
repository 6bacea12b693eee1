"""Database and CPU work of event handlers runs in worker threads, never on the event loop.

Reflex runs every event handler, sync or async, on the backend's one event loop: a query, a
chart or a PDF built inline there holds up every other user of that worker. Handlers call
`with_db` (work that needs a database session) or `in_thread` (any other blocking work) and
await the result, so the loop keeps serving other events meanwhile.

The live watches of open pages (states/live.py) look once a second each: their reads run in a
small pool of their own (`watching=True`), so however many pages are open, a user's event
never queues behind them for a thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from sqlmodel import Session

from complaint_console.db.engine import session_scope

T = TypeVar("T")
P = ParamSpec("P")
_WATCHES = ThreadPoolExecutor(max_workers=2, thread_name_prefix="live-watch")  # threads start at first use


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def with_db(fn: Callable[[Session], T], watching: bool = False) -> T:
    """`fn(db)` in a worker thread, in one transaction (committed on success, rolled back on error);
    `watching`: a live watch's look, in the watches' own threads."""

    def work() -> T:
        with session_scope() as db:
            return fn(db)

    if watching:
        return await asyncio.get_running_loop().run_in_executor(_WATCHES, work)
    return await asyncio.to_thread(work)
