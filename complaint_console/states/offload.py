"""Database and CPU work of event handlers runs in worker threads, never on the event loop.

Reflex runs every event handler, sync or async, on the backend's one event loop: a query, a
chart or a PDF built inline there holds up every other user of that worker. Handlers call
`with_db` (work that needs a database session) or `in_thread` (any other blocking work) and
await the result, so the loop keeps serving other events meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlmodel import Session

from complaint_console.db.engine import session_scope

T = TypeVar("T")
P = ParamSpec("P")


async def in_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def with_db(fn: Callable[[Session], T]) -> T:
    """`fn(db)` in a worker thread, in one transaction (committed on success, rolled back on error)."""

    def work() -> T:
        with session_scope() as db:
            return fn(db)

    return await asyncio.to_thread(work)
