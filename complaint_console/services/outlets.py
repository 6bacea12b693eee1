"""Outlets and regions, kept by hq_admin without SQL: one outlet from the form, or a whole
network from a CSV/XLSX file (`/admin/outlets`, `python -m complaint_console import-outlets`).

Every change is audited in the same transaction (services/admin_audit.py). An import works in
chunks: each chunk's rows are checked first, then written in a few bulk statements, so 30,000
outlets take seconds; a bad row is reported by line and column and writes nothing; a row that
changes nothing writes nothing, so importing the same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db import bulk
from complaint_console.db.models import AdminAudit, AppUser, Outlet, Region
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may, role_may
from complaint_console.domain.csv_file import FileError, Problem, Report, Row, read_table
from complaint_console.domain.outlet_rules import OUTLET_OPTIONAL, OUTLET_REQUIRED, OutletDraft, validate_outlet
from complaint_console.services import admin_audit

CHUNK = 1000
MAX_ROWS = 100_000
MAX_BYTES = 32 * 1024 * 1024
FIELDS = OUTLET_REQUIRED + OUTLET_OPTIONAL
Progress = Callable[[Report], None]


@dataclass(frozen=True)
class Saved:
    outlet_id: int | None
    errors: dict[str, str]


def check_actor(actor: Actor | None) -> None:
    """hq_admin, or None for the operator's CLI."""
    if actor is not None and not may(actor, Action.ADMINISTER):
        raise FileError("import.forbidden")


def _ensure_regions(db: Session, codes: set[str]) -> None:
    """Regions are created on first use, named by their code until HQ names them."""
    known = set(db.exec(select(Region.code).where(Region.code.in_(sorted(codes)))).all())
    missing = sorted(codes - known)
    if missing:
        bulk.insert_rows(db, Region, [{"code": c, "name": c, "name_zh": c} for c in missing])


def _values(outlet: Outlet) -> dict:
    return {name: getattr(outlet, name) for name in FIELDS} | {"active": outlet.active, "manager_id": outlet.manager_id}


def _manager_problem(db: Session, manager_id: int | None, outlet_id: int | None) -> str | None:
    if manager_id is None:
        return None
    user = db.get(AppUser, manager_id)
    if user is None or not user.active or not role_may(user.role, Action.LEAD_OUTLET):
        return "outlet.manager_invalid"
    if user.outlet_id != outlet_id:  # managers belong to their outlet first (/admin/users)
        return "outlet.manager_elsewhere"
    return None


def save(
    db: Session,
    actor: Actor,
    outlet_id: int | None,
    values: dict[str, str],
    active: bool = True,
    manager_id: int | None = None,
    now: datetime | None = None,
) -> Saved:
    """Create (outlet_id None) or edit one outlet from the form; errors by field, nothing saved then."""
    if not may(actor, Action.ADMINISTER):
        return Saved(None, {"*": "import.forbidden"})
    draft, errors = validate_outlet(values)
    outlet = db.get(Outlet, outlet_id) if outlet_id is not None else None
    if outlet_id is not None and outlet is None:
        return Saved(None, {"*": "outlet.not_found"})
    if draft is not None:
        clash = db.exec(select(Outlet.id).where(Outlet.code == draft.code)).first()
        if clash is not None and clash != outlet_id:
            errors["code"] = "outlet.code_taken"
    if problem := _manager_problem(db, manager_id, outlet_id):
        errors["manager"] = problem
    if errors:
        return Saved(outlet_id, errors)
    now = now or utcnow()
    _ensure_regions(db, {draft.region})
    new = draft.values() | {"active": active, "manager_id": manager_id}
    if outlet is None:
        outlet = Outlet(**new)
        db.add(outlet)
        db.flush()
        admin_audit.record(db, actor.user_id, "outlet", outlet.id, "create", admin_audit.diff({}, new), now)
    else:
        changes = admin_audit.diff(_values(outlet), new)
        if not changes:
            return Saved(outlet.id, {})
        for name, value in new.items():
            setattr(outlet, name, value)
        db.add(outlet)
        action = "deactivate" if changes.get("active") == [True, False] else "update"
        admin_audit.record(db, actor.user_id, "outlet", outlet.id, action, changes, now)
    db.commit()
    return Saved(outlet.id, {})


def set_active(db: Session, actor: Actor, outlet_id: int, active: bool, now: datetime | None = None) -> Saved:
    """Deactivate (or reactivate) an outlet: its history and scores stay; new tickets no longer route to it."""
    outlet = db.get(Outlet, outlet_id)
    if outlet is None or not may(actor, Action.ADMINISTER):
        return Saved(None, {"*": "outlet.not_found" if outlet is None else "import.forbidden"})
    if outlet.active != active:
        outlet.active = active
        db.add(outlet)
        action = "reactivate" if active else "deactivate"
        admin_audit.record(db, actor.user_id, "outlet", outlet.id, action, {"active": [not active, active]}, now or utcnow())
        db.commit()
    return Saved(outlet.id, {})


# --- the import ---------------------------------------------------------------------------


def read_file(content: bytes, keep: int | None = None) -> tuple[list[Row], Report]:
    """The file's rows (CSV or XLSX), and a report counting the rows refused while reading."""
    table = read_table(content, OUTLET_REQUIRED, OUTLET_OPTIONAL, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    report = Report(total=len(table.rows) + len(table.problems), keep=keep)
    for problem in table.problems:
        report.reject([problem])
        report.done += 1
    return table.rows, report


def _checked(rows: Sequence[Row], seen: set[str], report: Report) -> list[tuple[Row, OutletDraft]]:
    good = []
    for row in rows:
        draft, errors = validate_outlet(row.values)
        if draft is not None and draft.code in seen:
            errors = {"code": "import.outlet_repeated"}
        if errors:
            report.reject([Problem(row.line, name, message) for name, message in errors.items()])
            continue
        seen.add(draft.code)
        good.append((row, draft))
    return good


def import_chunk(db: Session, actor: Actor | None, rows: Sequence[Row], seen: set[str], report: Report, now: datetime) -> None:
    """Check and write one chunk of rows in one transaction; counts go into `report`."""
    report.done += len(rows)
    good = _checked(rows, seen, report)
    if not good:
        return
    codes = [draft.code for _, draft in good]
    existing = {o.code: o for o in db.exec(select(Outlet).where(Outlet.code.in_(codes))).all()}
    _ensure_regions(db, {draft.region for _, draft in good})
    inserts, updates, audits = [], [], []
    actor_id = actor.user_id if actor else None
    for row, draft in good:
        given = {k: v for k, v in draft.values().items() if k in OUTLET_REQUIRED or k in row.values}
        outlet = existing.get(draft.code)
        if outlet is None:
            inserts.append(draft.values() | {"active": True, "province": ""})
        elif changes := admin_audit.diff(_values(outlet), given):
            updates.append({"_id": outlet.id, **{k: given[k] for k in changes}})
            audits.append(admin_audit.row(actor_id, "outlet", outlet.id, "import", changes, now))
    bulk.insert_rows(db, Outlet, inserts)
    if inserts:
        created = dict(db.exec(select(Outlet.code, Outlet.id).where(Outlet.code.in_([r["code"] for r in inserts]))).all())
        audits += [
            admin_audit.row(actor_id, "outlet", created[r["code"]], "import", admin_audit.diff({}, r), now) for r in inserts
        ]
    for columns, group in _by_columns(updates).items():
        statement = sa.update(Outlet.__table__).where(Outlet.__table__.c.id == sa.bindparam("_id"))
        db.connection().execute(statement.values({c: sa.bindparam(c) for c in columns}), group)
    bulk.insert_rows(db, AdminAudit, audits)
    db.commit()
    report.imported += len(inserts) + len(updates)
    report.unchanged += len(good) - len(inserts) - len(updates)


def _by_columns(updates: list[dict]) -> dict[tuple[str, ...], list[dict]]:
    """Updates grouped by the columns they change (one executemany per group)."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for update in updates:
        groups.setdefault(tuple(sorted(k for k in update if k != "_id")), []).append(update)
    return groups


def import_outlets(
    db: Session, actor: Actor | None, content: bytes, keep: int | None = None, progress: Progress | None = None
) -> Report:
    """The whole file, chunk by chunk (each chunk its own transaction)."""
    check_actor(actor)
    rows, report = read_file(content, keep)
    seen: set[str] = set()
    now = utcnow()
    for start in range(0, len(rows), CHUNK):
        import_chunk(db, actor, rows[start : start + CHUNK], seen, report, now)
        if progress:
            progress(report)
    return report
