"""Account lock-out, sign-in throttling, session expiry and password rules (no I/O: callers
pass the clock)."""

from __future__ import annotations

from datetime import datetime, timedelta

from zxcvbn import zxcvbn

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=8)
SESSION_HANDOFF = timedelta(minutes=1)  # the one-time sign-in code's life, from the form to the cookie
SESSION_LIFETIME = timedelta(days=7)  # the default of SESSION_LIFETIME_DAYS
# One client (address) may fail this many sign-ins, whatever the accounts, within the window.
MAX_FAILED_LOGINS_PER_CLIENT = 20
CLIENT_WINDOW = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
# zxcvbn's guessability score, 0-4: 3 is "safely unguessable" against online attacks; common
# passwords, repeats ("manager2manager2"), sequences ("1234567890") and keyboard walks score lower.
MIN_PASSWORD_SCORE = 3


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failed_login(failed_count: int, now: datetime) -> tuple[int, datetime | None]:
    """The new failure count and lock expiry after one more wrong password."""
    failed_count += 1
    if failed_count >= MAX_FAILED_LOGINS:
        return 0, now + LOCKOUT
    return failed_count, None


def session_expired(last_seen_at: datetime, created_at: datetime, now: datetime, lifetime: timedelta = SESSION_LIFETIME) -> bool:
    """Idle too long, or older than its absolute lifetime however active."""
    return now - last_seen_at >= SESSION_IDLE or now - created_at >= lifetime


def password_problem(password: str, username: str) -> str | None:
    """A message-catalogue key describing what is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password.too_short"
    if password.lower() == username.lower():
        return "password.same_as_username"
    if zxcvbn(password[:100], user_inputs=[username])["score"] < MIN_PASSWORD_SCORE:
        return "password.too_guessable"
    return None
