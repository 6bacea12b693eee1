"""Reads of a case's follow-up for its page: who may own a corrective action, the case's
actions (newest first, a bounded number), and the outlets a list of codes names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from complaint_console.db.models import AppUser, CaseHomework, CorrectiveAction, Outlet, RootCauseCategory
from complaint_console.domain.corrective_actions import ActionStatus

OWNER_CHOICES = 60  # the owner list offers this many people at most (the outlet's staff first)
ACTIONS_SHOWN = 20  # a case page lists this many corrective actions, newest first


@dataclass(frozen=True)
class Owner:
    user_id: int
    display_name: str
    username: str


def owner_choices(db: Session, outlet_id: int, limit: int = OWNER_CHOICES) -> list[Owner]:
    """Active staff who may own an action at this outlet: its own staff, then the network's
    (accounts of no outlet), by name."""
    stmt = (
        select(AppUser.id, AppUser.display_name, AppUser.username)
        .where(AppUser.active == sa.true(), sa.or_(AppUser.outlet_id == outlet_id, AppUser.outlet_id.is_(None)))
        .order_by(AppUser.outlet_id.is_(None), AppUser.display_name, AppUser.id)
        .limit(limit)
    )
    return [Owner(i, name, username) for i, name, username in db.exec(stmt)]


@dataclass(frozen=True)
class ActionRow:
    action_id: int
    description: str
    root_cause: str
    root_cause_en: str
    root_cause_zh: str
    owner_id: int
    owner_name: str
    due_date: date
    status: str
    done_at: datetime | None
    verified_at: datetime | None


def case_actions(db: Session, case_id: int, limit: int = ACTIONS_SHOWN) -> list[ActionRow]:
    """The case's corrective actions, newest first (callers check the actor may read the case)."""
    stmt = _actions().where(CorrectiveAction.case_id == case_id)
    return _rows(db, stmt.order_by(CorrectiveAction.created_at.desc(), CorrectiveAction.id.desc()).limit(limit))


def owned_actions(db: Session, owner_id: int, limit: int = ACTIONS_SHOWN) -> list[ActionRow]:
    """The corrective actions this person owns: open ones first, the earliest due first."""
    stmt = _actions().where(CorrectiveAction.owner_id == owner_id, CorrectiveAction.status != ActionStatus.VERIFIED.value)
    order = (
        sa.case((CorrectiveAction.status == ActionStatus.OPEN.value, 0), else_=1),
        CorrectiveAction.due_date,
        CorrectiveAction.id,
    )
    return _rows(db, stmt.order_by(*order).limit(limit))


def _actions() -> sa.Select:
    return (
        select(CorrectiveAction, AppUser.display_name, RootCauseCategory.name_en, RootCauseCategory.name_zh)
        .join(AppUser, AppUser.id == CorrectiveAction.owner_id)
        .join(RootCauseCategory, RootCauseCategory.code == CorrectiveAction.root_cause, isouter=True)
    )


def _rows(db: Session, stmt: sa.Select) -> list[ActionRow]:
    return [
        ActionRow(
            a.id,
            a.description,
            a.root_cause,
            en or a.root_cause,
            zh or a.root_cause,
            a.owner_id,
            owner,
            a.due_date,
            a.status,
            a.done_at,
            a.verified_at,
        )
        for a, owner, en, zh in db.exec(stmt)
    ]


def outlet_ids_by_code(db: Session, codes: list[str]) -> tuple[list[int], list[str]]:
    """(the ids of the active outlets with these codes, the codes that name none)."""
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not wanted:
        return [], []
    found = dict(db.exec(select(Outlet.code, Outlet.id).where(Outlet.code.in_(wanted), Outlet.active == sa.true())).all())
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


def has_follow_up(db: Session, case_id: int) -> bool:
    """Whether a case has corrective actions or homework (then it stays in the library)."""
    action = db.exec(select(CorrectiveAction.id).where(CorrectiveAction.case_id == case_id).limit(1)).first()
    return (
        action is not None or db.exec(select(CaseHomework.id).where(CaseHomework.case_id == case_id).limit(1)).first() is not None
    )
