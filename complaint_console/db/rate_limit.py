"""A sliding-window limit on attempts, counted in the database (works across processes)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import RateLimitHit


def over_limit(db: Session, key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Whether `key` already has `limit` hits within `window` before `now`."""
    count = db.exec(
        select(sa.func.count()).select_from(RateLimitHit).where(RateLimitHit.key == key, RateLimitHit.at > now - window)
    ).one()
    return count >= limit


def hit(db: Session, key: str, now: datetime, keep: timedelta = timedelta(days=1)) -> None:
    """Count one attempt, and forget this key's attempts older than `keep`."""
    db.execute(sa.delete(RateLimitHit).where(RateLimitHit.key == key, RateLimitHit.at < now - keep))
    db.add(RateLimitHit(key=key, at=now))
    db.commit()
