"""Account lock-out and session expiry rules (no I/O: callers pass the clock)."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 10


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failed_login(failed_count: int, now: datetime) -> tuple[int, datetime | None]:
    """The new failure count and lock expiry after one more wrong password."""
    failed_count += 1
    if failed_count >= MAX_FAILED_LOGINS:
        return 0, now + LOCKOUT
    return failed_count, None


def session_expired(last_seen_at: datetime, now: datetime, idle: timedelta = SESSION_IDLE) -> bool:
    return now - last_seen_at >= idle


def password_problem(password: str, username: str) -> str | None:
    """A message-catalogue key describing what is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password.too_short"
    if password.lower() == username.lower():
        return "password.same_as_username"
    return None
