"""Staff accounts, kept by hq_admin without SQL (`/admin/users`, `import-users`, `create-user`).

Creating or resetting gives a one-time temporary password (shown once, stored hashed) or a
set-password link (only the hash of its token is stored; it works once, for 72 hours); either
way the next sign-in must choose a new password. Deactivating ends the user's sessions at once.
The last active hq_admin can be neither deactivated nor demoted. Every change is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from complaint_console.db.engine import begin_write
from complaint_console.db.models import AppUser, Outlet
from complaint_console.db.types import utcnow
from complaint_console.domain import login_rules
from complaint_console.domain.access import Action, Actor, belongs_to_outlet, may, role_may, roles_that
from complaint_console.domain.csv_file import FileError, Problem, Report, Row, read_table
from complaint_console.domain.staff_rules import USER_OPTIONAL, USER_REQUIRED, UserDraft, validate_user
from complaint_console.services import admin_audit, auth
from complaint_console.services.passwords import hash_password

LINK_VALID = timedelta(hours=72)
MAX_ROWS = 100_000
MAX_BYTES = 32 * 1024 * 1024
CHUNK = 200
FIELDS = ("display_name", "role", "outlet_id", "email", "phone", "language")
Progress = Callable[[Report], None]


@dataclass(frozen=True)
class Outcome:
    user_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    password: str | None = None  # a temporary password, to show once
    token: str | None = None  # a set-password link's token, to show once


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def temporary_password() -> str:
    """Four groups of four letters and digits, easy to read out: no 0/O or 1/l/I."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _refused(actor: Actor | None) -> Outcome | None:
    return None if actor is None or may(actor, Action.ADMINISTER) else Outcome(errors={"*": "import.forbidden"})


def _known_outlet(db: Session, values: dict[str, str], errors: dict[str, str]) -> int | None:
    """The id of the typed outlet code when the role needs one; its problem into `errors` (with the others)."""
    code = values.get("outlet_code", "").strip().upper()
    if not code or "outlet_code" in errors or not belongs_to_outlet(values.get("role", "").strip()):
        return None
    found = db.exec(select(Outlet.id).where(Outlet.code == code, Outlet.active)).first()
    if found is None:
        errors["outlet_code"] = "user.outlet_unknown"
    return found


def _values(user: AppUser) -> dict:
    return {name: getattr(user, name) for name in FIELDS} | {"active": user.active}


def _new_values(draft: UserDraft, outlet_id: int | None) -> dict:
    return {
        "display_name": draft.display_name,
        "role": draft.role.value,
        "outlet_id": outlet_id,
        "email": draft.email,
        "phone": draft.phone,
        "language": draft.language,
    }


def _other_admins(db: Session, user_id: int) -> int:
    """Active hq_admins other than `user_id`, counted under a write lock (two admins demoting
    each other at once cannot both succeed)."""
    begin_write(db)
    stmt = select(AppUser.id).where(AppUser.role.in_(roles_that(Action.ADMINISTER)), AppUser.active, AppUser.id != user_id)
    if db.connection().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return len(db.exec(stmt).all())


def _credential(user: AppUser, link: bool, now: datetime) -> tuple[str | None, str | None]:
    """Give `user` a temporary password or a set-password link; the next sign-in must choose anew."""
    user.must_change_password = True
    if link:
        token = secrets.token_urlsafe(32)
        user.password_token_hash, user.password_token_expires_at = token_hash(token), now + LINK_VALID
        user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it: only the link gets in
        return None, token
    password = temporary_password()
    user.password_hash, user.password_token_hash, user.password_token_expires_at = hash_password(password), None, None
    return password, None


def create(db: Session, actor: Actor | None, values: dict[str, str], link: bool = False, now: datetime | None = None) -> Outcome:
    """A new account with a temporary password (or a set-password link)."""
    if refused := _refused(actor):
        return refused
    draft, errors = validate_user(values)
    outlet_id = _known_outlet(db, values, errors)
    if draft is not None and db.exec(select(AppUser.id).where(AppUser.username == draft.username)).first() is not None:
        errors["username"] = "user.username_taken"
    if errors:
        return Outcome(errors=errors)
    now = now or utcnow()
    new = _new_values(draft, outlet_id)
    user = AppUser(username=draft.username, password_changed_at=None, created_at=now, password_hash="", **new)
    password, token = _credential(user, link, now)
    db.add(user)
    db.flush()
    admin_audit.record(db, actor.user_id if actor else None, "user", user.id, "create", admin_audit.diff({}, new), now)
    db.commit()
    return Outcome(user.id, password=password, token=token)


def update(db: Session, actor: Actor | None, user_id: int, values: dict[str, str], now: datetime | None = None) -> Outcome:
    """Role, outlet, name, e-mail, phone and language of an account (the username stays); actor None: the operator's CLI."""
    if refused := _refused(actor):
        return refused
    user = db.get(AppUser, user_id)
    if user is None:
        return Outcome(errors={"*": "user.not_found"})
    draft, errors = validate_user(values | {"username": user.username})
    outlet_id = _known_outlet(db, values, errors)
    if errors:
        return Outcome(user_id, errors)
    new = _new_values(draft, outlet_id)
    changes = admin_audit.diff(_values(user), new)
    if not changes:
        return Outcome(user_id)
    losing_admin = role_may(user.role, Action.ADMINISTER) and not role_may(new["role"], Action.ADMINISTER)
    if losing_admin and user.active and not _other_admins(db, user.id):
        db.rollback()
        return Outcome(user_id, {"role": "user.last_admin"})
    for name, value in new.items():
        setattr(user, name, value)
    db.add(user)
    now = now or utcnow()
    if "role" in changes or "outlet_id" in changes:
        auth.end_sessions(db, user.id, now)  # what they may see changed: they sign in again
    admin_audit.record(db, actor.user_id if actor else None, "user", user.id, "update", changes, now)
    db.commit()
    return Outcome(user_id)


def set_active(db: Session, actor: Actor, user_id: int, active: bool, now: datetime | None = None) -> Outcome:
    """Deactivate (every session ends at once) or reactivate an account."""
    if refused := _refused(actor):
        return refused
    user = db.get(AppUser, user_id)
    if user is None:
        return Outcome(errors={"*": "user.not_found"})
    if user.active == active:
        return Outcome(user_id)
    if not active and role_may(user.role, Action.ADMINISTER) and not _other_admins(db, user.id):
        db.rollback()
        return Outcome(user_id, {"*": "user.last_admin"})
    now = now or utcnow()
    user.active = active
    db.add(user)
    if not active:
        auth.end_sessions(db, user.id, now)
    admin_audit.record(
        db, actor.user_id, "user", user.id, "reactivate" if active else "deactivate", {"active": [not active, active]}, now
    )
    db.commit()
    return Outcome(user_id)


def unlock(db: Session, actor: Actor, user_id: int, now: datetime | None = None) -> Outcome:
    if refused := _refused(actor):
        return refused
    user = db.get(AppUser, user_id)
    if user is None:
        return Outcome(errors={"*": "user.not_found"})
    if user.locked_until is None and not user.failed_logins:
        return Outcome(user_id)
    old = user.locked_until
    user.failed_logins, user.locked_until = 0, None
    db.add(user)
    changes = admin_audit.diff({"locked_until": old}, {"locked_until": None})
    admin_audit.record(db, actor.user_id, "user", user.id, "unlock", changes, now or utcnow())
    db.commit()
    return Outcome(user_id)


def reset_password(db: Session, actor: Actor, user_id: int, link: bool, now: datetime | None = None) -> Outcome:
    """A one-time temporary password or a set-password link; the user's sessions end."""
    if refused := _refused(actor):
        return refused
    user = db.get(AppUser, user_id)
    if user is None:
        return Outcome(errors={"*": "user.not_found"})
    now = now or utcnow()
    password, token = _credential(user, link, now)
    user.failed_logins, user.locked_until = 0, None
    db.add(user)
    auth.end_sessions(db, user.id, now)
    admin_audit.record(db, actor.user_id, "user", user.id, "reset_link" if link else "reset_password", {}, now)
    db.commit()
    return Outcome(user_id, password=password, token=token)


def user_of_token(db: Session, token: str, now: datetime | None = None) -> AppUser | None:
    """The active user a set-password link belongs to, while it is valid."""
    if not token:
        return None
    user = db.exec(select(AppUser).where(AppUser.password_token_hash == token_hash(token), AppUser.active)).first()
    if user is None or user.password_token_expires_at is None or user.password_token_expires_at <= (now or utcnow()):
        return None
    return user


def set_password(db: Session, token: str, new: str, confirm: str, now: datetime | None = None) -> dict[str, str]:
    """Choose a password through a set-password link (once). Errors by field."""
    now = now or utcnow()
    user = user_of_token(db, token, now)
    if user is None:
        return {"*": "user.link_invalid"}
    if problem := login_rules.password_problem(new, user.username):
        return {"new": problem}
    if new != confirm:
        return {"confirm": "password.mismatch"}
    user.password_hash, user.password_changed_at, user.must_change_password = hash_password(new), now, False
    user.password_token_hash = user.password_token_expires_at = None
    db.add(user)
    auth.end_sessions(db, user.id, now)
    db.commit()
    return {}


# --- the import ---------------------------------------------------------------------------


@dataclass
class Invitation:
    username: str
    token: str


def import_chunk(
    db: Session,
    actor: Actor | None,
    rows: Sequence[Row],
    seen: set[str],
    report: Report,
    invitations: list[Invitation],
    now: datetime,
) -> None:
    """Create or update the chunk's accounts; a new account gets a set-password link (in `invitations`)."""
    report.done += len(rows)
    for row in rows:
        draft, errors = validate_user(row.values)
        if draft is not None and draft.username in seen:
            errors = {"username": "import.user_repeated"}
        outcome = None
        if not errors:
            seen.add(draft.username)
            existing = db.exec(select(AppUser.id).where(AppUser.username == draft.username)).first()
            given = {k: row.values.get(k, "") for k in USER_REQUIRED + USER_OPTIONAL}
            if existing is None:
                outcome = create(db, actor, given, link=True, now=now)
            else:
                outcome = update(db, actor, existing, given, now)
            errors = outcome.errors
        if errors:
            report.reject([Problem(row.line, name, message) for name, message in errors.items()])
        elif outcome.token:
            invitations.append(Invitation(draft.username, outcome.token))
            report.imported += 1
        else:
            report.imported += 1


def read_file(content: bytes, keep: int | None = None) -> tuple[list[Row], Report]:
    """The file's rows (CSV or XLSX), and a report counting the rows refused while reading."""
    table = read_table(content, USER_REQUIRED, USER_OPTIONAL, max_rows=MAX_ROWS)
    report = Report(total=len(table.rows) + len(table.problems), keep=keep)
    for problem in table.problems:
        report.reject([problem])
        report.done += 1
    return table.rows, report


def import_users(
    db: Session, actor: Actor | None, content: bytes, keep: int | None = None, progress: Progress | None = None
) -> tuple[Report, list[Invitation]]:
    """The whole file, chunk by chunk; the new accounts' set-password links come back once."""
    if actor is not None and not may(actor, Action.ADMINISTER):
        raise FileError("import.forbidden")
    rows, report = read_file(content, keep)
    seen: set[str] = set()
    invitations: list[Invitation] = []
    now = utcnow()
    for start in range(0, len(rows), CHUNK):
        import_chunk(db, actor, rows[start : start + CHUNK], seen, report, invitations, now)
        if progress:
            progress(report)
    return report, invitations
