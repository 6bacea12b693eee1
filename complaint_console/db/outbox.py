"""Writing to the notification outbox: each item at most once, by its de-duplication key."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from complaint_console.db.models import Notification


def add_once(db: Session, **values: Any) -> bool:
    """Queue an item unless one with its `dedupe_key` exists; True when this call queued it.

    INSERT … ON CONFLICT DO NOTHING: two processes queuing the same reminder at the same
    moment leave one row, and neither fails (nor rolls back the rest of its work)."""
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    values.setdefault("status", "pending")
    values.setdefault("attempts", 0)
    values.setdefault("subject", "")
    values.setdefault("body", "")
    table = Notification.__table__
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)
    return db.execute(stmt).first() is not None  # rowcount is not reliable with RETURNING on every driver


def add_all_once(db: Session, items: list[dict[str, Any]]) -> int:
    """Queue many items, each unless one with its `dedupe_key` exists (one statement per 1,000:
    the roll-up's report e-mails to 30,000 outlets' managers). How many were new."""
    if not items:
        return 0
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    defaults = {"status": "pending", "attempts": 0, "subject": "", "body": "", "ticket_id": None, "next_attempt_at": None}
    rows = [{**defaults, **item} for item in items]
    table = Notification.__table__
    new = 0
    for start in range(0, len(rows), 1000):
        stmt = insert(table).values(rows[start : start + 1000]).on_conflict_do_nothing(index_elements=["dedupe_key"])
        new += len(db.execute(stmt.returning(table.c.id)).all())
    return new


def depth_by_status(db: Session) -> dict[str, int]:
    """How many items the outbox holds in each status (for /metrics)."""
    rows = db.execute(sa.select(Notification.status, sa.func.count()).group_by(Notification.status)).all()
    return {status: n for status, n in rows}
