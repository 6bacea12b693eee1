"""Writes to the root-cause list: HQ adds, renames and deactivates root causes (never deletes:
tickets keep the code they were closed with, and the counts over past weeks keep it too).
Each change writes its admin-audit row in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from complaint_console.db.models import RootCauseCategory, TypicalCase
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action, Actor, may
from complaint_console.domain.root_causes import validate_category
from complaint_console.services import admin_audit

ENTITY = "root_cause"  # its rows in the admin audit trail (who changed the list HQ counts by)


class NotAllowed(PermissionError):
    """The actor may not edit the root-cause list."""


@dataclass
class Outcome:
    ok: bool
    errors: dict[str, str] = field(default_factory=dict)


def _check(actor: Actor | None) -> None:
    if not may(actor, Action.EDIT_ROOT_CAUSES):
        raise NotAllowed("edit_root_causes")


def add_category(db: Session, actor: Actor | None, code: str, name_en: str, name_zh: str) -> Outcome:
    """A new active root cause; the code is unique and never changes afterwards."""
    _check(actor)
    code = code.strip().lower()
    errors = validate_category(code, name_en, name_zh)
    if not errors and db.exec(select(RootCauseCategory).where(RootCauseCategory.code == code)).first() is not None:
        errors["code"] = "root_causes.error.code_taken"
    if errors:
        return Outcome(False, errors)
    row = RootCauseCategory(code=code, name_en=name_en.strip(), name_zh=name_zh.strip(), active=True)
    db.add(row)
    db.flush()
    new = {"code": code, "name_en": row.name_en, "name_zh": row.name_zh, "active": True}
    admin_audit.record(db, actor.user_id, ENTITY, row.id, "create", admin_audit.diff({}, new), utcnow())
    db.commit()
    return Outcome(True)


def rename_category(db: Session, actor: Actor | None, code: str, name_en: str, name_zh: str) -> Outcome:
    """New names for a root cause; its code (what tickets store) stays."""
    _check(actor)
    errors = {k: v for k, v in validate_category(code, name_en, name_zh).items() if k != "code"}
    row = db.exec(select(RootCauseCategory).where(RootCauseCategory.code == code)).first()
    if row is None:
        errors["code"] = "root_causes.error.unknown"
    if errors:
        return Outcome(False, errors)
    old = {"name_en": row.name_en, "name_zh": row.name_zh}
    row.name_en, row.name_zh = name_en.strip(), name_zh.strip()
    db.add(row)
    changes = admin_audit.diff(old, {"name_en": row.name_en, "name_zh": row.name_zh})
    if changes:
        admin_audit.record(db, actor.user_id, ENTITY, row.id, "update", changes, utcnow())
    db.commit()
    return Outcome(True)


def set_active(db: Session, actor: Actor | None, code: str, active: bool) -> Outcome:
    """Deactivate (no longer offered when closing) or reactivate a root cause."""
    _check(actor)
    row = db.exec(select(RootCauseCategory).where(RootCauseCategory.code == code)).first()
    if row is None:
        return Outcome(False, {"code": "root_causes.error.unknown"})
    if row.active != active:
        what = "reactivate" if active else "deactivate"
        admin_audit.record(db, actor.user_id, ENTITY, row.id, what, {"active": [row.active, active]}, utcnow())
    row.active = active
    db.add(row)
    db.commit()
    return Outcome(True)


def set_case_root_cause(db: Session, actor: Actor | None, case_id: int, code: str | None) -> Outcome:
    """The training lead picks a case's root cause from the active list (None clears it); the
    case's free-text root cause stays beside it."""
    if not may(actor, Action.EDIT_CASES):
        raise NotAllowed("edit_cases")
    case = db.get(TypicalCase, case_id)
    if case is None:
        return Outcome(False, {"case": "actions.error.case_missing"})
    if code is not None:
        row = db.exec(select(RootCauseCategory).where(RootCauseCategory.code == code)).first()
        if row is None or not row.active:
            return Outcome(False, {"root_cause": "root_causes.error.unknown"})
    case.root_cause_code = code
    db.add(case)
    db.commit()
    return Outcome(True)
