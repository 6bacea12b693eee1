"""Logins, server-side sessions and password changes."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import rate_limit
from complaint_console.db.models import AppUser, UserSession
from complaint_console.db.types import utcnow
from complaint_console.domain import login_rules
from complaint_console.domain.access import Actor
from complaint_console.domain.vocabulary import Role
from complaint_console.services.passwords import hash_password, needs_rehash, verify_password
from complaint_console.settings import get_settings

SESSION_COOKIE = "cc_session"  # set by /auth/session only: HttpOnly, SameSite=Strict, Secure over TLS
# last_seen_at is written at most this often, so every event is not a database write.
_TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class LoginResult:
    token: str | None = None
    actor: Actor | None = None
    error_key: str | None = None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor_of(user: AppUser) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        outlet_id=user.outlet_id,
        must_change_password=user.must_change_password,
    )


def login(db: Session, username: str, password: str, now: datetime | None = None, *, client: str | None = None) -> LoginResult:
    """Check a password, apply the lock-out and per-client rules, and open a session on success.

    Every refusal costs one full password check, so its timing tells nothing about the account
    (unknown, inactive, locked, without a password, or a wrong password)."""
    now = now or utcnow()
    client_key = f"login:{client}" if client else None
    limit, window = login_rules.MAX_FAILED_LOGINS_PER_CLIENT, login_rules.CLIENT_WINDOW
    if client_key and rate_limit.over_limit(db, client_key, limit, window, now):
        verify_password(None, password)
        return LoginResult(error_key="login.client_throttled")
    user = db.exec(select(AppUser).where(AppUser.username == username.strip())).first()
    usable = user is not None and user.active
    matches = verify_password(user.password_hash if usable else None, password)
    if usable and login_rules.is_locked(user.locked_until, now):
        return LoginResult(error_key="login.locked")
    if not matches:
        if client_key:
            rate_limit.hit(db, client_key, now)
        if not usable:
            return LoginResult(error_key="login.invalid")
        user.failed_logins, user.locked_until = login_rules.after_failed_login(user.failed_logins, now)
        db.add(user)
        db.commit()
        return LoginResult(error_key="login.locked" if user.locked_until else "login.invalid")
    user.failed_logins, user.locked_until = 0, None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token = secrets.token_urlsafe(32)
    db.add(user)
    db.add(UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now))
    db.commit()
    return LoginResult(token=token, actor=actor_of(user))


def resolve(db: Session, token: str | None, now: datetime | None = None) -> Actor | None:
    """The actor behind a session token, or None when it is unknown, ended or idle too long."""
    if not token:
        return None
    now = now or utcnow()
    row = db.exec(
        select(UserSession, AppUser)
        .join(AppUser, AppUser.id == UserSession.user_id)
        .where(UserSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    user_session, user = row
    if user_session.ended_at is not None or not user.active:
        return None
    lifetime = timedelta(days=get_settings().session_lifetime_days)
    if login_rules.session_expired(user_session.last_seen_at, user_session.created_at, now, lifetime):
        user_session.ended_at = now
        db.add(user_session)
        db.commit()
        return None
    if now - user_session.last_seen_at >= _TOUCH_EVERY:
        user_session.last_seen_at = now
        db.add(user_session)
        db.commit()
    return actor_of(user)


def handoff(db: Session, token: str, now: datetime | None = None) -> str:
    """A one-time code for the session of `token`, for the browser to exchange at /auth/session."""
    now = now or utcnow()
    code = secrets.token_urlsafe(32)
    user_session = db.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).one()
    user_session.handoff_hash, user_session.handoff_expires_at = _token_hash(code), now + login_rules.SESSION_HANDOFF
    db.add(user_session)
    db.commit()
    return code


def take_handoff(db: Session, code: str, now: datetime | None = None) -> str | None:
    """Exchange a one-time code for the session's cookie token (a new one: whatever token the
    session had before stops working), or None when the code is unknown, used or expired."""
    now = now or utcnow()
    if not code:
        return None
    user_session = db.exec(select(UserSession).where(UserSession.handoff_hash == _token_hash(code))).first()
    if user_session is None:
        return None
    fresh = user_session.ended_at is None and user_session.handoff_expires_at > now
    token = secrets.token_urlsafe(32)
    user_session.handoff_hash = user_session.handoff_expires_at = None
    if fresh:
        user_session.token_hash = _token_hash(token)
    db.add(user_session)
    db.commit()
    return token if fresh else None


def logout(db: Session, token: str | None, now: datetime | None = None) -> None:
    if not token:
        return
    user_session = db.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if user_session is not None and user_session.ended_at is None:
        user_session.ended_at = now or utcnow()
        db.add(user_session)
        db.commit()


def end_sessions(db: Session, user_id: int, now: datetime, keep_token: str | None = None) -> None:
    """End the user's open sessions (all, or all but the one of `keep_token`); the caller commits."""
    stmt = sa.update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_token:
        stmt = stmt.where(UserSession.token_hash != _token_hash(keep_token))
    db.execute(stmt.values(ended_at=now))


def change_password(db: Session, actor: Actor, current: str, new: str, confirm: str, token: str | None) -> dict[str, str]:
    """Change the actor's own password; every other session of theirs ends (the one of `token`
    stays). Returns field -> message key for what is wrong."""
    user = db.get(AppUser, actor.user_id)
    errors: dict[str, str] = {}
    if user is None or not verify_password(user.password_hash, current):
        errors["current"] = "password.current_wrong"
    if problem := login_rules.password_problem(new, actor.username):
        errors["new"] = problem
    elif new != confirm:
        errors["confirm"] = "password.mismatch"
    if errors:
        return errors
    user.password_hash = hash_password(new)
    user.password_changed_at, user.must_change_password = utcnow(), False
    user.password_token_hash = user.password_token_expires_at = None
    db.add(user)
    end_sessions(db, user.id, utcnow(), keep_token=token)
    db.commit()
    return {}


def create_user(
    db: Session,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    outlet_id: int | None = None,
    email: str | None = None,
    language: str = "en",
) -> AppUser:
    """Create a staff account. Outlet roles need an outlet; network roles must not have one."""
    if role in (Role.OUTLET_MANAGER, Role.AGENT) and outlet_id is None:
        raise ValueError(f"role {role} needs an outlet")
    if role not in (Role.OUTLET_MANAGER, Role.AGENT):
        outlet_id = None
    if db.exec(select(AppUser).where(AppUser.username == username)).first() is not None:
        raise ValueError(f"user {username!r} exists already")
    user = AppUser(
        username=username,
        display_name=display_name or username,
        email=email,
        role=role.value,
        outlet_id=outlet_id,
        language=language,
        password_hash=hash_password(password),
        password_changed_at=utcnow(),
    )
    db.add(user)
    db.flush()
    return user
