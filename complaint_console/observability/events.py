"""Every Reflex event handler timed and logged: a histogram sample by handler and one log line
with the user, the handler and the duration.

Reflex's event processor runs each event through its `_execute_event` (the step its own docs
name for extension); `timed_events` wraps that step on the app's processor once the backend has
started. The user is the one `states.session.checked_actor` resolved for the event, if any.
"""

from __future__ import annotations

import contextlib
import logging
from contextvars import ContextVar
from time import perf_counter

import reflex as rx

from complaint_console.observability.logs import fields
from complaint_console.observability.metrics import EVENT_SECONDS

log = logging.getLogger("complaint_console.events")
event_user: ContextVar[int | None] = ContextVar("event_user", default=None)


def handler_name(event_name: str) -> str:
    """`reflex___state____state.complaint_console___states___board____board_state.move` → `board_state.move`."""
    *states, handler = event_name.split(".")
    state = states[-1].rsplit("____", 1)[-1] if states else ""
    return f"{state}.{handler}" if state else handler


@contextlib.asynccontextmanager
async def timed_events(app: rx.App):
    """A lifespan task (Reflex passes `app`): wraps the event step of the app's processor, which
    Reflex's own lifespan task, registered first, has made by now."""
    processor = app.event_processor
    execute = processor._execute_event

    async def timed(*, entry, registered_handler) -> None:
        start, outcome = perf_counter(), "ok"
        try:
            await execute(entry=entry, registered_handler=registered_handler)
        except BaseException as exc:
            outcome = type(exc).__name__
            raise
        finally:
            seconds = perf_counter() - start
            name = handler_name(entry.event.name)
            EVENT_SECONDS.labels(handler=name).observe(seconds)
            log.info("event", extra=fields(handler=name, user_id=event_user.get(), ms=round(seconds * 1000, 1), outcome=outcome))

    processor._execute_event = timed
    try:
        yield
    finally:
        processor._execute_event = execute
