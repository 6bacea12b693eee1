"""API keys of the JSON intake API: one per intake channel, only their SHA-256 is stored.

A key is shown once, when it is made; afterwards it is known by its first characters
(`key_prefix`), which is also how an operator revokes it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlmodel import Session, select

from complaint_console.db.models import ApiKey
from complaint_console.db.types import utcnow
from complaint_console.domain.vocabulary import Channel

KEY_MARK = "cck_"  # makes a leaked key recognisable in logs and secret scanners
PREFIX_LENGTH = 12
REVOKE_PREFIX_MIN = 4  # fewer characters would too easily name someone else's key


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def add_key(db: Session, channel: str, label: str, key: str, now: datetime | None = None) -> ApiKey:
    """Store a given key (the demo seed's fixed keys; `create_key` for real ones)."""
    if channel not in Channel.__members__.values():
        raise ValueError(f"unknown channel {channel!r}")
    row = ApiKey(
        channel=channel, label=label[:100], key_hash=key_hash(key), key_prefix=key[:PREFIX_LENGTH], created_at=now or utcnow()
    )
    db.add(row)
    db.flush()
    return row


def create_key(db: Session, channel: str, label: str) -> tuple[ApiKey, str]:
    """A new random key for `channel`; the caller shows the returned key once."""
    key = KEY_MARK + secrets.token_urlsafe(32)
    return add_key(db, channel, label, key), key


def authenticate(db: Session, key: str | None) -> ApiKey | None:
    """The key's row when `key` is a known, unrevoked key; None otherwise."""
    if not key:
        return None
    row = db.exec(select(ApiKey).where(ApiKey.key_hash == key_hash(key))).first()
    return row if row is not None and row.revoked_at is None else None


def revoke(db: Session, prefix: str, now: datetime | None = None) -> list[ApiKey]:
    """Revoke the unrevoked keys whose prefix starts with `prefix`; refuses an ambiguous prefix."""
    prefix = prefix[:PREFIX_LENGTH]  # a whole key works too
    active = select(ApiKey).where(ApiKey.revoked_at.is_(None))
    rows = db.exec(active.where(ApiKey.key_prefix.startswith(prefix, autoescape=True))).all()
    if len(rows) > 1:
        raise ValueError(f"{len(rows)} keys start with {prefix!r}: give more characters")
    for row in rows:
        row.revoked_at = now or utcnow()
        db.add(row)
    return list(rows)
